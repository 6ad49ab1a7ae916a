import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { ApiClientStore } from "../db/api-clients.ts";

/**
 * Revokes a client: no new token for it, and the tokens it holds stop working within the API's
 * refresh of revocations (CLIENT_CHECK_SECONDS). The client is kept, marked, so its id is never reused.
 */
export async function revokeApiClient(options: { apiClients: ApiClientStore; clientId: string }): Promise<void> {
  if (await options.apiClients.revoke(options.clientId)) return;
  const existing = await options.apiClients.find(options.clientId);
  throw new AppError(AppErrorCode.NotFound, existing ? `Client ${options.clientId} was revoked already.` : `No client ${options.clientId}.`);
}
