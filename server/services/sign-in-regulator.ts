import type { ApiClientStore } from "../db/api-clients.ts";
import type { RegulatorSessionStore } from "../db/regulator-sessions.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { UNKNOWN_CLIENT_HASH, verifySecret } from "./credentials.ts";
import { hashSessionId, newSessionId } from "./regulator-session-secrets.ts";

export interface RegulatorSignIn {
  /** The session id for the cookie; only its hash is stored. */
  sessionId: string;
  clientId: string;
  expiresAt: Date;
}

/**
 * A regulator signs in to the regulator pages with its API client's id and secret. An unknown id,
 * a wrong secret, a revoked client and another role's credentials get the same answer after the same scrypt, as at
 * the token endpoint, so the form tells nobody which ids exist or what they are.
 */
export async function signInRegulator(options: {
  apiClients: ApiClientStore;
  regulatorSessions: RegulatorSessionStore;
  clientId: string;
  secret: string;
  ttlSeconds: number;
  now?: Date;
}): Promise<RegulatorSignIn> {
  const client = await options.apiClients.find(options.clientId);
  const ok = await verifySecret(options.secret, client?.secretHash ?? UNKNOWN_CLIENT_HASH);
  // A revoked client answers as an unknown one, as at the token endpoint.
  if (!client || !ok || client.revokedAt !== null || client.role !== "regulator") {
    throw new AppError(AppErrorCode.Unauthenticated, "These are not a regulator's credentials, or the secret is wrong.");
  }
  const sessionId = newSessionId();
  const expiresAt = new Date((options.now ?? new Date()).getTime() + options.ttlSeconds * 1000);
  await options.regulatorSessions.start({ idHash: hashSessionId(sessionId), clientId: client.id, expiresAt });
  return { sessionId, clientId: client.id, expiresAt };
}
