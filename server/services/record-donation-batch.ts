import { batchFingerprint, donorCommitment } from "../domain/commitments.ts";
import type { Principal } from "../domain/principal.ts";
import { CHANNELS, type TRecordDonationBatchRequest } from "../domain/schemas.ts";
import { generateTrackingCode } from "../domain/tracking-code.ts";
import type { NewWrite, OutboxStore } from "../db/outbox.ts";
import { idempotencyConflict, refusalError, writingOrganisation, type AcceptedWrite } from "./accept-write.ts";
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
  const organisationId = writingOrganisation(principal);
  const requestHash = batchFingerprint(secrets.fingerprintKey, "donation", request.donations, ["donorReference"]);
  // A space cannot be in a client's key, so an item's key never meets a key of a single write.
  const keys = request.donations.map((_, i) => `${options.idempotencyKey} ${i}`);
  const codes = keys.map((key) => generateTrackingCode(trackingCodeBytes(secrets.trackingCodeKey, principal.clientId, key)));
  const writes = request.donations.map((donation, i): NewWrite => {
    const commitment = donorCommitment(codes[i]!);
    return {
      clientId: principal.clientId,
      idempotencyKey: keys[i]!,
      requestHash,
      kind: "donation",
      organisationId,
      campaignId: donation.campaignId,
      solo: false,
      payload: { kind: "donation", campaignId: donation.campaignId.toString(), amount: donation.amount.toString(), channel: CHANNELS.indexOf(donation.channel), donorCommitment: commitment },
      donorCommitment: commitment,
      delta: donation.amount,
      ...(donation.donorReference !== undefined ? { donorReference: donation.donorReference } : {}),
    };
  });

  const outcome = await options.outbox.acceptBatch(writes, { requireOpen: true });
  if ("stored" in outcome) return outcome.stored.map((id, i) => ({ id, kind: "donation", status: "pending", trackingCode: codes[i]!, replayed: false }));
  if ("replay" in outcome) {
    const byKey = new Map(outcome.replay.map((w) => [w.idempotencyKey, w]));
    const stored = keys.map((key) => byKey.get(key));
    // The same key for another batch (other items, or more or fewer of them) is a different request.
    if (outcome.replay.length !== keys.length || stored.some((w) => !w || w.requestHash !== requestHash)) throw idempotencyConflict();
    return stored.map((w, i) => ({ id: w!.id, kind: "donation", status: w!.status, trackingCode: codes[i]!, replayed: true }));
  }
  throw refusalError(outcome, request.donations[outcome.index]!.campaignId, undefined, `donations[${outcome.index}].`);
}
