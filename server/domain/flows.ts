import { CHANNELS, PURPOSES } from "./schemas.ts";

/**
 * Money moved, per campaign and UTC day: the rules behind the indexer's `flow_daily` table, from
 * which the ledgers and the flow graph are read. Each money event adds one entry (a grant's
 * answer adds two); an entry's day is its block's day in UTC, except where said. Entries only ever
 * add up, so a range of blocks is added in bulk and a reorganisation subtracts the entries of the
 * blocks it removed.
 */
export const FLOW_KINDS = {
  // Money into the campaign.
  /** A donation; counterpart: its channel. */
  donation: "in",
  /** A grant acknowledged by this, the receiving campaign; counterpart: the sending campaign. */
  grant_in: "in",
  /** A grant this campaign sent that was refused, so its money came back; counterpart: the campaign that refused. */
  grant_returned: "in",
  /** A positive correction, on the day an auditor approved it. */
  correction_in: "in",
  // Money out of the campaign.
  /** A grant sent; counterpart: the receiving campaign. */
  grant_out: "out",
  /** A disbursement; counterpart: its purpose. */
  disbursement: "out",
  /** A donation refunded. */
  refund: "out",
  /** A negative correction (the amount taken). */
  correction_out: "out",
  // What became of the grants a campaign sent, dated by the day each grant was sent (not money moving again).
  /** Counterpart: the receiving campaign. */
  grant_acknowledged: "outcome",
  /** Counterpart: the receiving campaign. */
  grant_refused: "outcome",
} as const;
export type FlowKind = keyof typeof FLOW_KINDS;

/** The events that add entries. */
export const FLOW_EVENTS = ["DonationRecorded", "GrantMade", "GrantAcknowledged", "GrantRefused", "DisbursementRecorded", "DonationRefunded", "RecordCorrected", "CorrectionApproved"] as const;

/** Events whose entries need the grant they answer (its campaigns and the day it was sent). */
export const GRANT_ANSWERS = new Set<string>(["GrantAcknowledged", "GrantRefused"]);

export interface FlowEntry {
  /** YYYY-MM-DD, UTC. */
  day: string;
  campaignId: bigint;
  kind: FlowKind;
  /** The channel, the purpose, the other campaign's id, or "". */
  counterpart: string;
  amount: bigint;
}

/** A grant as its answer needs it: who sent it to whom, and when (seconds since the epoch). */
export interface GrantFacts {
  fromCampaignId: bigint;
  toCampaignId: bigint;
  time: bigint;
}

/** The UTC day of a time in seconds since the epoch. */
export function utcDay(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 10);
}

const big = (v: unknown) => BigInt(v as string | bigint);

/**
 * The entries of one event, from its fields (as decoded, or as stored in `ledger_event.args`),
 * the time of its block (seconds) and, for a grant's answer, the grant. Other events add none.
 */
export function flowEntriesOf(name: string, args: Record<string, unknown>, time: bigint, grant?: GrantFacts): FlowEntry[] {
  const day = utcDay(time);
  const entry = (campaignId: bigint, kind: FlowKind, counterpart: string, amount: bigint, on = day): FlowEntry => ({ day: on, campaignId, kind, counterpart, amount });
  switch (name) {
    case "DonationRecorded":
      return [entry(big(args.campaignId), "donation", nameOf(CHANNELS, args.channel), big(args.amount))];
    case "DisbursementRecorded":
      return [entry(big(args.campaignId), "disbursement", nameOf(PURPOSES, args.purpose), big(args.amount))];
    case "GrantMade":
      return [entry(big(args.fromCampaignId), "grant_out", big(args.toCampaignId).toString(), big(args.amount))];
    case "GrantAcknowledged": {
      const g = need(grant, args);
      return [
        entry(g.toCampaignId, "grant_in", g.fromCampaignId.toString(), big(args.amount)),
        entry(g.fromCampaignId, "grant_acknowledged", g.toCampaignId.toString(), big(args.amount), utcDay(g.time)),
      ];
    }
    case "GrantRefused": {
      const g = need(grant, args);
      return [
        entry(g.fromCampaignId, "grant_returned", g.toCampaignId.toString(), big(args.amount)),
        entry(g.fromCampaignId, "grant_refused", g.toCampaignId.toString(), big(args.amount), utcDay(g.time)),
      ];
    }
    case "DonationRefunded":
      return [entry(big(args.campaignId), "refund", "", big(args.amount))];
    case "RecordCorrected": {
      // A positive correction enters only when approved (CorrectionApproved).
      const delta = big(args.delta);
      return delta < 0n ? [entry(big(args.campaignId), "correction_out", "", -delta)] : [];
    }
    case "CorrectionApproved":
      return [entry(big(args.campaignId), "correction_in", "", big(args.amount))];
  }
  return [];
}

function need(grant: GrantFacts | undefined, args: Record<string, unknown>): GrantFacts {
  if (!grant) throw new Error(`the answer to grant ${String(args.grantId)} came without the grant`);
  return grant;
}

/** An enum value by its name; one the project does not know (a newer contract) by its number. */
function nameOf(names: readonly string[], value: unknown): string {
  return names[Number(value)] ?? String(value);
}

/** Entries summed by day, campaign, kind and counterpart: one row each, as the table keeps them. */
export function sumFlowEntries(entries: FlowEntry[]): (FlowEntry & { count: number })[] {
  const sums = new Map<string, FlowEntry & { count: number }>();
  for (const e of entries) {
    const key = `${e.day}|${e.campaignId}|${e.kind}|${e.counterpart}`;
    const known = sums.get(key);
    if (known) {
      known.amount += e.amount;
      known.count += 1;
    } else sums.set(key, { ...e, count: 1 });
  }
  return [...sums.values()];
}

/** The first day of a day's month: how flow_monthly keys its sums. */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The first day of a day's calendar quarter: how flow_quarterly keys its sums. */
export function quarterOf(day: string): string {
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, "0")}-01`;
}

/**
 * The one stored period a range of days is, if it is exactly one: a calendar quarter
 * (flow_quarterly) or a month (flow_monthly). Such a range is read as it is stored, with nothing to add up.
 */
export function wholePeriod(from: string, to: string): { table: "flow_quarterly" | "flow_monthly"; start: string } | undefined {
  const next = new Date(`${to}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const after = next.toISOString().slice(0, 10);
  const monthsLater = (day: string, months: number) => {
    const d = new Date(`${day}T00:00:00Z`);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)).toISOString().slice(0, 10);
  };
  if (from === quarterOf(from) && after === monthsLater(from, 3)) return { table: "flow_quarterly", start: from };
  if (from === monthOf(from) && after === monthsLater(from, 1)) return { table: "flow_monthly", start: from };
  return undefined;
}

/**
 * The months a range of days cuts (the month of `from` unless it starts on the 1st, the month of
 * `to` unless it ends on the last day), at most two, each as its first day and the next month's:
 * those are read day by day from flow_daily, every other month whole from flow_monthly, and the
 * sums come out the same as from days alone.
 */
export function cutMonths(from: string, to: string): { start: string; end: string }[] {
  const starts = new Set<string>();
  if (from !== monthOf(from)) starts.add(monthOf(from));
  const next = new Date(`${to}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  if (next.getUTCDate() !== 1) starts.add(monthOf(to));
  return [...starts].map((start) => {
    const d = new Date(`${start}T00:00:00Z`);
    return { start, end: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10) };
  });
}
