import { createSecretKey, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { z } from "zod";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal, Role } from "../domain/principal.ts";
import { ZClientId, ZIdText } from "../domain/schemas.ts";
import type { ClientValidity } from "./client-validity.ts";

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Revoked and rotated clients, whose tokens no longer count though they verify; absent, every verified token counts. */
  clients?: Pick<ClientValidity, "check">;
}

const ALGORITHM = "HS256";

const ROLES = ["charity", "regulator", "registrar"] as const satisfies readonly Role[];

/**
 * The claims a token must carry. A signed token is trusted to come from us, not to be well
 * formed: a key leak or a bug elsewhere must end as a 401, not as a 500 deeper in.
 */
const ZClaims = z.object({
  sub: ZClientId,
  role: z.enum(ROLES),
  org: ZIdText.optional(),
});

// Made into a key once per settings, not on every request (jsonwebtoken would parse a string each time).
const keys = new WeakMap<TokenSettings, KeyObject>();
function keyOf(settings: TokenSettings): KeyObject {
  let key = keys.get(settings);
  if (!key) keys.set(settings, (key = createSecretKey(Buffer.from(settings.secret, "utf8"))));
  return key;
}

export function signToken(settings: TokenSettings, principal: Principal): string {
  return jwt.sign(
    // `ims`: the issue time in milliseconds (iat has whole seconds), so a rotation ends the tokens issued before it even within one second.
    { role: principal.role, ims: Date.now(), ...(principal.organisationId !== undefined ? { org: principal.organisationId.toString() } : {}) },
    keyOf(settings),
    { algorithm: ALGORITHM, subject: principal.clientId, issuer: settings.issuer, audience: settings.audience, expiresIn: settings.ttlSeconds },
  );
}

/**
 * Tokens verified before, until they expire: a client sends the same token with every request, and
 * checking its signature and claims again each time was a tenth of a write's CPU. Whether its
 * client was revoked or rotated since is looked up on every use, cached or not.
 */
const VERIFIED_TOKENS = 10_000;
const verified = new WeakMap<TokenSettings, Map<string, { principal: Principal; expiresAt: number; issuedAt: number }>>();

/** Checks signature (algorithm pinned), issuer, audience, expiry and the claims' shape. */
export function verifyToken(settings: TokenSettings, token: string): Principal {
  let cache = verified.get(settings);
  if (!cache) verified.set(settings, (cache = new Map()));
  let hit = cache.get(token);
  if (hit && hit.expiresAt <= Date.now()) {
    cache.delete(token);
    hit = undefined;
  }
  if (!hit) {
    hit = verifyAfresh(settings, token);
    if (cache.size >= VERIFIED_TOKENS) cache.delete(cache.keys().next().value!);
    cache.set(token, hit);
  }
  settings.clients?.check(hit.principal.clientId, hit.issuedAt);
  return hit.principal;
}

function verifyAfresh(settings: TokenSettings, token: string): { principal: Principal; expiresAt: number; issuedAt: number } {
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, keyOf(settings), {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
    }) as jwt.JwtPayload;
  } catch (error) {
    const reason = error instanceof jwt.TokenExpiredError ? "the token has expired; ask for a new one" : "the token is not valid";
    throw new AppError(AppErrorCode.Unauthenticated, `Bearer token refused: ${reason}.`);
  }
  const parsed = ZClaims.safeParse(claims);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
    throw new AppError(AppErrorCode.Unauthenticated, `Bearer token refused: its claims are not valid (${fields}).`);
  }
  const { sub, role, org } = parsed.data;
  // Every token we sign has an expiry; one without is kept no longer than a second.
  const expiresAt = typeof claims.exp === "number" ? claims.exp * 1000 : Date.now() + 1000;
  // In milliseconds: `ims` where we set it, else jsonwebtoken's iat; a token with neither counts as issued at the epoch (a rotation refuses it).
  const issuedAt = typeof claims.ims === "number" ? claims.ims : typeof claims.iat === "number" ? claims.iat * 1000 : 0;
  return { principal: { clientId: sub, role, ...(org !== undefined ? { organisationId: org } : {}) }, expiresAt, issuedAt };
}
