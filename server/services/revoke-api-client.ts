import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Db } from "../db/prisma.ts";

/** Removes a client: no new token for it (tokens already issued run out within JWT_TTL_SECONDS). */
export async function revokeApiClient(options: { db: Db; clientId: string }): Promise<void> {
  const { count } = await options.db.apiClient.deleteMany({ where: { id: options.clientId } });
  if (count === 0) throw new AppError(AppErrorCode.NotFound, `No client ${options.clientId}.`);
}
