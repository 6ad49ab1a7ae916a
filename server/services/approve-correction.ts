import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import type { OutboxStore } from "../db/outbox.ts";
import {SETTLE_ONCE, violates, type WritePrechecks } from "../db/write-prechecks.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a regulator's approval of a positive correction, sent with the server's auditor key: the
 * correction's amount then counts in its campaign. Refused at once unless the correction is in the
 * mirror, positive, and neither approved nor being approved.
 */
export async function approveCorrection(options: {
  outbox: OutboxStore;
  prechecks: WritePrechecks;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  correctionId: bigint;
}): Promise<AcceptedWrite> {
  const { correctionId, prechecks, principal } = options;
  if (principal.role !== "regulator") throw new AppError(AppErrorCode.Forbidden, "Only a regulator's client approves corrections.");
  const correction = await prechecks.correction(correctionId);
  const field = "correctionId";
  const accept = () => acceptWrite({
    ...options,
    request: { correctionId: correctionId.toString() },
    // The write concerns the correction's organisation; the auditor key sends it.
    organisationId: correction?.orgId ?? 0n,
    payload: {
      kind: "correction_approval",
      correctionId: correctionId.toString(),
      campaignId: (correction?.campaignId ?? 0n).toString(),
      amount: (correction && correction.delta > 0n ? correction.delta : 0n).toString(),
    },
    async precheck() {
      if (!correction) throw new AppError(AppErrorCode.NotFound, `Correction ${correctionId} is not on the ledger (or not mirrored yet).`, { errors: [{ field, reason: "no such correction" }] });
      if (correction.delta <= 0n) {
        throw new AppError(AppErrorCode.Conflict, `Correction ${correctionId} takes money out; only a positive correction needs approval.`, { errors: [{ field, reason: "not a positive correction" }] });
      }
      if (correction.approved) throw new AppError(AppErrorCode.Conflict, `Correction ${correctionId} was already approved.`, { errors: [{ field, reason: "already approved" }] });
      if (correction.approving) {
        throw new AppError(AppErrorCode.Conflict, `Correction ${correctionId} is already being approved (write ${correction.approving.writeId}, ${correction.approving.status}).`, {
          errors: [{ field, reason: `an approval of it is already on its way (write ${correction.approving.writeId})` }],
          extra: { approvingWrite: correction.approving.writeId.toString() },
        });
      }
    },
  });
  try {
    return await accept();
  } catch (error) {
    // Another approval of it was stored between the check and the store (two requests at once).
    if (!violates(error, SETTLE_ONCE.correction)) throw error;
    throw new AppError(AppErrorCode.Conflict, `Correction ${correctionId} is already being approved by another write.`, { errors: [{ field, reason: "already being approved" }] });
  }
}
