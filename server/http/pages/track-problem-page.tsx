import { Document, TrackForm, renderDocument } from "./layout.tsx";
import { text } from "./strings.ts";

/**
 * A kind answer for a code we cannot show: unknown (404) or not a valid code (400). It says
 * which code was looked up, how codes look, and offers the form again with the code in it.
 */
export function renderTrackProblemPage(options: {
  code: string;
  reason: "not-found" | "mistyped";
  detail?: string;
}): string {
  const notFound = options.reason === "not-found";
  const code = <strong class="typed-code">{options.code}</strong>;
  return renderDocument(
    <Document title={notFound ? text.problem.notFoundTitle : text.problem.mistypedTitle} private>
      <h1>{notFound ? text.problem.notFoundHeading : text.problem.mistypedHeading}</h1>
      <div id="problem" class="status status-wait">
        <p>{notFound ? text.problem.notFound(code) : text.problem.mistyped(code)}</p>
        {!notFound && options.detail && <p>{options.detail}</p>}
        {notFound && <p>{text.problem.notFoundAdvice}</p>}
      </div>
      <section class="card" aria-labelledby="tips">
        <h2 id="tips">{text.problem.tipsHeading}</h2>
        <ul class="tips">
          {text.problem.tips.map((tip) => (
            <li>{tip}</li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="again">
        <h2 id="again">{text.problem.tryAgain}</h2>
        <TrackForm code={options.code} problemId="problem" />
      </section>
    </Document>,
  );
}
