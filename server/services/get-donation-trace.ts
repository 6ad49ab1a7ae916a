import { allocate, type Flow } from "../domain/allocation.ts";
import { donorCommitment } from "../domain/commitments.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { CHANNELS, PURPOSES } from "../domain/schemas.ts";
import type { DonationTrace, TraceStep } from "../domain/trace.ts";
import { parseTrackingCode } from "../domain/tracking-code.ts";
import type { Db } from "../db/prisma.ts";
import type { OutboxPayload } from "../chain/encode-write.ts";

/**
 * A gift's journey by its tracking code: accepted, recorded on the ledger, and which
 * disbursements and grants it paid for (first in, first out within its campaign). The code is
 * never stored: the gift is found by the donor commitment the code derives, in the outbox while it
 * travels and in the mirror once recorded. Only this donation's facts are shown.
 */
export async function getDonationTrace(options: { db: Db; trackingCode: string }): Promise<DonationTrace> {
  const { db } = options;
  const parsed = parseTrackingCode(options.trackingCode);
  if (!parsed.ok) {
    throw new AppError(AppErrorCode.InvalidRequest, "That is not a valid tracking code.", {
      errors: [{ field: "trackingCode", reason: codeProblem[parsed.reason] }],
    });
  }
  const commitment = donorCommitment(parsed.code);
  const [entry, donation, cursor] = await Promise.all([
    db.outboxEntry.findUnique({ where: { donorCommitment: commitment } }),
    // Commitments are public, so a later record could copy one: the first is the gift.
    db.donation.findFirst({ where: { donorCommitment: commitment }, orderBy: { recordId: "asc" } }),
    db.indexerCursor.findUnique({ where: { id: 1 } }),
  ]);
  const payload = entry?.kind === "donation" ? (entry.payload as Extract<OutboxPayload, { kind: "donation" }>) : undefined;
  if (!donation && !payload) {
    throw new AppError(AppErrorCode.NotFound, "No gift has this tracking code.", {
      errors: [{ field: "trackingCode", reason: "unknown tracking code" }],
    });
  }
  // A donation written through the API always names its campaign.
  const campaignId = donation?.campaignId ?? entry!.campaignId!;
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const organisation = await db.organisation.findUniqueOrThrow({ where: { id: campaign.orgId } });

  const amount = donation ? donation.amount.toFixed() : payload!.amount;
  const steps: TraceStep[] = [
    {
      kind: "donated",
      at: (entry?.createdAt ?? donation!.blockTime).toISOString(),
      amount,
      channel: CHANNELS[donation ? donation.channel : payload!.channel]!,
    },
  ];
  let unspent = BigInt(amount);
  let flagged: DonationTrace["flagged"] = [];
  let inconsistent = false;
  if (donation) {
    steps.push({
      kind: "recorded",
      at: donation.blockTime.toISOString(),
      amount: donation.amount.toFixed(),
      recordId: donation.recordId.toFixed(),
      chain: { blockNumber: donation.blockNumber.toString(), txHash: donation.txHash, logIndex: donation.logIndex },
    });
    const spending = await spendingOf(db, campaign.id, BigInt(donation.recordId.toFixed()));
    if (spending) {
      for (const step of spending.steps) if (!(step.kind === "granted" && step.refused)) unspent -= BigInt(step.amount);
      steps.push(...spending.steps);
      flagged = spending.flagged;
    } else {
      inconsistent = true;
    }
  } else if (entry!.status === "failed") {
    const reason = (entry!.error as { message?: string } | null)?.message ?? "The ledger refused this record.";
    steps.push({ kind: "failed", at: (entry!.settledAt ?? entry!.createdAt).toISOString(), reason });
  }

  return {
    trackingCode: parsed.code,
    // The mirror is the truth: a gift it holds is confirmed, whatever the outbox says (or if it was pruned).
    status: donation ? "confirmed" : (entry!.status as DonationTrace["status"]),
    amount,
    currency: campaign.currency,
    unspent: unspent.toString(),
    organisation: { id: organisation.id.toString(), name: organisation.name },
    campaign: { id: campaign.id.toString(), title: campaign.title },
    steps,
    flagged,
    inconsistent,
    asOfBlock: cursor ? cursor.blockNumber.toString() : null,
  };
}

type SpendingStep = Extract<TraceStep, { kind: "disbursed" | "granted" | "refunded" | "corrected" }>;

/**
 * What this donation paid for, by first-in first-out allocation over every movement of its
 * campaign: donations, acknowledged grants, refused grants flowing back and approved corrections
 * in; disbursements, grants, refunds and negative corrections out. A refund, and a correction of a
 * donation, take only from that donation: never from another donor's money.
 */
async function spendingOf(db: Db, campaignId: bigint, recordId: bigint): Promise<{ steps: SpendingStep[]; flagged: DonationTrace["flagged"] } | undefined> {
  const [donations, settlements, grantsOut, disbursements, refunds, corrections, approvals, flags] = await Promise.all([
    db.donation.findMany({ where: { campaignId }, select: { recordId: true, amount: true } }),
    db.grantSettlement.findMany({ where: { campaignId } }),
    db.grant.findMany({ where: { fromCampaignId: campaignId } }),
    db.disbursement.findMany({ where: { campaignId } }),
    db.refund.findMany({ where: { campaignId } }),
    db.correction.findMany({ where: { campaignId } }),
    db.correctionApproval.findMany({ where: { campaignId }, select: { recordId: true, amount: true } }),
    db.$queryRaw<{ record_id: string }[]>`
      SELECT f.record_id::text FROM record_flag f JOIN correction c ON c.record_id = f.record_id WHERE c.campaign_id = ${campaignId}`,
  ]);
  const flaggedCorrections = new Set(flags.map((f) => BigInt(f.record_id)));
  const big = (d: { toFixed(): string }) => BigInt(d.toFixed());
  const flow = (r: { recordId: { toFixed(): string }; amount: { toFixed(): string } }): Flow => ({ id: big(r.recordId), amount: big(r.amount) });
  const donationIds = new Set(donations.map((d) => big(d.recordId)));
  const inflows: Flow[] = [
    ...donations.map(flow),
    ...settlements.filter((s) => s.outcome === "acknowledged").map(flow),
    ...settlements.filter((s) => s.outcome === "refused").map((s) => ({ ...flow(s), returns: big(s.grantId) })),
    ...approvals.map(flow),
  ];
  const outflows: Flow[] = [
    ...disbursements.map(flow),
    ...grantsOut.map(flow),
    ...refunds.map((r) => ({ ...flow(r), from: big(r.donationId) })),
    ...corrections
      .filter((c) => big(c.delta) < 0n)
      // A correction of a donation comes off that donation; a flagged one takes from nobody.
      .map((c) => ({
        id: big(c.recordId),
        amount: -big(c.delta),
        ...(donationIds.has(big(c.correctedId)) || flaggedCorrections.has(big(c.recordId)) ? { from: big(c.correctedId) } : {}),
      })),
  ];
  let allocation;
  try {
    allocation = allocate(inflows, outflows);
  } catch (error) {
    // The chain never lets a campaign spend more than it holds, so the mirror must be wrong.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  const { slices: all, shortfalls } = allocation;
  const slices = all.filter((s) => s.inflowId === recordId);

  const byId = <T extends { recordId: { toFixed(): string } }>(rows: T[]) => new Map(rows.map((r) => [big(r.recordId), r]));
  const disbursementById = byId(disbursements);
  const grantById = byId(grantsOut);
  const refundById = byId(refunds);
  const correctionById = byId(corrections);
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
        recipientCommitment: d.recipientCommitment,
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
        refused: g.refusedBlock !== null,
        chain: chainOf(g),
      });
      continue;
    }
    const r = refundById.get(s.outflowId);
    if (r) {
      steps.push({ kind: "refunded", at: r.blockTime.toISOString(), amount: s.amount.toString(), recordId: r.recordId.toFixed(), chain: chainOf(r) });
      continue;
    }
    const c = correctionById.get(s.outflowId);
    if (c && big(c.correctedId) === recordId) {
      steps.push({ kind: "corrected", at: c.blockTime.toISOString(), amount: s.amount.toString(), recordId: c.recordId.toFixed(), chain: chainOf(c) });
    }
    // A correction of another record that lowered the campaign's books shows in `unspent`, not as a step.
  }
  const flagged = shortfalls
    .filter((f) => f.inflowId === recordId)
    .map((f) => {
      const refund = refundById.get(f.outflowId);
      return {
        recordId: f.outflowId.toString(),
        kind: refund ? ("refund" as const) : ("correction" as const),
        amount: refund ? refund.amount.toFixed() : (-big(correctionById.get(f.outflowId)!.delta)).toString(),
        shortfall: f.amount.toString(),
        reason: `It takes ${f.amount} more than this gift still held: invalid, and no other gift paid for it.`,
      };
    });
  return { steps, flagged };
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
