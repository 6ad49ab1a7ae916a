import { Document, TrackForm, renderDocument } from "./layout.tsx";
import { usePage, type PageContext } from "./page-context.ts";
import type { DonorText } from "./strings.ts";

/**
 * A kind answer for a code we cannot show: unknown (404) or not a valid code (400). It says
 * which code was looked up, how codes look, and offers the form again with the code in it.
 */
export function renderTrackProblemPage(context: PageContext, options: ProblemOptions): string {
  return renderDocument(<TrackProblemPage {...options} />, context);
}

interface ProblemOptions {
  code: string;
  reason: "not-found" | "mistyped";
  /** Why the code is not a tracking code (for a mistyped one). */
  why?: keyof DonorText["problem"]["why"];
}

function TrackProblemPage(options: ProblemOptions) {
  const { t: text } = usePage();
  const notFound = options.reason === "not-found";
  const code = <strong class="typed-code">{options.code}</strong>;
  return (
    <Document title={notFound ? text.problem.notFoundTitle : text.problem.mistypedTitle} private>
      <h1>{notFound ? text.problem.notFoundHeading : text.problem.mistypedHeading}</h1>
      <div id="problem" class="status status-wait">
        <p>{notFound ? text.problem.notFound(code) : text.problem.mistyped(code)}</p>
        {!notFound && options.why && <p>{text.problem.why[options.why]}</p>}
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
    </Document>
  );
}
