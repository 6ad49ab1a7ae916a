import { batchFingerprint, donorCommitment } from "../domain/commitments.ts";
import type { Principal } from "../domain/principal.ts";
import { CHANNELS, type TRecordDonationBatchRequest } from "../domain/schemas.ts";
import { generateTrackingCode } from "../domain/tracking-code.ts";
import type { OutboxStore } from "../db/outbox.ts";
import { acceptWrites, type AcceptedWrite } from "./accept-write.ts";
import { trackingCodeBytes, type WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts up to 500 donations in one request and one round trip to the database, all or none.
 * Each is a write of its own (its own id, status and tracking code), stored under the request's
 * key and its place in the batch; a retry of the same batch answers with the same writes.
 */
export async function recordDonationBatch(options: {
  outbox: OutboxStore;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  request: TRecordDonationBatchRequest;
}): Promise<AcceptedWrite[]> {
  const { principal, secrets, request } = options;
  return acceptWrites({
    outbox: options.outbox,
    principal,
    requestHash: batchFingerprint(secrets.fingerprintKey, "donation", request.donations, ["donorReference"]),
    writes: request.donations.map((donation, i) => {
      // A space cannot be in a client's key, so an item's key never meets a key of a single write.
      const idempotencyKey = `${options.idempotencyKey} ${i}`;
      const trackingCode = generateTrackingCode(trackingCodeBytes(secrets.trackingCodeKey, principal.clientId, idempotencyKey));
      const commitment = donorCommitment(trackingCode);
      return {
        idempotencyKey,
        trackingCode,
        payload: { kind: "donation", campaignId: donation.campaignId.toString(), amount: donation.amount.toString(), channel: CHANNELS.indexOf(donation.channel), donorCommitment: commitment },
        donorCommitment: commitment,
        ...(donation.donorReference !== undefined ? { donorReference: donation.donorReference } : {}),
      };
    }),
    fieldOf: (i) => `donations[${i}].`,
  });
}
