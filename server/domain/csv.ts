/**
 * CSV as RFC 4180 writes it, for exports people open in spreadsheets: fields separated by commas,
 * lines ended by CRLF, a field quoted when it holds a comma, a quote, CR or LF, its quotes doubled.
 */

/** UTF-8's byte-order mark, first in the file: without it Excel reads UTF-8 as the local code page and Chinese text turns to mojibake. */
export const CSV_BOM = "\uFEFF";

const NEEDS_QUOTES = /[",\r\n]/;

/** One field; null and undefined are the empty field. */
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record, with its CRLF. */
export function csvLine(fields: readonly (string | null | undefined)[]): string {
  return fields.map(csvField).join(",") + "\r\n";
}

// A cell a spreadsheet would run as a formula: = + - @, or a tab or CR before one of them.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Free text someone else wrote (a campaign's title, an organisation's name) made safe to open in a
 * spreadsheet: one that would start a formula (`=HYPERLINK(…)`, `@SUM(…)`) gets a leading
 * apostrophe, as OWASP advises against CSV injection, so it is shown as text. Amounts and ids are
 * never passed through this (a negative correction's "-10" is a number, not a formula).
 */
export function spreadsheetText(value: string | null): string | null {
  return value !== null && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Joins many small strings into chunks of about `size` characters, so a stream of rows is written
 * in a few large writes rather than one per row. Lazy: it takes from `parts` only as its own
 * consumer asks, so nothing builds up behind a slow reader.
 */
export async function* chunked(parts: AsyncIterable<string>, size = 1 << 16): AsyncGenerator<string> {
  let chunk = "";
  for await (const part of parts) {
    chunk += part;
    if (chunk.length >= size) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}
