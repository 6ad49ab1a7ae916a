import { recipientCommitment } from "../domain/commitments.ts";
import type { Principal } from "../domain/principal.ts";
import { PURPOSES, type TRecordDisbursementRequest } from "../domain/schemas.ts";
import type { OutboxStore } from "../db/outbox.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a disbursement into the outbox, refusing at once when the mirror plus the writes still
 * on their way show the campaign cannot pay it. The recipient goes on-chain only as a keyed
 * commitment; the plain reference stays with the organisation and its regulators.
 */
export async function recordDisbursement(options: {
  outbox: OutboxStore;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  request: TRecordDisbursementRequest;
}): Promise<AcceptedWrite> {
  const { request } = options;
  const orgId = options.principal.organisationId;
  // Without an organisation acceptWrite refuses the caller before anything is stored.
  const commitment = orgId === undefined ? "" : recipientCommitment(options.secrets.recipientKey(orgId), request.recipientRef);
  return acceptWrite({
    ...options,
    request,
    payload: {
      kind: "disbursement",
      campaignId: request.campaignId.toString(),
      amount: request.amount.toString(),
      purpose: PURPOSES.indexOf(request.purpose),
      recipientCommitment: commitment,
      evidenceHash: request.evidenceSha256,
    },
    ...(orgId !== undefined ? { recipientReference: { orgId, commitment, reference: request.recipientRef } } : {}),
  });
}
