import { Document, TrackForm, renderDocument } from "./layout.tsx";
import type { PageContext } from "./page-context.ts";
import { usePage } from "./page-context.ts";

/** The start page at `/`: what this is, and the tracking form (with an error and the typed code kept). */
export function renderHomePage(context: PageContext, options: { error?: string; code?: string }): string {
  return renderDocument(<HomePage {...options} />, context);
}

function HomePage(options: { error?: string; code?: string }) {
  const { t: text } = usePage();
  return (
    <Document title={options.error ? `${text.form.errorPrefix} ${text.home.title}` : text.home.title}>
      <h1>{text.home.heading}</h1>
      <p class="lead">{text.home.intro}</p>
      <div class="card">
        <TrackForm code={options.code} error={options.error} />
      </div>
      <section class="card card-plain" aria-labelledby="how">
        <h2 id="how">{text.home.stepsHeading}</h2>
        <ol>
          {text.home.steps.map((step) => (
            <li>{step}</li>
          ))}
        </ol>
      </section>
    </Document>
  );
}
