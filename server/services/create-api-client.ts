import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Role } from "../domain/principal.ts";
import type { ApiClientStore } from "../db/api-clients.ts";
import type { OrganisationReads } from "../db/organisations.ts";
import { generateSecret, hashSecret } from "./credentials.ts";

/**
 * Creates API credentials for a charity organisation (its writes only) or a regulator. The secret
 * is returned once and stored only hashed; an id already in use is refused, never re-keyed (that is
 * rotate-api-client.ts).
 */
export async function createApiClient(options: {
  apiClients: ApiClientStore;
  organisations: OrganisationReads;
  clientId: string;
  role: Role;
  organisationId?: bigint;
  secret?: string;
}): Promise<{ clientId: string; secret: string }> {
  const { apiClients } = options;
  if (!/^[a-z0-9][a-z0-9-]{2,62}$/.test(options.clientId)) {
    throw new AppError(AppErrorCode.InvalidRequest, "A client id is 3 to 63 characters: lower-case letters, digits and dashes.");
  }
  if (options.role === "charity") {
    if (options.organisationId === undefined) throw new AppError(AppErrorCode.InvalidRequest, "A charity client writes for one organisation: give its id.");
    if (!(await options.organisations.exists(options.organisationId))) {
      throw new AppError(AppErrorCode.NotFound, `No organisation ${options.organisationId} is on the ledger.`);
    }
  } else if (options.organisationId !== undefined) {
    throw new AppError(AppErrorCode.InvalidRequest, `A ${options.role} client belongs to no organisation.`);
  }
  const existing = await apiClients.find(options.clientId);
  if (existing?.revokedAt) {
    // Its id stays in the access log and the outbox: another client under it would read as the same one.
    throw new AppError(AppErrorCode.IdempotencyConflict, `Client ${options.clientId} was revoked; an id is never given to another client. Choose another id.`);
  }
  if (existing) throw new AppError(AppErrorCode.IdempotencyConflict, `Client ${options.clientId} exists already; rotate its secret instead.`);
  const secret = options.secret ?? generateSecret();
  await apiClients.create({ id: options.clientId, secretHash: await hashSecret(secret), role: options.role, organisationId: options.organisationId ?? null });
  return { clientId: options.clientId, secret };
}
