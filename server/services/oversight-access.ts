import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";

/** Regulators, and the organisation's own clients, read what regulators did about it; no one else. */
export function requireRegulatorOrOwnOrganisation(principal: Principal, organisationId: bigint, what: string): void {
  if (principal.role === "regulator") return;
  if (principal.role === "charity" && principal.organisationId === organisationId) return;
  throw new AppError(AppErrorCode.Forbidden, `Only regulators and organisation ${organisationId}'s own clients read its ${what}.`);
}

export function requireRegulator(principal: Principal, action: string): void {
  if (principal.role !== "regulator") throw new AppError(AppErrorCode.Forbidden, `Only a regulator's client can ${action}.`);
}
