import { Document, renderDocument } from "./layout.tsx";
import { usePage, type PageContext } from "./page-context.ts";

/** The 404 of the campaign and organisation pages: what is missing in the reader's words, and the way back. */
export function renderLedgerNotFoundPage(context: PageContext, kind: "campaignPage" | "organisationPage"): string {
  return renderDocument(<NotFound kind={kind} />, context);
}

function NotFound(props: { kind: "campaignPage" | "organisationPage" }) {
  const { t } = usePage();
  const words = t[props.kind];
  return (
    <Document title={words.notFound}>
      <p class="error-status">{t.error.status(404)}</p>
      <h1>{words.notFound}</h1>
      <p class="lead">{words.notFoundMessage}</p>
      <ul class="links">
        <li>
          <a href="/">{t.error.home}</a>
        </li>
      </ul>
    </Document>
  );
}
