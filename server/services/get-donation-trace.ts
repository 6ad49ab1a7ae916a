import { donorCommitment } from "../domain/commitments.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { CHANNELS, PURPOSES } from "../domain/schemas.ts";
import type { DonationTrace, TraceStep } from "../domain/trace.ts";
import { parseTrackingCode, TRACKING_CODE_PROBLEMS } from "../domain/tracking-code.ts";
import type { ChainRow, TraceRows, TraceStore } from "../db/trace-rows.ts";
import type { DonationPayload } from "../domain/writes/donation.ts";
import type { TraceCache } from "./trace-cache.ts";

/**
 * A gift's journey by its tracking code: accepted, recorded on the ledger, and every part of it
 * followed hop by hop through the allocation the indexer keeps (lots and slices,
 * server/domain/lots.ts): paid out, passed on, refunded, or still held, and where. The code is
 * never stored: the gift is found by the donor commitment the code derives, in the mirror once
 * recorded and in the outbox while it travels. One statement reads it all, so the cost follows the
 * gift's own journey, never the size of the campaigns it passed through.
 */
export async function getDonationTrace(options: { traceRows: TraceStore; trackingCode: string; cache?: TraceCache }): Promise<DonationTrace> {
  const parsed = parseTrackingCode(options.trackingCode);
  if (!parsed.ok) {
    throw new AppError(AppErrorCode.InvalidRequest, "That is not a valid tracking code.", {
      errors: [{ field: "trackingCode", reason: TRACKING_CODE_PROBLEMS[parsed.reason] }],
    });
  }
  const { cache } = options;
  if (cache?.has(parsed.code)) {
    // The mirror's block from the database, not from the indexer's last message: a client told its
    // write is mirrored must never get a trace from before it.
    const block = await options.traceRows.mirrorBlock();
    const cached = block !== undefined ? cache.get(parsed.code, block) : undefined;
    if (cached) return cached;
  }
  const { trace, mirrorBlock } = await readTrace(options.traceRows, parsed.code);
  // Only a mirrored gift's trace is a function of the block; a travelling one also follows the outbox.
  if (cache && mirrorBlock !== null && trace.status === "confirmed") cache.set(parsed.code, mirrorBlock, trace);
  return trace;
}

async function readTrace(store: TraceStore, code: string): Promise<{ trace: DonationTrace; mirrorBlock: string | null }> {
  const rows = await store.rows(donorCommitment(code));
  const { donation, accepted } = rows;
  const payload = accepted?.kind === "donation" ? (accepted.payload as unknown as DonationPayload) : undefined;
  if (!donation && !payload) {
    throw new AppError(AppErrorCode.NotFound, "No gift has this tracking code.", {
      errors: [{ field: "trackingCode", reason: "unknown tracking code" }],
    });
  }
  const places = placesOf(rows);
  // A donation written through the API always names its campaign.
  const home = places.get(donation?.campaign_id ?? accepted!.campaign_id!)!;

  const amount = donation ? donation.amount : payload!.amount;
  const steps: TraceStep[] = [
    {
      kind: "donated",
      at: iso(accepted?.created_at ?? donation!.block_time),
      amount,
      channel: CHANNELS[donation ? donation.channel : payload!.channel]!,
    },
  ];
  // Before the gift is on the ledger, all of it is where it was given.
  let summary: DonationTrace["summary"] = { delivered: "0", paidUnconfirmed: "0", inTransit: "0", heldDownstream: "0", heldHere: amount, refunded: "0", corrected: "0" };
  let flagged: DonationTrace["flagged"] = [];
  let inconsistent = false;
  if (donation) {
    steps.push({ kind: "recorded", at: iso(donation.block_time), amount, recordId: donation.record_id, chain: chainOf(donation) });
    const spending = spendingOf(rows, places, BigInt(amount));
    if (spending.consistent) {
      steps.push(...spending.steps);
      flagged = spending.flagged;
      summary = spending.summary;
    } else {
      inconsistent = true;
    }
  } else if (accepted!.status === "failed") {
    steps.push({ kind: "failed", at: iso(accepted!.settled_at ?? accepted!.created_at), reason: accepted!.error?.message ?? "The ledger refused this record." });
  }

  const trace: DonationTrace = {
    trackingCode: code,
    // The mirror is the truth: a gift it holds is confirmed, whatever the outbox says (or if it was pruned).
    status: donation ? "confirmed" : (accepted!.status as DonationTrace["status"]),
    amount,
    currency: home.currency,
    unspent: summary.heldHere,
    summary,
    organisation: home.organisation,
    campaign: home.campaign,
    steps,
    flagged,
    inconsistent,
    asOfBlock: rows.asOfBlock,
  };
  return { trace, mirrorBlock: rows.mirrorBlock };
}

type SpendingStep = Extract<TraceStep, { kind: "disbursed" | "granted" | "refunded" | "corrected" }>;
type Summary = DonationTrace["summary"];
type Place = { organisation: { id: string; name: string }; campaign: { id: string; title: string }; currency: string };

interface Spending {
  steps: SpendingStep[];
  flagged: DonationTrace["flagged"];
  summary: Summary;
  /** The lots and slices of the gift add up to it, and each payout and grant it paid for to what the record says. */
  consistent: boolean;
}

/** Where this gift went, hop by hop: every slice taken from its money, in any campaign it reached, in chain order. */
function spendingOf(rows: TraceRows, places: Map<string, Place>, amount: bigint): Spending {
  const { lots, slices, shortfalls } = rows;
  const takenBy = new Map(rows.taken.map((t) => [t.movement, t.amount]));
  const recordsAgree = [...rows.disbursements, ...rows.grants].every((r) => takenBy.get(r.record_id) === r.amount);

  // A lot a grant carried here is one hop further than the lot that slice was taken from.
  const key = (record: string, idx: number) => `${record}:${idx}`;
  const lotByKey = new Map(lots.map((l) => [key(l.record, l.idx), l]));
  const sliceByKey = new Map(slices.map((s) => [key(s.movement, s.idx), s]));
  const hops = new Map<string, number>();
  const hopOf = (k: string): number => {
    const known = hops.get(k);
    if (known !== undefined) return known;
    const lot = lotByKey.get(k);
    const from = lot?.from_movement ? sliceByKey.get(key(lot.from_movement, lot.from_idx!)) : undefined;
    const hop = from ? hopOf(key(from.lot_record, from.lot_idx)) + 1 : 0;
    hops.set(k, hop);
    return hop;
  };
  const whereOf = (campaignId: string, hop: number) => {
    const place = places.get(campaignId)!;
    return { hop, organisation: place.organisation, campaign: place.campaign };
  };

  const byId = <T extends { record_id: string }>(list: T[]) => new Map(list.map((r) => [r.record_id, r]));
  const disbursementById = byId(rows.disbursements);
  const grantById = byId(rows.grants);
  const refundById = byId(rows.refunds);
  const correctionById = byId(rows.corrections);

  const summary = { delivered: 0n, paidUnconfirmed: 0n, inTransit: 0n, heldDownstream: 0n, heldHere: 0n, refunded: 0n, corrected: 0n };
  for (const lot of lots) {
    if (hopOf(key(lot.record, lot.idx)) === 0) summary.heldHere += BigInt(lot.held);
    else summary.heldDownstream += BigInt(lot.held);
  }
  const steps: SpendingStep[] = [];
  for (const s of slices) {
    const part = BigInt(s.amount);
    const where = whereOf(s.campaign_id, hopOf(key(s.lot_record, s.lot_idx)));
    const d = disbursementById.get(s.movement);
    const g = grantById.get(s.movement);
    const r = refundById.get(s.movement);
    const c = correctionById.get(s.movement);
    if (d) {
      if (d.confirmed) summary.delivered += part;
      else summary.paidUnconfirmed += part;
      steps.push({
        kind: "disbursed",
        at: iso(d.block_time),
        where,
        amount: s.amount,
        disbursementAmount: d.amount,
        recordId: s.movement,
        recipientCommitment: d.recipient_commitment,
        purpose: PURPOSES[d.purpose]!,
        evidenceSha256: d.evidence_hash,
        confirmed: d.confirmed,
        chain: chainOf(d),
      });
    } else if (g) {
      if (s.settled_how === null) summary.inTransit += part;
      const to = places.get(g.to_campaign_id)!;
      steps.push({
        kind: "granted",
        at: iso(g.block_time),
        where,
        amount: s.amount,
        grantAmount: g.amount,
        recordId: s.movement,
        toOrganisation: to.organisation,
        toCampaign: to.campaign,
        acknowledged: s.settled_how === "arrived",
        refused: s.settled_how === "returned",
        chain: chainOf(g),
      });
    } else if (r) {
      summary.refunded += part;
      steps.push({ kind: "refunded", at: iso(r.block_time), where, amount: s.amount, recordId: s.movement, chain: chainOf(r) });
    } else if (c) {
      summary.corrected += part;
      steps.push({ kind: "corrected", at: iso(c.block_time), where, amount: s.amount, recordId: s.movement, chain: chainOf(c) });
    }
  }
  const flagged = shortfalls.map((f) => {
    const refund = refundById.get(f.movement);
    return {
      recordId: f.movement,
      kind: refund ? ("refund" as const) : ("correction" as const),
      amount: refund ? refund.amount : (-BigInt(correctionById.get(f.movement)?.delta ?? "0")).toString(),
      shortfall: f.amount,
      reason: `It takes ${f.amount} more than this gift still held: invalid, and no other gift paid for it.`,
    };
  });
  const total = Object.values(summary).reduce((sum, v) => sum + v, 0n);
  const asText = Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, v.toString()])) as Summary;
  return { steps, flagged, summary: asText, consistent: total === amount && recordsAgree };
}

function placesOf(rows: TraceRows): Map<string, Place> {
  return new Map(rows.places.map((p) => [p.campaign_id, { campaign: { id: p.campaign_id, title: p.title }, organisation: { id: p.org_id, name: p.org_name }, currency: p.currency }]));
}

const iso = (time: string) => new Date(time).toISOString();
const chainOf = (r: ChainRow) => ({ blockNumber: r.block_number, txHash: r.tx_hash, logIndex: r.log_index });
