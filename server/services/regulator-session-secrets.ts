import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The secrets of a regulator's browser session. The session id lives only in the browser's
 * HttpOnly cookie; the table keeps its SHA-256, so reading the table signs nobody in. The CSRF
 * token is derived from the id (an HMAC keyed by it), so it is tied to the session without being
 * stored, and a page from another site, which cannot read the cookie, cannot make one.
 */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId, "utf8").digest("hex");
}

export function csrfTokenFor(sessionId: string): string {
  return createHmac("sha256", sessionId).update("regulator-csrf").digest("base64url");
}

/** A fresh random token for the double-submit check of the sign-in form, which has no session yet. */
export function newCsrfToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Equal, compared in constant time; false for anything absent or of another length. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
