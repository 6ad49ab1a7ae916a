import { donorCommitment } from "../domain/commitments.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { CHANNELS, PURPOSES } from "../domain/schemas.ts";
import type { DonationTrace, TraceStep } from "../domain/trace.ts";
import { parseTrackingCode, TRACKING_CODE_PROBLEMS } from "../domain/tracking-code.ts";
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
      errors: [{ field: "trackingCode", reason: TRACKING_CODE_PROBLEMS[parsed.reason] }],
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
  // Before the gift is on the ledger, all of it is where it was given.
  let summary: DonationTrace["summary"] = { delivered: "0", paidUnconfirmed: "0", inTransit: "0", heldDownstream: "0", heldHere: amount, refunded: "0", corrected: "0" };
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
    const spending = await spendingOf(db, BigInt(donation.recordId.toFixed()), BigInt(donation.amount.toFixed()));
    if (spending.consistent) {
      steps.push(...spending.steps);
      flagged = spending.flagged;
      summary = spending.summary;
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
    unspent: summary.heldHere,
    summary,
    organisation: { id: organisation.id.toString(), name: organisation.name },
    campaign: { id: campaign.id.toString(), title: campaign.title },
    steps,
    flagged,
    inconsistent,
    asOfBlock: cursor ? cursor.blockNumber.toString() : null,
  };
}

type SpendingStep = Extract<TraceStep, { kind: "disbursed" | "granted" | "refunded" | "corrected" }>;
type Summary = DonationTrace["summary"];

interface Spending {
  steps: SpendingStep[];
  flagged: DonationTrace["flagged"];
  summary: Summary;
  /** The lots and slices of the gift add up to it, and each payout and grant it paid for to what the record says. */
  consistent: boolean;
}

/**
 * Where this gift went, hop by hop, read from the allocation the indexer keeps (lots and slices,
 * server/domain/lots.ts): every slice taken from the gift's money, in any campaign it reached, in
 * chain order. Three indexed reads whatever the size of the campaigns; nothing is recomputed.
 */
async function spendingOf(db: Db, origin: bigint, amount: bigint): Promise<Spending> {
  const [lots, slices, shortfalls] = await Promise.all([
    db.lot.findMany({ where: { origin: origin.toString() }, orderBy: [{ record: "asc" }, { idx: "asc" }] }),
    db.slice.findMany({ where: { origin: origin.toString() }, orderBy: [{ movement: "asc" }, { idx: "asc" }] }),
    db.allocationShortfall.findMany({ where: { origin: origin.toString() } }),
  ]);
  const movements = [...new Set([...slices.map((s) => s.movement.toFixed()), ...shortfalls.map((f) => f.movement.toFixed())])];
  const [disbursements, grants, refunds, corrections, sliced] = await Promise.all([
    db.disbursement.findMany({ where: { recordId: { in: movements } } }),
    db.grant.findMany({ where: { recordId: { in: movements } } }),
    db.refund.findMany({ where: { recordId: { in: movements } } }),
    db.correction.findMany({ where: { recordId: { in: movements } } }),
    // What each of those payouts and grants took from all gifts: it must be what the record says.
    db.slice.groupBy({ by: ["movement"], where: { movement: { in: movements } }, _sum: { amount: true } }),
  ]);
  const takenBy = new Map(sliced.map((g) => [g.movement.toFixed(), g._sum.amount?.toFixed() ?? "0"]));
  const recordsAgree = [...disbursements, ...grants].every((r) => takenBy.get(r.recordId.toFixed()) === r.amount.toFixed());
  const places = await campaignsWithOrganisations(db, [...lots.map((l) => l.campaignId), ...grants.map((g) => g.toCampaignId)]);

  // A lot a grant carried here is one hop further than the lot that slice was taken from.
  const key = (record: { toFixed(): string }, idx: number) => `${record.toFixed()}:${idx}`;
  const lotByKey = new Map(lots.map((l) => [key(l.record, l.idx), l]));
  const sliceByKey = new Map(slices.map((s) => [key(s.movement, s.idx), s]));
  const hops = new Map<string, number>();
  const hopOf = (k: string): number => {
    const known = hops.get(k);
    if (known !== undefined) return known;
    const lot = lotByKey.get(k);
    const from = lot?.fromMovement ? sliceByKey.get(key(lot.fromMovement, lot.fromIdx!)) : undefined;
    const hop = from ? hopOf(key(from.lotRecord, from.lotIdx)) + 1 : 0;
    hops.set(k, hop);
    return hop;
  };
  const whereOf = (campaignId: bigint, hop: number) => ({ hop, ...places.get(campaignId)! });

  const byId = <T extends { recordId: { toFixed(): string } }>(rows: T[]) => new Map(rows.map((r) => [r.recordId.toFixed(), r]));
  const disbursementById = byId(disbursements);
  const grantById = byId(grants);
  const refundById = byId(refunds);
  const correctionById = byId(corrections);
  const chainOf = (r: { blockNumber: bigint; txHash: string; logIndex: number }) => ({ blockNumber: r.blockNumber.toString(), txHash: r.txHash, logIndex: r.logIndex });

  const summary = { delivered: 0n, paidUnconfirmed: 0n, inTransit: 0n, heldDownstream: 0n, heldHere: 0n, refunded: 0n, corrected: 0n };
  for (const lot of lots) {
    const held = BigInt(lot.held.toFixed());
    if (hopOf(key(lot.record, lot.idx)) === 0) summary.heldHere += held;
    else summary.heldDownstream += held;
  }
  const steps: SpendingStep[] = [];
  for (const s of slices) {
    const movement = s.movement.toFixed();
    const part = BigInt(s.amount.toFixed());
    const where = whereOf(s.campaignId, hopOf(key(s.lotRecord, s.lotIdx)));
    const d = disbursementById.get(movement);
    const g = grantById.get(movement);
    const r = refundById.get(movement);
    const c = correctionById.get(movement);
    if (d) {
      if (d.confirmedBlock !== null) summary.delivered += part;
      else summary.paidUnconfirmed += part;
      steps.push({
        kind: "disbursed",
        at: d.blockTime.toISOString(),
        where,
        amount: part.toString(),
        disbursementAmount: d.amount.toFixed(),
        recordId: movement,
        recipientCommitment: d.recipientCommitment,
        purpose: PURPOSES[d.purpose]!,
        evidenceSha256: d.evidenceHash,
        chain: chainOf(d),
      });
    } else if (g) {
      if (s.settledHow === null) summary.inTransit += part;
      const to = places.get(g.toCampaignId)!;
      steps.push({
        kind: "granted",
        at: g.blockTime.toISOString(),
        where,
        amount: part.toString(),
        grantAmount: g.amount.toFixed(),
        recordId: movement,
        toOrganisation: to.organisation,
        toCampaign: to.campaign,
        acknowledged: s.settledHow === "arrived",
        refused: s.settledHow === "returned",
        chain: chainOf(g),
      });
    } else if (r) {
      summary.refunded += part;
      steps.push({ kind: "refunded", at: r.blockTime.toISOString(), where, amount: part.toString(), recordId: movement, chain: chainOf(r) });
    } else if (c) {
      summary.corrected += part;
      steps.push({ kind: "corrected", at: c.blockTime.toISOString(), where, amount: part.toString(), recordId: movement, chain: chainOf(c) });
    }
  }
  const flagged = shortfalls.map((f) => {
    const movement = f.movement.toFixed();
    const refund = refundById.get(movement);
    const short = f.amount.toFixed();
    return {
      recordId: movement,
      kind: refund ? ("refund" as const) : ("correction" as const),
      amount: refund ? refund.amount.toFixed() : (-BigInt(correctionById.get(movement)?.delta.toFixed() ?? "0")).toString(),
      shortfall: short,
      reason: `It takes ${short} more than this gift still held: invalid, and no other gift paid for it.`,
    };
  });
  const total = Object.values(summary).reduce((sum, v) => sum + v, 0n);
  const asText = Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, v.toString()])) as Summary;
  return { steps, flagged, summary: asText, consistent: total === amount && recordsAgree };
}

async function campaignsWithOrganisations(db: Db, ids: bigint[]) {
  const campaigns = await db.campaign.findMany({ where: { id: { in: [...new Set(ids)] } } });
  const orgs = await db.organisation.findMany({ where: { id: { in: [...new Set(campaigns.map((c) => c.orgId))] } } });
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
