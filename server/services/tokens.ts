import jwt from "jsonwebtoken";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal, Role } from "../domain/principal.ts";

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

const ALGORITHM = "HS256";

export function signToken(settings: TokenSettings, principal: Principal): string {
  return jwt.sign(
    { role: principal.role, ...(principal.organisationId !== undefined ? { org: principal.organisationId.toString() } : {}) },
    settings.secret,
    { algorithm: ALGORITHM, subject: principal.clientId, issuer: settings.issuer, audience: settings.audience, expiresIn: settings.ttlSeconds },
  );
}

/** Checks signature (algorithm pinned), issuer, audience and expiry. */
export function verifyToken(settings: TokenSettings, token: string): Principal {
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, settings.secret, {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
    }) as jwt.JwtPayload;
  } catch (error) {
    const reason = error instanceof jwt.TokenExpiredError ? "the token has expired; ask for a new one" : "the token is not valid";
    throw new AppError(AppErrorCode.Unauthenticated, `Bearer token refused: ${reason}.`);
  }
  const role = claims.role as Role;
  if (!claims.sub || !["charity", "regulator", "registrar"].includes(role)) {
    throw new AppError(AppErrorCode.Unauthenticated, "Bearer token refused: it names no known role.");
  }
  return { clientId: claims.sub, role, ...(typeof claims.org === "string" ? { organisationId: BigInt(claims.org) } : {}) };
}
