import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Role } from "../domain/principal.ts";
import type { TTokenRequest } from "../domain/schemas.ts";
import type { ApiClientStore } from "../db/api-clients.ts";
import { UNKNOWN_CLIENT_HASH, verifySecret } from "./credentials.ts";
import { signToken, type TokenSettings } from "./tokens.ts";

export interface IssuedToken {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
}

/** OAuth2 client-credentials: a charity or regulator trades its id and secret for a short-lived JWT. */
export async function issueToken(options: { apiClients: ApiClientStore; tokens: TokenSettings; request: TTokenRequest }): Promise<IssuedToken> {
  const { apiClients, tokens, request } = options;
  const client = await apiClients.find(request.client_id);
  // Same answer, in the same time, for an unknown client and a wrong secret, so ids cannot be probed.
  const ok = await verifySecret(request.client_secret, client?.secretHash ?? UNKNOWN_CLIENT_HASH);
  // A revoked client answers as an unknown one: its secret still checks, in the same time.
  if (!client || !ok || client.revokedAt !== null) throw new AppError(AppErrorCode.Unauthenticated, "Unknown client or wrong secret.");
  const accessToken = signToken(tokens, {
    clientId: client.id,
    role: client.role as Role,
    ...(client.organisationId !== null ? { organisationId: client.organisationId } : {}),
  });
  return { access_token: accessToken, token_type: "Bearer", expires_in: tokens.ttlSeconds };
}
