import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Db } from "../db/prisma.ts";
import { generateSecret, hashSecret } from "./credentials.ts";

/**
 * A new secret for a client; the old one stops working for new tokens at once (tokens already
 * issued run out within JWT_TTL_SECONDS). The secret is returned once.
 */
export async function rotateApiClient(options: { db: Db; clientId: string; secret?: string }): Promise<{ clientId: string; secret: string }> {
  const secret = options.secret ?? generateSecret();
  const { count } = await options.db.apiClient.updateMany({ where: { id: options.clientId }, data: { secretHash: await hashSecret(secret) } });
  if (count === 0) throw new AppError(AppErrorCode.NotFound, `No client ${options.clientId}.`);
  return { clientId: options.clientId, secret };
}
