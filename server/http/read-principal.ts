import type { RequestHandler } from "express";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { verifyToken, type TokenSettings } from "../services/tokens.ts";

/**
 * For public reads that show more to some callers (a regulator sees recipient references and
 * evidence details): with no Authorization header the caller is the public; a header that is
 * there must hold a valid bearer token (401 otherwise), so a broken token never silently reads
 * as the public view.
 */
export function readPrincipal(tokens: TokenSettings): RequestHandler {
  return (req, _res, next) => {
    const header = req.get("authorization");
    if (header === undefined) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError(AppErrorCode.Unauthenticated, "Send a bearer token: Authorization: Bearer <token> (POST /api/v1/auth/token), or no Authorization header for the public view.");
    req.principal = verifyToken(tokens, match[1]!);
    next();
  };
}
