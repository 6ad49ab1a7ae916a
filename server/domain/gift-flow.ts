import type { DonationTrace, Where } from "./trace.ts";

/**
 * Where a gift went, organisation by organisation, for the tracking page's picture. Derived
 * only from the trace's steps, in exact minor units: each place's parts add up to what it
 * received, and the parts that end somewhere (spent, held, waiting, refunded, corrected) add up
 * to the whole gift, because what one place passed on is exactly what the next received.
 */
export type FlowPartKind = "spent" | "refunded" | "corrected" | "held" | "inTransit" | "passedOn";

export interface FlowPart {
  kind: FlowPartKind;
  amount: bigint;
  /** For passed-on and in-transit parts: who it went to. */
  to?: { id: string; name: string };
  /** For passed-on parts: the place (an index into `places`) that received it. */
  toPlace?: number;
}

export interface FlowPlace {
  hop: number;
  organisation: { id: string; name: string };
  campaign: { id: string; title: string };
  received: bigint;
  /** Where this place's part starts along the gift, so a picture can draw it under what passed it on. */
  offset: bigint;
  /** In drawing order; passed-on parts last, so what they reached sits at the right end. */
  parts: FlowPart[];
}

export interface GiftFlow {
  amount: bigint;
  /** Depth first: each place, then the places it passed the gift on to. */
  places: FlowPlace[];
}

const ORDER: FlowPartKind[] = ["spent", "refunded", "corrected", "held", "inTransit", "passedOn"];

/**
 * The gift's flow, or undefined when there is nothing trustworthy to draw: not on the ledger yet,
 * the mirror inconsistent, or the steps not adding up (a place spending more than it received,
 * or totals that disagree with the trace's own summary).
 */
export function giftFlow(trace: DonationTrace): GiftFlow | undefined {
  if (trace.status !== "confirmed" || trace.inconsistent) return undefined;
  const amount = BigInt(trace.amount);
  if (amount <= 0n) return undefined;

  interface Tally {
    where: Where;
    received: bigint;
    sums: Map<string, FlowPart>;
    children: string[];
  }
  const key = (hop: number, campaignId: string) => `${hop}:${campaignId}`;
  const tallies = new Map<string, Tally>();
  const place = (where: Where): Tally => {
    const k = key(where.hop, where.campaign.id);
    let tally = tallies.get(k);
    if (!tally) tallies.set(k, (tally = { where, received: 0n, sums: new Map(), children: [] }));
    return tally;
  };
  const add = (tally: Tally, kind: FlowPartKind, value: bigint, to?: { id: string; name: string }, childKey?: string) => {
    const k = `${kind}:${childKey ?? to?.id ?? ""}`;
    const part = tally.sums.get(k) ?? { kind, amount: 0n, ...(to ? { to } : {}) };
    part.amount += value;
    tally.sums.set(k, part);
  };

  place({ hop: 0, organisation: trace.organisation, campaign: trace.campaign }).received = amount;
  for (const step of trace.steps) {
    if (!("where" in step)) continue;
    const here = place(step.where);
    const value = BigInt(step.amount);
    if (step.kind === "disbursed") add(here, "spent", value);
    else if (step.kind === "refunded") add(here, "refunded", value);
    else if (step.kind === "corrected") add(here, "corrected", value);
    else if (step.kind === "granted" && !step.refused) {
      if (!step.acknowledged) {
        add(here, "inTransit", value, step.toOrganisation);
        continue;
      }
      // A grant the receiver accepted: its part now belongs to the receiving campaign.
      const child = place({ hop: step.where.hop + 1, organisation: step.toOrganisation, campaign: step.toCampaign });
      const childKey = key(step.where.hop + 1, step.toCampaign.id);
      child.received += value;
      add(here, "passedOn", value, step.toOrganisation, childKey);
      if (!here.children.includes(childKey)) here.children.push(childKey);
    }
  }

  // Depth first from the gift's own campaign, each place once, with its offset along the gift.
  const places: FlowPlace[] = [];
  const seen = new Set<string>();
  const visit = (k: string, offset: bigint): boolean => {
    if (seen.has(k)) return true;
    seen.add(k);
    const tally = tallies.get(k)!;
    const parts = [...tally.sums.entries()].map(([partKey, part]) => ({ ...part, childKey: partKey.slice(partKey.indexOf(":") + 1) }));
    const used = parts.reduce((sum, p) => sum + p.amount, 0n);
    if (used > tally.received) return false;
    if (tally.received - used > 0n || k === key(0, trace.campaign.id)) parts.push({ kind: "held", amount: tally.received - used, childKey: "" });
    parts.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
    const flowPlace: FlowPlace = { ...tally.where, received: tally.received, offset, parts: [] };
    places.push(flowPlace);
    let at = offset;
    for (const { childKey, ...part } of parts) {
      if (part.kind === "passedOn") {
        if (!visit(childKey, at)) return false;
        flowPlace.parts.push({ ...part, toPlace: places.findIndex((p) => key(p.hop, p.campaign.id) === childKey) });
      } else {
        flowPlace.parts.push(part);
      }
      at += part.amount;
    }
    return true;
  };
  if (!visit(key(0, trace.campaign.id), 0n)) return undefined;
  if (places.length !== tallies.size) return undefined;

  const flow = { amount, places };
  return agreesWithSummary(flow, trace) ? flow : undefined;
}

/** The parts that end somewhere: every part but passed-on ones. They add up to the gift. */
export function endParts(flow: GiftFlow): (FlowPart & { place: FlowPlace })[] {
  return flow.places.flatMap((place) => place.parts.filter((p) => p.kind !== "passedOn").map((p) => ({ ...p, place })));
}

/** A second derivation to check against: the trace's summary of where the gift is now. */
function agreesWithSummary(flow: GiftFlow, trace: DonationTrace): boolean {
  const total = (kind: FlowPartKind, where: (place: FlowPlace) => boolean = () => true) =>
    endParts(flow)
      .filter((p) => p.kind === kind && where(p.place))
      .reduce((sum, p) => sum + p.amount, 0n);
  const s = trace.summary;
  return (
    endParts(flow).reduce((sum, p) => sum + p.amount, 0n) === flow.amount &&
    total("spent") === BigInt(s.delivered) + BigInt(s.paidUnconfirmed) &&
    total("held", (p) => p.hop === 0) === BigInt(s.heldHere) &&
    total("held", (p) => p.hop > 0) === BigInt(s.heldDownstream) &&
    total("inTransit") === BigInt(s.inTransit)
  );
}
