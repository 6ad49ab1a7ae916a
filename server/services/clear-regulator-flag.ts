import type { RegulatorFlagStore } from "../db/regulator-flags.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { requireRegulator } from "./oversight-access.ts";
import { regulatorFlagView, type RegulatorFlagView } from "./regulator-flag-view.ts";

/** A regulator clears an open flag, saying why; the flag and its clearing stay readable. */
export async function clearRegulatorFlag(options: { regulatorFlags: RegulatorFlagStore; principal: Principal; flagId: bigint; note: string }): Promise<RegulatorFlagView> {
  requireRegulator(options.principal, "clear flags");
  const cleared = await options.regulatorFlags.clear(options.flagId, { clientId: options.principal.clientId, note: options.note });
  if (cleared) return regulatorFlagView(cleared);
  const existing = await options.regulatorFlags.get(options.flagId);
  if (!existing) throw new AppError(AppErrorCode.NotFound, `No flag ${options.flagId}.`);
  throw new AppError(AppErrorCode.Conflict, `Flag ${options.flagId} was cleared already, at ${existing.cleared!.at.toISOString()} by ${existing.cleared!.by}.`);
}
