import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { ApiClientStore } from "../db/api-clients.ts";
import { generateSecret, hashSecret } from "./credentials.ts";

/**
 * A new secret for a client; the old one stops working for new tokens at once (tokens already
 * issued run out within JWT_TTL_SECONDS). The secret is returned once.
 */
export async function rotateApiClient(options: { apiClients: ApiClientStore; clientId: string; secret?: string }): Promise<{ clientId: string; secret: string }> {
  const secret = options.secret ?? generateSecret();
  if (!(await options.apiClients.rotate(options.clientId, await hashSecret(secret)))) throw new AppError(AppErrorCode.NotFound, `No client ${options.clientId}.`);
  return { clientId: options.clientId, secret };
}
