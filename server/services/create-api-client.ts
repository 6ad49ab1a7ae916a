import type { Role } from "../domain/principal.ts";
import type { Db } from "../db/prisma.ts";
import { generateSecret, hashSecret } from "./credentials.ts";

/** Creates (or re-keys) API credentials; the secret is returned once and stored only hashed. */
export async function createApiClient(options: {
  db: Db;
  clientId: string;
  role: Role;
  organisationId?: bigint;
  secret?: string;
}): Promise<{ clientId: string; secret: string }> {
  const secret = options.secret ?? generateSecret();
  const secretHash = await hashSecret(secret);
  const data = { secretHash, role: options.role, organisationId: options.organisationId ?? null };
  await options.db.apiClient.upsert({ where: { id: options.clientId }, create: { id: options.clientId, ...data }, update: data });
  return { clientId: options.clientId, secret };
}
