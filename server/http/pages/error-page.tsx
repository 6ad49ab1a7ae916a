import { Document, renderDocument } from "./layout.tsx";
import { text } from "./strings.ts";

/** A plain page for any other 404 or 500: what happened in words, and the way back. */
export function renderErrorPage(options: { status: number; title: string; message: string }): string {
  return renderDocument(
    <Document title={options.title}>
      <p class="error-status">{text.error.status(options.status)}</p>
      <h1>{options.title}</h1>
      <p class="lead">{options.message}</p>
      <p>
        <a href="/">{text.error.home}</a>
      </p>
    </Document>,
  );
}

/** The page for an HTTP status, in words a donor understands. */
export function renderStatusPage(status: number): string {
  const words = status === 404 ? text.error.notFound : status === 429 ? text.error.tooMany : status >= 500 ? text.error.failed : text.error.invalid;
  return renderErrorPage({ status, ...words });
}
