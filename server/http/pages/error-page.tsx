import { Document, renderDocument } from "./layout.tsx";
import { pageTools, usePage, type PageContext } from "./page-context.ts";

/** A plain page for any other 404 or 500: what happened in words, and the way back. */
export function renderErrorPage(context: PageContext, options: { status: number; title: string; message: string }): string {
  return renderDocument(<ErrorPage {...options} />, context);
}

function ErrorPage(options: { status: number; title: string; message: string }) {
  const { t: text } = usePage();
  return (
    <Document title={options.title}>
      <p class="error-status">{text.error.status(options.status)}</p>
      <h1>{options.title}</h1>
      <p class="lead">{options.message}</p>
      <p>
        <a class="action-link" href="/">
          {text.error.home}
        </a>
      </p>
    </Document>
  );
}

/** The page for an HTTP status, in words a donor understands. */
export function renderStatusPage(context: PageContext, status: number): string {
  const text = pageTools(context).t;
  const words = status === 404 ? text.error.notFound : status === 429 ? text.error.tooMany : status >= 500 ? text.error.failed : text.error.invalid;
  return renderErrorPage(context, { status, ...words });
}
