import { batchFingerprint } from "../domain/commitments.ts";
import type { TRecordDisbursementBatchRequest } from "../domain/disbursement-requests.ts";
import type { Principal } from "../domain/principal.ts";
import type { OutboxStore } from "../db/outbox.ts";
import { acceptWrites, type AcceptedWrite } from "./accept-write.ts";
import { confirmerAddresses, type ConfirmerSources } from "./disbursement-confirmers.ts";
import { disbursementWrite } from "./record-disbursement.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts up to 500 disbursements in one request, all or none, from one or several of the
 * organisation's campaigns. Each is a write of its own, stored under the request's key and its place
 * in the batch; together they must fit what each campaign can pay, or the first that does not is
 * named and nothing is stored. A retry of the same batch answers with the same writes.
 */
export async function recordDisbursementBatch(
  options: {
    /** Where a named confirmer organisation's key is found; needed only when a request names one. */
    confirmers?: ConfirmerSources;
    outbox: OutboxStore;
    secrets: WriteSecrets;
    principal: Principal;
    idempotencyKey: string;
    request: TRecordDisbursementBatchRequest;
  },
): Promise<AcceptedWrite[]> {
  const { principal, secrets, request } = options;
  const items = request.disbursements;
  const fieldOf = (i: number) => `disbursements[${i}].`;
  const confirmers = await confirmerAddresses(options.confirmers, principal.organisationId, items, fieldOf);
  return acceptWrites({
    outbox: options.outbox,
    principal,
    requestHash: batchFingerprint(secrets.fingerprintKey, "disbursement", items, []),
    // A space cannot be in a client's key, so an item's key never meets a key of a single write.
    writes: items.map((item, i) => disbursementWrite(secrets, principal.organisationId, item, `${options.idempotencyKey} ${i}`, confirmers[i])),
    fieldOf,
  });
}
