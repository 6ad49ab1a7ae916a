import { recipientCommitment } from "../domain/commitments.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { PURPOSES, type TRecordDisbursementRequest } from "../domain/schemas.ts";
import type { Db } from "../db/prisma.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";
import { availableToSpend } from "./available-to-spend.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a disbursement into the outbox, refusing at once when the mirror plus the writes still
 * on their way show the campaign cannot pay it. The recipient goes on-chain only as a keyed
 * commitment; the plain reference stays with the organisation and its regulators.
 */
export async function recordDisbursement(options: {
  db: Db;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  request: TRecordDisbursementRequest;
}): Promise<AcceptedWrite> {
  const { request } = options;
  return acceptWrite({
    ...options,
    kind: "disbursement",
    campaignId: request.campaignId,
    request,
    async check(tx, campaign) {
      const available = await availableToSpend(tx, campaign.id);
      if (request.amount > available) {
        throw new AppError(
          AppErrorCode.InsufficientBalance,
          `Campaign ${campaign.id} can pay out at most ${available < 0n ? 0n : available} now; ${request.amount} was asked.`,
          { errors: [{ field: "amount", reason: "more than the campaign holds" }], extra: { available: String(available) } },
        );
      }
    },
    async build(tx, _outboxId) {
      const orgId = options.principal.organisationId!;
      const commitment = recipientCommitment(options.secrets.recipientKey(orgId), request.recipientRef);
      await tx.recipientReference.upsert({
        where: { orgId_commitment: { orgId, commitment } },
        create: { orgId, commitment, reference: request.recipientRef },
        update: {},
      });
      return {
        payload: {
          kind: "disbursement",
          campaignId: request.campaignId.toString(),
          amount: request.amount.toString(),
          purpose: PURPOSES.indexOf(request.purpose),
          recipientCommitment: commitment,
          evidenceHash: request.evidenceSha256,
        },
      };
    },
  });
}
