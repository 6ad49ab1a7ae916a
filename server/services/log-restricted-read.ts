import type { AccessLogStore } from "../db/access-log.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";

export interface RestrictedRead {
  /** What is read, e.g. `disbursement:12:recipient-reference`. */
  resource: string;
  /** Whose data it is. */
  organisationId: bigint | null;
}

/**
 * Writes a regulator's read of restricted detail to the access log before the detail is answered, so
 * nothing restricted is ever answered without its entry: if the log cannot be written, the read
 * fails. A regulator must say why (`purpose`); the organisation reads it in its access log.
 */
export async function logRestrictedRead(options: { accessLog: AccessLogStore; principal: Principal; purpose: string | undefined; read: RestrictedRead }): Promise<void> {
  const { principal, purpose, read } = options;
  if (principal.role !== "regulator") return;
  if (purpose === undefined) {
    throw new AppError(AppErrorCode.InvalidRequest, "A regulator's read of restricted detail must say why: add ?purpose=… (it is written to the access log, which the organisation can read).", {
      errors: [{ field: "purpose", reason: "is required for a regulator's token" }],
    });
  }
  await options.accessLog.append({ clientId: principal.clientId, role: principal.role, organisationId: read.organisationId, resource: read.resource, purpose });
}
