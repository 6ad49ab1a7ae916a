import { allocateFifo } from "../domain/allocation.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { CHANNELS, PURPOSES } from "../domain/schemas.ts";
import type { DonationTrace, TraceStep } from "../domain/trace.ts";
import { parseTrackingCode } from "../domain/tracking-code.ts";
import type { Db } from "../db/prisma.ts";
import type { OutboxPayload } from "../chain/encode-write.ts";

/**
 * A gift's journey by its tracking code: accepted, recorded on the ledger, and which
 * disbursements it paid for (first in, first out within its campaign). Only this donation's
 * facts are shown; nothing about other donors.
 */
export async function getDonationTrace(options: { db: Db; trackingCode: string }): Promise<DonationTrace> {
  const { db } = options;
  const parsed = parseTrackingCode(options.trackingCode);
  if (!parsed.ok) {
    throw new AppError(AppErrorCode.InvalidRequest, "That is not a valid tracking code.", {
      errors: [{ field: "trackingCode", reason: codeProblem[parsed.reason] }],
    });
  }
  const entry = await db.outboxEntry.findUnique({ where: { trackingCode: parsed.code } });
  if (!entry || entry.kind !== "donation") {
    throw new AppError(AppErrorCode.NotFound, "No gift has this tracking code.", {
      errors: [{ field: "trackingCode", reason: "unknown tracking code" }],
    });
  }
  const payload = entry.payload as Extract<OutboxPayload, { kind: "donation" }>;
  const [campaign, cursor] = await Promise.all([
    db.campaign.findUniqueOrThrow({ where: { id: entry.campaignId } }),
    db.indexerCursor.findUnique({ where: { id: 1 } }),
  ]);
  const organisation = await db.organisation.findUniqueOrThrow({ where: { id: campaign.orgId } });

  const steps: TraceStep[] = [
    { kind: "donated", at: entry.createdAt.toISOString(), amount: payload.amount, channel: CHANNELS[payload.channel]! },
  ];
  let unspent = BigInt(payload.amount);
  const donation = entry.recordId !== null ? await db.donation.findUnique({ where: { recordId: entry.recordId } }) : null;
  if (donation) {
    steps.push({
      kind: "recorded",
      at: donation.blockTime.toISOString(),
      amount: donation.amount.toFixed(),
      recordId: donation.recordId.toFixed(),
      chain: { blockNumber: donation.blockNumber.toString(), txHash: donation.txHash, logIndex: donation.logIndex },
    });
    const spent = await spendingOf(db, campaign.id, BigInt(donation.recordId.toFixed()));
    for (const step of spent) unspent -= BigInt(step.amount);
    steps.push(...spent);
  } else if (entry.status === "failed") {
    const reason = (entry.error as { message?: string } | null)?.message ?? "The ledger refused this record.";
    steps.push({ kind: "failed", at: (entry.settledAt ?? entry.createdAt).toISOString(), reason });
  }

  return {
    trackingCode: parsed.code,
    status: entry.status as DonationTrace["status"],
    amount: payload.amount,
    currency: campaign.currency,
    unspent: unspent.toString(),
    organisation: { id: organisation.id.toString(), name: organisation.name },
    campaign: { id: campaign.id.toString(), title: campaign.title },
    steps,
    asOfBlock: cursor ? cursor.blockNumber.toString() : null,
  };
}

async function spendingOf(db: Db, campaignId: bigint, recordId: bigint): Promise<Extract<TraceStep, { kind: "disbursed" }>[]> {
  const [donations, disbursements] = await Promise.all([
    db.donation.findMany({ where: { campaignId }, select: { recordId: true, amount: true }, orderBy: { recordId: "asc" } }),
    db.disbursement.findMany({ where: { campaignId }, orderBy: { recordId: "asc" } }),
  ]);
  const big = (d: { toFixed(): string }) => BigInt(d.toFixed());
  const slices = allocateFifo(
    donations.map((d) => ({ id: big(d.recordId), amount: big(d.amount) })),
    disbursements.map((d) => ({ id: big(d.recordId), amount: big(d.amount) })),
  ).filter((s) => s.inflowId === recordId);
  const byId = new Map(disbursements.map((d) => [big(d.recordId), d]));
  return slices.map((s) => {
    const d = byId.get(s.outflowId)!;
    return {
      kind: "disbursed" as const,
      at: d.blockTime.toISOString(),
      amount: s.amount.toString(),
      disbursementAmount: d.amount.toFixed(),
      recordId: d.recordId.toFixed(),
      recipientRef: d.recipientRef,
      purpose: PURPOSES[d.purpose]!,
      evidenceSha256: d.evidenceHash,
      chain: { blockNumber: d.blockNumber.toString(), txHash: d.txHash, logIndex: d.logIndex },
    };
  });
}

const codeProblem = {
  empty: "enter the code printed on your receipt",
  length: "a tracking code has 16 letters and digits after DN-",
  characters: "a tracking code has only letters and digits",
  checksum: "one of the characters looks mistyped",
} as const;
