import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { ApiClientStore } from "../db/api-clients.ts";
import { generateSecret, hashSecret } from "./credentials.ts";

/**
 * A new secret for a client; the old one stops working for new tokens at once, and tokens issued
 * before stop working within the API's refresh of revocations (CLIENT_CHECK_SECONDS). The secret
 * is returned once. A revoked client is not rotated.
 */
export async function rotateApiClient(options: { apiClients: ApiClientStore; clientId: string; secret?: string }): Promise<{ clientId: string; secret: string }> {
  const secret = options.secret ?? generateSecret();
  if (!(await options.apiClients.rotate(options.clientId, await hashSecret(secret)))) throw new AppError(AppErrorCode.NotFound, `No client ${options.clientId}.`);
  return { clientId: options.clientId, secret };
}
