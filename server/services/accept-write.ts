import { requestFingerprint } from "../domain/commitments.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { batches, writeKind, type WriteKindName, type WritePayload } from "../domain/writes/registry.ts";
import type { WriteEffect } from "../domain/writes/write-kind.ts";
import type { AcceptOutcome, NewWrite, OutboxStore, Refusal, StoredWrite } from "../db/outbox.ts";
import type { WriteSecrets } from "./write-secrets.ts";

export type WriteStatus = "pending" | "submitted" | "confirmed" | "failed";

export interface AcceptedWrite {
  id: bigint;
  kind: WriteKindName;
  /** The write's status now: "pending" for a new write, where it has got to for a retry. */
  status: WriteStatus;
  trackingCode: string | null;
  /** True when the idempotency key had been used for the same request: nothing new was written. */
  replayed: boolean;
}

/** One write to store: what goes on-chain (its kind says the rest), and the rows kept beside it. */
export interface WriteToAccept {
  payload: WritePayload;
  idempotencyKey: string;
  /** The tracking code of a donation, derived again for a retry (it is never stored). */
  trackingCode?: string;
  donorCommitment?: string;
  donorReference?: string;
  recipientReference?: NewWrite["recipientReference"];
}

export interface AcceptWritesOptions {
  outbox: OutboxStore;
  principal: Principal;
  /** Fingerprint of the validated request, to tell a retry from a different request under a reused key. */
  requestHash: string;
  writes: WriteToAccept[];
  /** The organisation the writes are for: by default the calling charity's own. */
  organisationId?: bigint;
  /** Checks that read more than accepting does (a grant still pending, a disbursement not yet confirmed). */
  precheck?(): Promise<void>;
  /** Prefixes the fields of a refused write's error: the place of an item in a batch. */
  fieldOf?(index: number): string;
}

/**
 * The shared write path for every kind: authorise, deduplicate by idempotency key, check what the
 * mirror shows must fail, and store the writes in the durable outbox, all or none, in one round
 * trip to the database (two for a kind with a precheck). A refused request writes nothing.
 */
export async function acceptWrites(options: AcceptWritesOptions): Promise<AcceptedWrite[]> {
  const { outbox, principal, writes, requestHash } = options;
  const organisationId = options.organisationId ?? writingOrganisation(principal);
  if (options.precheck) {
    try {
      await options.precheck();
    } catch (error) {
      // A retry of a write accepted before is answered as the first time, whatever changed since.
      const known = await outbox.findByKeys(principal.clientId, writes.map((w) => w.idempotencyKey));
      if (known.length > 0) return replayed(options, known);
      throw error;
    }
  }
  const outcome = await outbox.accept(
    writes.map((write): NewWrite => {
      const kind = writeKind(write.payload.kind);
      const effect = kind.effect(write.payload);
      return {
        clientId: principal.clientId,
        idempotencyKey: write.idempotencyKey,
        requestHash,
        kind: kind.kind,
        organisationId,
        campaignId: effect.campaignId ?? null,
        solo: !batches(kind.kind),
        payload: write.payload,
        donorCommitment: write.donorCommitment ?? null,
        delta: effect.delta,
        checks: {
          ...(effect.spends !== undefined ? { spends: effect.spends } : {}),
          ...(effect.refundOf !== undefined ? { refundOf: effect.refundOf } : {}),
          requireOpen: effect.requireOpen ?? false,
          ownCampaign: effect.ownCampaign ?? true,
          // An auditor's write concerns an organisation, which may be suspended meanwhile.
          activeOrganisation: kind.signer(write.payload) !== "auditor",
        },
        ...(write.donorReference !== undefined ? { donorReference: write.donorReference } : {}),
        ...(write.recipientReference ? { recipientReference: write.recipientReference } : {}),
      };
    }),
  );
  if ("stored" in outcome) return outcome.stored.map((id, i) => ({ id, kind: writes[i]!.payload.kind, status: "pending", trackingCode: writes[i]!.trackingCode ?? null, replayed: false }));
  if ("replay" in outcome) return replayed(options, outcome.replay);
  const write = writes[outcome.index]!;
  const effect = writeKind(write.payload.kind).effect(write.payload);
  throw refusalError(outcome, effect, options.fieldOf?.(outcome.index) ?? "");
}

/** One write: the common case of acceptWrites, its request fingerprinted here. */
export async function acceptWrite(
  options: Omit<AcceptWritesOptions, "writes" | "requestHash" | "fieldOf"> &
    WriteToAccept & { secrets: WriteSecrets; request: Record<string, unknown>; personalFields?: readonly string[] },
): Promise<AcceptedWrite> {
  const requestHash = requestFingerprint(options.secrets.fingerprintKey, options.payload.kind, options.request, options.personalFields ?? []);
  const [accepted] = await acceptWrites({ ...options, requestHash, writes: [options] });
  return accepted!;
}

/** The writes stored before under the request's keys, if they were stored for this same request. */
function replayed(options: AcceptWritesOptions, stored: StoredWrite[]): AcceptedWrite[] {
  const byKey = new Map(stored.map((w) => [w.idempotencyKey, w]));
  const found = options.writes.map((write) => byKey.get(write.idempotencyKey));
  // The same key for another request (other fields, or more or fewer items) is a different request.
  if (stored.length !== options.writes.length || found.some((w) => !w || w.requestHash !== options.requestHash)) throw idempotencyConflict();
  return found.map((w, i) => ({ id: w!.id, kind: w!.kind as WriteKindName, status: w!.status, trackingCode: options.writes[i]!.trackingCode ?? null, replayed: true }));
}

export function idempotencyConflict(): AppError {
  return new AppError(AppErrorCode.IdempotencyConflict, "This Idempotency-Key was already used for a different request; use a new key for a new write.", {
    errors: [{ field: "Idempotency-Key", reason: "already used for a different request" }],
  });
}

/** Why the outbox refused a write, as the error the client gets; `at` prefixes the fields (an item of a batch). */
export function refusalError(outcome: Refusal | Extract<AcceptOutcome, { refused: string }>, effect: WriteEffect, at = ""): AppError {
  const { campaignId, spends } = effect;
  switch (outcome.refused) {
    case "suspended":
      return new AppError(AppErrorCode.OrganisationSuspended, "This organisation is suspended by the registrar and can record nothing until it is reinstated.");
    case "no_campaign":
      return new AppError(AppErrorCode.NotFound, `Campaign ${campaignId} is not on the ledger.`, { errors: [{ field: `${at}campaignId`, reason: "no such campaign" }] });
    case "other_organisation":
      return new AppError(AppErrorCode.Forbidden, `Campaign ${campaignId} belongs to another organisation.`, { errors: [{ field: `${at}campaignId`, reason: "belongs to another organisation" }] });
    case "closed":
      return new AppError(AppErrorCode.CampaignClosed, `Campaign ${campaignId} is closed and takes no more money.`, { errors: [{ field: `${at}campaignId`, reason: "campaign is closed" }] });
    case "insufficient": {
      const available = outcome.available;
      return new AppError(AppErrorCode.InsufficientBalance, `Campaign ${campaignId} can pay out at most ${available < 0n ? 0n : available} now; ${spends} was asked.`, {
        errors: [{ field: `${at}amount`, reason: "more than the campaign holds" }],
        extra: { available: String(available) },
      });
    }
    case "not_refundable": {
      const refundable = outcome.refundable;
      return new AppError(AppErrorCode.Conflict, `Donation ${effect.refundOf} can be refunded at most ${refundable} more; ${spends} was asked.`, {
        errors: [{ field: `${at}amount`, reason: "more than is still refundable" }],
        extra: { refundable: String(refundable) },
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
