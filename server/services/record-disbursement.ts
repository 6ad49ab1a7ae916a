import { recipientCommitment } from "../domain/commitments.ts";
import type { Principal } from "../domain/principal.ts";
import { PURPOSES, type TRecordDisbursementRequest } from "../domain/schemas.ts";
import type { OutboxStore } from "../db/outbox.ts";
import { acceptWrite, type AcceptedWrite, type WriteToAccept } from "./accept-write.ts";
import { confirmerAddresses, type ConfirmerSources } from "./disbursement-confirmers.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a disbursement into the outbox, refusing at once when the mirror plus the writes still
 * on their way show the campaign cannot pay it. The recipient goes on-chain only as a keyed
 * commitment; the plain reference stays with the organisation and its regulators.
 */
export async function recordDisbursement(
  options: {
    /** Where a named confirmer organisation's key is found; needed only when a request names one. */
    confirmers?: ConfirmerSources;
    outbox: OutboxStore;
    secrets: WriteSecrets;
    principal: Principal;
    idempotencyKey: string;
    request: TRecordDisbursementRequest;
  },
): Promise<AcceptedWrite> {
  const { request } = options;
  const orgId = options.principal.organisationId;
  const [confirmer] = await confirmerAddresses(options.confirmers, orgId, [request], () => "");
  return acceptWrite({ ...options, request, ...disbursementWrite(options.secrets, orgId, request, options.idempotencyKey, confirmer) });
}

/** The write of one disbursement request of `orgId`, alone or in a batch, with the recipient's reference kept beside it. */
export function disbursementWrite(secrets: WriteSecrets, orgId: bigint | undefined, request: TRecordDisbursementRequest, idempotencyKey: string, confirmer: string | undefined): WriteToAccept {
  // Without an organisation accepting refuses the caller before anything is stored.
  const commitment = orgId === undefined ? "" : recipientCommitment(secrets.recipientKey(orgId), request.recipientRef);
  return {
    idempotencyKey,
    payload: {
      kind: "disbursement",
      campaignId: request.campaignId.toString(),
      amount: request.amount.toString(),
      purpose: PURPOSES.indexOf(request.purpose),
      recipientCommitment: commitment,
      evidenceHash: request.evidenceSha256,
      ...(confirmer ? { confirmer } : {}),
    },
    ...(orgId !== undefined ? { recipientReference: { orgId, commitment, reference: request.recipientRef } } : {}),
  };
}
