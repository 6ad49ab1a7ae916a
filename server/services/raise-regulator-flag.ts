import type { RegulatorFlagStore } from "../db/regulator-flags.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import type { OrganisationReads } from "../db/organisations.ts";
import { requireRegulator } from "./oversight-access.ts";
import { regulatorFlagView, type RegulatorFlagView } from "./regulator-flag-view.ts";

/**
 * A regulator flags an organisation, or one record in its books, with a note. Flags are off-chain:
 * the public sees how many are open, the organisation and regulators read the notes. A record is
 * found in the mirror, and the flag belongs to the organisation whose books hold it.
 */
export async function raiseRegulatorFlag(options: {
  regulatorFlags: RegulatorFlagStore;
  organisations: OrganisationReads;
  principal: Principal;
  target: { organisationId: bigint } | { recordId: bigint };
  note: string;
}): Promise<RegulatorFlagView> {
  const { principal, target } = options;
  requireRegulator(principal, "flag organisations and records");
  let organisationId: bigint | undefined;
  let recordId: string | null = null;
  if ("recordId" in target) {
    recordId = target.recordId.toString();
    organisationId = await options.regulatorFlags.organisationOfRecord(recordId);
    if (organisationId === undefined) {
      throw new AppError(AppErrorCode.NotFound, `No record ${recordId} is on the ledger (as far as the mirror has read).`, { errors: [{ field: "recordId", reason: "unknown record" }] });
    }
  } else {
    organisationId = target.organisationId;
    if (!(await options.organisations.exists(organisationId))) {
      throw new AppError(AppErrorCode.NotFound, `No organisation ${organisationId} is on the ledger.`, { errors: [{ field: "organisationId", reason: "unknown organisation" }] });
    }
  }
  const row = await options.regulatorFlags.add({ organisationId, recordId, note: options.note, clientId: principal.clientId });
  return regulatorFlagView(row);
}
