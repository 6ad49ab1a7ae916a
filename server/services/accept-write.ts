import { requestFingerprint } from "../domain/commitments.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { Prisma, type Db } from "../db/prisma.ts";
import type { OutboxPayload } from "../chain/encode-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

export type WriteStatus = "pending" | "submitted" | "confirmed" | "failed";

export interface AcceptedWrite {
  id: bigint;
  kind: OutboxPayload["kind"];
  status: WriteStatus;
  trackingCode: string | null;
  /** True when the idempotency key had been used for the same request: nothing new was written. */
  replayed: boolean;
}

export interface CampaignRow {
  id: bigint;
  orgId: bigint;
  currency: string;
  closedBlock: bigint | null;
}

type Tx = Prisma.TransactionClient;

export interface AcceptWriteOptions {
  db: Db;
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
  /** Refuses at once what the chain would refuse; runs under a per-campaign lock. */
  check?(tx: Tx, campaign: CampaignRow): Promise<void>;
  /** Checks that need no lock (the chain's view of a signed request); a retry of an accepted write skips them. */
  precheck?(): Promise<void>;
  /** Builds the on-chain payload and writes any side rows for the new outbox id. */
  build(tx: Tx, outboxId: bigint): Promise<{ payload: OutboxPayload; donorCommitment?: string }>;
}

/**
 * The shared write path: authorise, deduplicate by idempotency key, check, and store the write
 * in the durable outbox, all in one transaction. A refused request writes nothing.
 */
export async function acceptWrite(options: AcceptWriteOptions): Promise<AcceptedWrite> {
  const { db, principal, idempotencyKey } = options;
  if (principal.role !== "charity" || principal.organisationId === undefined) {
    throw new AppError(AppErrorCode.Forbidden, "Only a charity's client can write for an organisation.");
  }
  const requestHash = requestFingerprint(options.secrets.fingerprintKey, options.kind, options.request, options.personalFields ?? []);
  const trackingCode = options.trackingCode ?? null;

  const replay = await findReplay(db, principal.clientId, idempotencyKey, requestHash, trackingCode);
  if (replay) return replay;
  await options.precheck?.();

  try {
    return await db.$transaction(async (tx) => {
      const campaign = options.campaignId === undefined ? undefined : await lockedCampaign(tx, options.campaignId, principal.organisationId!);
      if (campaign) await options.check?.(tx, campaign);

      const entry = await tx.outboxEntry.create({
        data: {
          clientId: principal.clientId,
          idempotencyKey,
          requestHash,
          kind: options.kind,
          organisationId: principal.organisationId!,
          campaignId: campaign?.id ?? null,
          // A relayed request is one signed call: it never shares a transaction.
          solo: options.kind === "relay",
          payload: {},
        },
      });
      const built = await options.build(tx, entry.id);
      await tx.outboxEntry.update({
        where: { id: entry.id },
        data: { payload: built.payload as unknown as Prisma.InputJsonValue, donorCommitment: built.donorCommitment ?? null },
      });
      return { id: entry.id, kind: options.kind, status: "pending", trackingCode, replayed: false };
    });
  } catch (error) {
    // Two requests with one key raced; the loser answers with the winner's write.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await findReplay(db, principal.clientId, idempotencyKey, requestHash, trackingCode);
      if (winner) return winner;
    }
    throw error;
  }
}

/** The write's campaign, which must be the caller's, locked for the transaction. */
async function lockedCampaign(tx: Tx, campaignId: bigint, organisationId: bigint): Promise<CampaignRow> {
  const campaign = await tx.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) {
    throw new AppError(AppErrorCode.NotFound, `Campaign ${campaignId} is not on the ledger.`, {
      errors: [{ field: "campaignId", reason: "no such campaign" }],
    });
  }
  if (campaign.orgId !== organisationId) {
    throw new AppError(AppErrorCode.Forbidden, `Campaign ${campaign.id} belongs to another organisation.`, {
      errors: [{ field: "campaignId", reason: "belongs to another organisation" }],
    });
  }
  // Serialises writes per campaign so two checks never both spend the same money.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(726100, ${Number(campaign.id % 2147483647n)}::int)`;
  return campaign;
}

async function findReplay(
  db: Db,
  clientId: string,
  idempotencyKey: string,
  requestHash: string,
  trackingCode: string | null,
): Promise<AcceptedWrite | undefined> {
  const existing = await db.outboxEntry.findUnique({ where: { clientId_idempotencyKey: { clientId, idempotencyKey } } });
  if (!existing) return undefined;
  if (existing.requestHash !== requestHash) {
    throw new AppError(
      AppErrorCode.IdempotencyConflict,
      "This Idempotency-Key was already used for a different request; use a new key for a new write.",
      { errors: [{ field: "Idempotency-Key", reason: "already used for a different request" }] },
    );
  }
  return {
    id: existing.id,
    kind: existing.kind as OutboxPayload["kind"],
    status: existing.status as WriteStatus,
    trackingCode,
    replayed: true,
  };
}
