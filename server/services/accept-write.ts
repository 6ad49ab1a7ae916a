import { requestFingerprint } from "../domain/commitments.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import type { NewWrite, OutboxStore, StoredWrite } from "../db/outbox.ts";
import type { OutboxPayload } from "../chain/encode-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

export type WriteStatus = "pending" | "submitted" | "confirmed" | "failed";

export interface AcceptedWrite {
  id: bigint;
  kind: OutboxPayload["kind"];
  /** The write's status now: "pending" for a new write, where it has got to for a retry. */
  status: WriteStatus;
  trackingCode: string | null;
  /** True when the idempotency key had been used for the same request: nothing new was written. */
  replayed: boolean;
}

export interface AcceptWriteOptions {
  outbox: OutboxStore;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  /** The campaign the write moves money in; absent for a relayed write, which concerns the organisation. */
  campaignId?: bigint;
  /** The validated request, fingerprinted to tell a retry from a different request under a reused key. */
  request: Record<string, unknown>;
  /** Fields of the request that identify a person: left out of the stored fingerprint. */
  personalFields?: readonly string[];
  kind: OutboxPayload["kind"];
  /** The tracking code of this write, derived again for a retry (it is never stored). */
  trackingCode?: string;
  /** The write takes no money into a closed campaign. */
  requireOpen?: boolean;
  /** What the write takes out of its campaign: refused at once if the campaign cannot pay it. */
  spends?: bigint;
  /** Checks that need the chain (a signed request's view); a retry of an accepted write skips them. */
  precheck?(): Promise<void>;
  /** What goes on-chain, and the rows stored beside it. */
  payload: OutboxPayload;
  donorCommitment?: string;
  delta: bigint;
  donorReference?: string;
  recipientReference?: NewWrite["recipientReference"];
}

/**
 * The shared write path: authorise, deduplicate by idempotency key, check, and store the write in
 * the durable outbox, in one round trip to the database. A refused request writes nothing.
 */
export async function acceptWrite(options: AcceptWriteOptions): Promise<AcceptedWrite> {
  const { outbox, principal, idempotencyKey } = options;
  const organisationId = writingOrganisation(principal);
  const requestHash = requestFingerprint(options.secrets.fingerprintKey, options.kind, options.request, options.personalFields ?? []);
  const trackingCode = options.trackingCode ?? null;
  const replayed = (stored: StoredWrite): AcceptedWrite => {
    if (stored.requestHash !== requestHash) throw idempotencyConflict();
    return { id: stored.id, kind: stored.kind as OutboxPayload["kind"], status: stored.status, trackingCode, replayed: true };
  };

  if (options.precheck) {
    const known = await outbox.findByKey(principal.clientId, idempotencyKey);
    if (known) return replayed(known);
    await options.precheck();
  }
  const outcome = await outbox.accept(
    {
      clientId: principal.clientId,
      idempotencyKey,
      requestHash,
      kind: options.kind,
      organisationId,
      campaignId: options.campaignId ?? null,
      // A relayed request is one signed call: it never shares a transaction.
      solo: options.kind === "relay",
      payload: options.payload,
      donorCommitment: options.donorCommitment ?? null,
      delta: options.delta,
      ...(options.donorReference !== undefined ? { donorReference: options.donorReference } : {}),
      ...(options.recipientReference ? { recipientReference: options.recipientReference } : {}),
    },
    { ...(options.spends !== undefined ? { spends: options.spends } : {}), requireOpen: options.requireOpen ?? false },
  );
  if ("stored" in outcome) return { id: outcome.stored, kind: options.kind, status: "pending", trackingCode, replayed: false };
  if ("replay" in outcome) return replayed(outcome.replay);
  throw refusalError(outcome, options.campaignId!, options.spends);
}

export function idempotencyConflict(): AppError {
  return new AppError(AppErrorCode.IdempotencyConflict, "This Idempotency-Key was already used for a different request; use a new key for a new write.", {
    errors: [{ field: "Idempotency-Key", reason: "already used for a different request" }],
  });
}

/** Why the outbox refused a write, as the error the client gets; `at` prefixes the fields (an item of a batch). */
export function refusalError(outcome: { refused: "no_campaign" | "other_organisation" | "closed" } | { refused: "insufficient"; available: bigint }, campaignId: bigint, spends?: bigint, at = ""): AppError {
  switch (outcome.refused) {
    case "no_campaign":
      return new AppError(AppErrorCode.NotFound, `Campaign ${campaignId} is not on the ledger.`, { errors: [{ field: `${at}campaignId`, reason: "no such campaign" }] });
    case "other_organisation":
      return new AppError(AppErrorCode.Forbidden, `Campaign ${campaignId} belongs to another organisation.`, { errors: [{ field: `${at}campaignId`, reason: "belongs to another organisation" }] });
    case "closed":
      return new AppError(AppErrorCode.CampaignClosed, `Campaign ${campaignId} is closed and takes no more donations.`, { errors: [{ field: `${at}campaignId`, reason: "campaign is closed" }] });
    case "insufficient": {
      const available = outcome.available;
      return new AppError(AppErrorCode.InsufficientBalance, `Campaign ${campaignId} can pay out at most ${available < 0n ? 0n : available} now; ${spends} was asked.`, {
        errors: [{ field: `${at}amount`, reason: "more than the campaign holds" }],
        extra: { available: String(available) },
      });
    }
  }
}

/** Only a charity's client writes, and only for its own organisation. */
export function writingOrganisation(principal: Principal): bigint {
  if (principal.role !== "charity" || principal.organisationId === undefined) {
    throw new AppError(AppErrorCode.Forbidden, "Only a charity's client can write for an organisation.");
  }
  return principal.organisationId;
}
