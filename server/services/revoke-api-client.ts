import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { ApiClientStore } from "../db/api-clients.ts";

/** Removes a client: no new token for it (tokens already issued run out within JWT_TTL_SECONDS). */
export async function revokeApiClient(options: { apiClients: ApiClientStore; clientId: string }): Promise<void> {
  if (!(await options.apiClients.revoke(options.clientId))) throw new AppError(AppErrorCode.NotFound, `No client ${options.clientId}.`);
}
