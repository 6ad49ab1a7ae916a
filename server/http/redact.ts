import pino from "pino";

/**
 * Tracking codes are bearer secrets: whoever holds one reads the gift's journey. Logs are read by
 * more people than the donor, so nothing logged may hold one.
 */
export const REDACTED_CODE = "DN-…redacted";

// The segment after /track/ (pages and API, any case, still percent-encoded or not): even a
// mistyped code is one symbol away from a real one. It stops at quotes and backslashes so it
// can run over JSON text.
const TRACK_SEGMENT = /(\/track\/)[^/?#\s"'\\]+/gi;
// A code anywhere in a text, in its printed form or typed without dashes.
const CODE = /\bDN-?(?:[0-9A-Z]{4}-?){3}[0-9A-Z]{4}\b/gi;

/** The text with every tracking code, and everything after /track/ in a path, redacted. */
export function redactTrackingCodes(text: string): string {
  return text.replace(TRACK_SEGMENT, `$1${REDACTED_CODE}`).replace(CODE, REDACTED_CODE);
}

/** An error as pino would log it, with tracking codes redacted from every field. */
export function redactError(error: unknown): unknown {
  const serialized = error instanceof Error ? pino.stdSerializers.err(error) : error;
  try {
    const json = JSON.stringify(serialized, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
    return json === undefined ? serialized : JSON.parse(redactTrackingCodes(json));
  } catch {
    // Not serialisable (a cycle): keep only what is sure to be text.
    return { type: error instanceof Error ? error.name : typeof error, message: redactTrackingCodes(String((error as Error)?.message ?? error)) };
  }
}
