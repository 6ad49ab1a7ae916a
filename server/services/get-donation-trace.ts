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

type SpendingStep = Extract<TraceStep, { kind: "disbursed" | "granted" | "refunded" }>;

/**
 * What this donation paid for, by first-in first-out allocation over every movement of its
 * campaign: donations, grants and corrections in; disbursements, grants, refunds and
 * corrections out. A refund is paid from the donation it returns.
 */
async function spendingOf(db: Db, campaignId: bigint, recordId: bigint): Promise<SpendingStep[]> {
  const [donations, grantsIn, grantsOut, disbursements, refunds, corrections] = await Promise.all([
    db.donation.findMany({ where: { campaignId }, select: { recordId: true, amount: true } }),
    db.grant.findMany({ where: { toCampaignId: campaignId }, select: { recordId: true, amount: true } }),
    db.grant.findMany({ where: { fromCampaignId: campaignId } }),
    db.disbursement.findMany({ where: { campaignId } }),
    db.refund.findMany({ where: { campaignId } }),
    db.correction.findMany({ where: { campaignId }, select: { recordId: true, delta: true } }),
  ]);
  const big = (d: { toFixed(): string }) => BigInt(d.toFixed());
  const flow = (r: { recordId: { toFixed(): string }; amount: { toFixed(): string } }) => ({ id: big(r.recordId), amount: big(r.amount) });
  const inflows = [
    ...donations.map(flow),
    ...grantsIn.map(flow),
    ...corrections.filter((c) => big(c.delta) > 0n).map((c) => ({ id: big(c.recordId), amount: big(c.delta) })),
  ];
  const outflows = [
    ...disbursements.map(flow),
    ...grantsOut.map(flow),
    ...refunds.map((r) => ({ ...flow(r), from: big(r.donationId) })),
    ...corrections.filter((c) => big(c.delta) < 0n).map((c) => ({ id: big(c.recordId), amount: -big(c.delta) })),
  ];
  const slices = allocateFifo(inflows, outflows).filter((s) => s.inflowId === recordId);

  const byId = <T extends { recordId: { toFixed(): string } }>(rows: T[]) => new Map(rows.map((r) => [big(r.recordId), r]));
  const disbursementById = byId(disbursements);
  const grantById = byId(grantsOut);
  const refundById = byId(refunds);
  const receivers = await receivingCampaigns(db, grantsOut.filter((g) => slices.some((s) => s.outflowId === big(g.recordId))));
  const chainOf = (r: { blockNumber: bigint; txHash: string; logIndex: number }) => ({
    blockNumber: r.blockNumber.toString(),
    txHash: r.txHash,
    logIndex: r.logIndex,
  });

  const steps: SpendingStep[] = [];
  for (const s of slices) {
    const d = disbursementById.get(s.outflowId);
    if (d) {
      steps.push({
        kind: "disbursed",
        at: d.blockTime.toISOString(),
        amount: s.amount.toString(),
        disbursementAmount: d.amount.toFixed(),
        recordId: d.recordId.toFixed(),
        recipientRef: d.recipientRef,
        purpose: PURPOSES[d.purpose]!,
        evidenceSha256: d.evidenceHash,
        chain: chainOf(d),
      });
      continue;
    }
    const g = grantById.get(s.outflowId);
    if (g) {
      const to = receivers.get(g.toCampaignId)!;
      steps.push({
        kind: "granted",
        at: g.blockTime.toISOString(),
        amount: s.amount.toString(),
        grantAmount: g.amount.toFixed(),
        recordId: g.recordId.toFixed(),
        toOrganisation: to.organisation,
        toCampaign: to.campaign,
        acknowledged: g.acknowledgedBlock !== null,
        chain: chainOf(g),
      });
      continue;
    }
    const r = refundById.get(s.outflowId);
    if (r) steps.push({ kind: "refunded", at: r.blockTime.toISOString(), amount: s.amount.toString(), recordId: r.recordId.toFixed(), chain: chainOf(r) });
    // A correction that lowered the campaign's books shows in `unspent`, not as a step of the journey.
  }
  return steps;
}

async function receivingCampaigns(db: Db, grants: { toCampaignId: bigint }[]) {
  const ids = [...new Set(grants.map((g) => g.toCampaignId))];
  const campaigns = await db.campaign.findMany({ where: { id: { in: ids } } });
  const orgs = await db.organisation.findMany({ where: { id: { in: campaigns.map((c) => c.orgId) } } });
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  return new Map(
    campaigns.map((c) => [
      c.id,
      {
        campaign: { id: c.id.toString(), title: c.title },
        organisation: { id: c.orgId.toString(), name: orgById.get(c.orgId)?.name ?? "" },
      },
    ]),
  );
}

const codeProblem = {
  empty: "enter the code printed on your receipt",
  length: "a tracking code has 16 letters and digits after DN-",
  characters: "a tracking code has only letters and digits",
  checksum: "one of the characters looks mistyped",
} as const;
