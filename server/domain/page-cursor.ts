import { z } from "zod";
import { AppError, AppErrorCode } from "./errors.ts";

/**
 * Opaque cursors for lists that can grow: the position after the last item served, as base64url
 * JSON. A client passes `next` back as `?cursor=`; it never builds one. A position is keyed by
 * something stable (record id, block and log index), never an offset, so rows added meanwhile
 * neither repeat nor vanish from the pages still to come.
 */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

/** Decodes a cursor this server made, or refuses it as 400 naming the `cursor` parameter. */
export function decodeCursor<S extends z.ZodType>(schema: S, text: string): z.output<S> {
  let json: unknown;
  try {
    json = /^[A-Za-z0-9_-]{1,512}$/.test(text) ? JSON.parse(Buffer.from(text, "base64url").toString("utf8")) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(AppErrorCode.InvalidRequest, "The cursor is not one this server gave out; pass back the `next` of the previous page unchanged.", {
      errors: [{ field: "cursor", reason: "is not a valid cursor" }],
    });
  }
  return parsed.data;
}

/** `?limit=`: 1 to `max`, `fallback` when absent. */
export function ZLimit(fallback: number, max: number) {
  const message = `must be 1 to ${max}`;
  return z.string().regex(/^[1-9]\d{0,3}$/, message).transform(Number).pipe(z.number().max(max, message)).default(fallback);
}

/** One page of a list: the items, and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Cuts `limit + 1` fetched rows to a page; the extra row only says there is more. */
export function toPage<R, T>(rows: R[], limit: number, item: (row: R) => T, position: (row: R) => Record<string, string | number>): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(item), next: more ? encodeCursor(position(kept[kept.length - 1]!)) : null };
}
