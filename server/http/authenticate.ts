import type { RequestHandler } from "express";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { verifyToken, type TokenSettings } from "../services/tokens.ts";

declare module "express-serve-static-core" {
  interface Request {
    principal?: Principal;
  }
}

/**
 * Requires a valid bearer token and puts its principal on the request, then applies the
 * per-client write limit: here is where the client is first known, so no authenticated write
 * route can be added without it.
 */
export function authenticate(tokens: TokenSettings, limitWritesPerClient: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError(AppErrorCode.Unauthenticated, "Send a bearer token: Authorization: Bearer <token> (POST /api/v1/auth/token).");
    req.principal = verifyToken(tokens, match[1]!);
    return limitWritesPerClient(req, res, next);
  };
}
