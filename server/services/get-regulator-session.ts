import type { ApiClientStore } from "../db/api-clients.ts";
import type { RegulatorSessionStore } from "../db/regulator-sessions.ts";
import { hashSessionId } from "./regulator-session-secrets.ts";

export interface RegulatorSession {
  clientId: string;
  expiresAt: Date;
}

/**
 * The regulator a session cookie signs in, or undefined: an unknown, ended or expired session, or
 * one whose client has since been revoked, had its secret rotated or is no longer a regulator's,
 * signs in nobody. Read on every request, so a revocation ends the pages' sessions at once.
 */
export async function getRegulatorSession(options: {
  regulatorSessions: RegulatorSessionStore;
  apiClients: ApiClientStore;
  sessionId: string | undefined;
  now?: Date;
}): Promise<RegulatorSession | undefined> {
  if (!options.sessionId) return undefined;
  const row = await options.regulatorSessions.find(hashSessionId(options.sessionId));
  if (!row || row.endedAt !== null || row.expiresAt <= (options.now ?? new Date())) return undefined;
  const client = await options.apiClients.find(row.clientId);
  if (!client || client.role !== "regulator" || client.revokedAt !== null || client.tokensValidAfter > row.createdAt) return undefined;
  return { clientId: row.clientId, expiresAt: row.expiresAt };
}
