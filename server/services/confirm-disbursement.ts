import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import type { DisbursementFactsReader } from "../db/disbursement-facts.ts";
import type { OrgSigners } from "../db/org-signers.ts";
import type { OutboxStore } from "../db/outbox.ts";
import { acceptWrite, writingOrganisation, type AcceptedWrite } from "./accept-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts the confirmation that a disbursement arrived. A regulator's client confirms as an
 * auditor, with the server's auditor key; a charity's client confirms with its organisation's own
 * key, which must be the confirmer the disbursement named (so after that organisation's key was
 * rotated, only an auditor can). Refused at once when the mirror shows it must fail: no such
 * disbursement, already confirmed or a confirmation on its way, or a caller the ledger would refuse.
 */
export async function confirmDisbursement(options: {
  outbox: OutboxStore;
  secrets: WriteSecrets;
  orgSigners: OrgSigners;
  disbursements: DisbursementFactsReader;
  principal: Principal;
  idempotencyKey: string;
  recordId: bigint;
}): Promise<AcceptedWrite> {
  const { principal, recordId } = options;
  const byAuditor = principal.role === "regulator";
  const caller = byAuditor ? undefined : writingOrganisation(principal);
  const found = await options.disbursements.read(recordId);
  const field = "recordId";
  return acceptWrite({
    ...options,
    request: { recordId },
    payload: { kind: "confirmation", disbursementId: recordId.toString(), by: byAuditor ? "auditor" : "organisation" },
    // An auditor's confirmation concerns the paying organisation; a recipient's goes from its own key.
    organisationId: caller ?? found?.payingOrganisationId ?? 0n,
    // Run through precheck, so a retry of a confirmation accepted before is answered as the first time.
    async precheck() {
      if (!found) throw new AppError(AppErrorCode.NotFound, `Disbursement ${recordId} is not on the ledger (yet).`, { errors: [{ field, reason: "no such disbursement" }] });
      if (found.confirmed) throw new AppError(AppErrorCode.Conflict, `Disbursement ${recordId} is already confirmed.`, { errors: [{ field, reason: "already confirmed" }] });
      if (found.confirmationInFlight) {
        throw new AppError(AppErrorCode.Conflict, `A confirmation of disbursement ${recordId} is already on its way to the ledger.`, { errors: [{ field, reason: "a confirmation is already on its way" }] });
      }
      if (caller === undefined) return;
      const key = (await options.orgSigners.active(caller))?.address.toLowerCase();
      if (!key || key !== found.confirmer) {
        throw new AppError(AppErrorCode.Forbidden, `Only the confirmer disbursement ${recordId} named, or an auditor, may confirm it.`, {
          errors: [{ field, reason: "your organisation's key is not this disbursement's confirmer" }],
        });
      }
    },
  });
}
