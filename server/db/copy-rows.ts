import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * Appends rows to a table with COPY (text format): about twice the speed of `INSERT … SELECT
 * unnest(…)` on this machine, and no array literals to build and escape. COPY has no ON CONFLICT,
 * so it is for rows that cannot exist yet (the indexer's, above a cursor it holds). Values are
 * written as Postgres reads them from text: null as \N, big integers as decimal digits.
 */
export async function copyRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<void> {
  const names = columns.map((c) => `"${c}"`).join(", ");
  const stream = client.query(copyFrom(`COPY "${table}" (${names}) FROM STDIN`));
  await pipeline(Readable.from(lines(rows)), stream);
}

/** Rows as COPY text lines, in chunks of many rows, so the stream is not driven line by line. */
function* lines(rows: Iterable<readonly unknown[]>): Generator<string> {
  let chunk = "";
  for (const row of rows) {
    chunk += row.map(field).join("\t") + "\n";
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

function field(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
