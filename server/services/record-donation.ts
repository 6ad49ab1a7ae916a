import { donorCommitment } from "../domain/commitments.ts";
import type { Principal } from "../domain/principal.ts";
import { CHANNELS, type TRecordDonationRequest } from "../domain/schemas.ts";
import { generateTrackingCode } from "../domain/tracking-code.ts";
import type { OutboxStore } from "../db/outbox.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";
import { trackingCodeBytes, type WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a donation into the outbox. On-chain the donor is only the commitment its tracking code
 * derives; the charity's reference for the donor stays in `donor_link`, which can be erased, and
 * is never part of any stored hash.
 */
export async function recordDonation(options: {
  outbox: OutboxStore;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  request: TRecordDonationRequest;
}): Promise<AcceptedWrite> {
  const { request } = options;
  const trackingCode = generateTrackingCode(trackingCodeBytes(options.secrets.trackingCodeKey, options.principal.clientId, options.idempotencyKey));
  const commitment = donorCommitment(trackingCode);
  return acceptWrite({
    ...options,
    request,
    personalFields: ["donorReference"],
    trackingCode,
    payload: {
      kind: "donation",
      campaignId: request.campaignId.toString(),
      amount: request.amount.toString(),
      channel: CHANNELS.indexOf(request.channel),
      donorCommitment: commitment,
    },
    donorCommitment: commitment,
    ...(request.donorReference !== undefined ? { donorReference: request.donorReference } : {}),
  });
}
