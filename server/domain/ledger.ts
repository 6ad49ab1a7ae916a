import { AppError, AppErrorCode } from "./errors.ts";
import { FLOW_KINDS, type FlowKind } from "./flows.ts";
import { CHANNELS, PURPOSES, type Channel, type Purpose } from "./schemas.ts";

/**
 * A ledger: money in, out and held, by period, with the share spent on each purpose and the age
 * of the money still held. Built from sums (the indexer's flow_daily rows, already summed per
 * period) with integer arithmetic only: amounts are bigint, shares are basis points.
 */

export const PERIODS = ["month", "quarter", "year"] as const;
export type Period = (typeof PERIODS)[number];

/** A ledger lists at most this many periods (a century of quarters). */
export const MAX_PERIODS = 400;

/** One period of a range: its label, where the whole period starts, and the part of it in the range. */
export interface PeriodSpan {
  period: string;
  /** The first day of the whole period: how the sums are keyed. */
  start: string;
  /** The first and last day of the period within the range (inclusive). */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return dayOf(new Date(toDate(day).getTime() + days * DAY_MS));
}

/** The first day of the period holding `day` (as Postgres's date_trunc gives it). */
export function periodStart(day: string, period: Period): string {
  const d = toDate(day);
  const year = d.getUTCFullYear();
  const month = period === "year" ? 0 : period === "quarter" ? d.getUTCMonth() - (d.getUTCMonth() % 3) : d.getUTCMonth();
  return dayOf(new Date(Date.UTC(year, month, 1)));
}

function nextPeriodStart(start: string, period: Period): string {
  const d = toDate(start);
  const months = period === "year" ? 12 : period === "quarter" ? 3 : 1;
  return dayOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

/** "2026-03", "2026-Q1", "2026". */
export function periodLabel(start: string, period: Period): string {
  const [year, month] = start.split("-");
  if (period === "year") return year!;
  if (period === "quarter") return `${year}-Q${Math.floor((Number(month) - 1) / 3) + 1}`;
  return `${year}-${month}`;
}

/** Every period from `from` to `to` (inclusive days), the first and last cut to the range. */
export function periodsBetween(from: string, to: string, period: Period): PeriodSpan[] {
  const spans: PeriodSpan[] = [];
  for (let start = periodStart(from, period); start <= to; start = nextPeriodStart(start, period)) {
    const end = addDays(nextPeriodStart(start, period), -1);
    spans.push({ period: periodLabel(start, period), start, from: start < from ? from : start, to: end > to ? to : end });
  }
  return spans;
}

/** How many periods `periodsBetween` would list, without listing them. */
export function countPeriods(from: string, to: string, period: Period): number {
  if (to < from) return 0;
  const months = period === "year" ? 12 : period === "quarter" ? 3 : 1;
  const a = toDate(periodStart(from, period));
  const b = toDate(periodStart(to, period));
  return ((b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth()) / months + 1;
}

/**
 * Each amount's share of their sum in basis points (1/100 of a percent), in integers: each share
 * is rounded down, then the points left are given one each to the largest remainders (earlier
 * amounts first on a tie), so the shares add up to exactly 10,000. All zero when the sum is zero.
 */
export function shareBasisPoints(amounts: bigint[]): number[] {
  const total = amounts.reduce((a, b) => a + b, 0n);
  if (total === 0n) return amounts.map(() => 0);
  const shares = amounts.map((a) => (a * 10_000n) / total);
  const remainders = amounts.map((a, i) => ({ i, r: (a * 10_000n) % total }));
  let left = 10_000n - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i]! += 1n;
    left -= 1n;
  }
  return shares.map(Number);
}

/**
 * Age buckets of money held, in whole days since it arrived: floor((now - arrival) / 24 h), never
 * negative (inclusive bounds; `toDays` null: no end).
 */
export const AGE_BUCKETS = [
  { bucket: "0-30", fromDays: 0, toDays: 30 },
  { bucket: "31-90", fromDays: 31, toDays: 90 },
  { bucket: "91-180", fromDays: 91, toDays: 180 },
  { bucket: "181-365", fromDays: 181, toDays: 365 },
  { bucket: ">365", fromDays: 366, toDays: null },
] as const;

export interface AgeBucket {
  bucket: string;
  fromDays: number;
  toDays: number | null;
  amount: string;
  /** Lots (money that arrived together, from one gift) in the bucket. */
  lots: number;
}

/** Money held, by age bucket, from amounts held per age in days. */
export function ageBuckets(held: { days: number; amount: bigint; lots: number }[]): { total: string; buckets: AgeBucket[] } {
  const sums = AGE_BUCKETS.map(() => ({ amount: 0n, lots: 0 }));
  for (const h of held) {
    const i = AGE_BUCKETS.findIndex((b) => b.toDays === null || h.days <= b.toDays);
    sums[i]!.amount += h.amount;
    sums[i]!.lots += h.lots;
  }
  return {
    total: sums.reduce((a, s) => a + s.amount, 0n).toString(),
    buckets: AGE_BUCKETS.map((b, i) => ({ ...b, amount: sums[i]!.amount.toString(), lots: sums[i]!.lots })),
  };
}

/** A sum of records: their amount (minor units, as a string) and how many there were. */
export interface Sum {
  amount: string;
  count: number;
}

/** Money in and out over some span, from the sums of flow_daily. */
export interface LedgerFigures {
  in: { donations: Sum; grantsReceived: Sum; grantsReturned: Sum; corrections: Sum; total: string };
  out: { grantsSent: Sum; disbursements: Sum; refunds: Sum; corrections: Sum; total: string };
  /** In minus out: what the span added to the money held (negative as "-…"). */
  net: string;
  donationsByChannel: ({ channel: Channel } & Sum)[];
  /** Disbursements by purpose, with each one's share of all disbursed in basis points (adding up to 10,000). */
  spending: ({ purpose: Purpose; shareBasisPoints: number } & Sum)[];
}

/** A sum of flow_daily rows of one kind and counterpart. */
export interface FlowSum {
  kind: FlowKind;
  counterpart: string;
  amount: bigint;
  count: number;
}

const sumOf = (rows: FlowSum[], kind: FlowKind, counterpart?: string) => {
  let amount = 0n;
  let count = 0;
  for (const r of rows) {
    if (r.kind === kind && (counterpart === undefined || r.counterpart === counterpart)) {
      amount += r.amount;
      count += r.count;
    }
  }
  return { amount, count };
};
const show = (s: { amount: bigint; count: number }): Sum => ({ amount: s.amount.toString(), count: s.count });

/** What the rows added to the money held: money in less money out. */
export function netOf(rows: FlowSum[]): bigint {
  let net = 0n;
  for (const r of rows) {
    const side = FLOW_KINDS[r.kind];
    if (side === "in") net += r.amount;
    else if (side === "out") net -= r.amount;
  }
  return net;
}

export function ledgerFigures(rows: FlowSum[]): LedgerFigures {
  const moneyIn = { donations: sumOf(rows, "donation"), grantsReceived: sumOf(rows, "grant_in"), grantsReturned: sumOf(rows, "grant_returned"), corrections: sumOf(rows, "correction_in") };
  const moneyOut = { grantsSent: sumOf(rows, "grant_out"), disbursements: sumOf(rows, "disbursement"), refunds: sumOf(rows, "refund"), corrections: sumOf(rows, "correction_out") };
  const totalIn = moneyIn.donations.amount + moneyIn.grantsReceived.amount + moneyIn.grantsReturned.amount + moneyIn.corrections.amount;
  const totalOut = moneyOut.grantsSent.amount + moneyOut.disbursements.amount + moneyOut.refunds.amount + moneyOut.corrections.amount;
  const spent = PURPOSES.map((purpose) => ({ purpose, ...sumOf(rows, "disbursement", purpose) }));
  const shares = shareBasisPoints(spent.map((s) => s.amount));
  return {
    in: {
      donations: show(moneyIn.donations),
      grantsReceived: show(moneyIn.grantsReceived),
      grantsReturned: show(moneyIn.grantsReturned),
      corrections: show(moneyIn.corrections),
      total: totalIn.toString(),
    },
    out: {
      grantsSent: show(moneyOut.grantsSent),
      disbursements: show(moneyOut.disbursements),
      refunds: show(moneyOut.refunds),
      corrections: show(moneyOut.corrections),
      total: totalOut.toString(),
    },
    net: (totalIn - totalOut).toString(),
    donationsByChannel: CHANNELS.map((channel) => ({ channel, ...show(sumOf(rows, "donation", channel)) })),
    spending: spent.map((s, i) => ({ purpose: s.purpose, amount: s.amount.toString(), count: s.count, shareBasisPoints: shares[i]! })),
  };
}

/** The first and last block whose time falls in a period: its records are in these blocks. */
export interface BlockSpan {
  first: string;
  last: string;
}

export interface LedgerPeriod extends LedgerFigures {
  period: string;
  from: string;
  to: string;
  /** The blocks of the period (null when the mirror holds none): every record summed here is in them. */
  blocks: BlockSpan | null;
  heldAtStart: string;
  heldAtEnd: string;
}

export interface LedgerBody {
  /** Over the whole range: what was held on its first day's start and its last day's end, and what moved between. */
  totals: LedgerFigures & { heldAtStart: string; heldAtEnd: string };
  periods: LedgerPeriod[];
  /** Now (as of the answer's block): what the campaign holds, and its grants sent that no one has answered yet. */
  held: { now: string; grantsInTransit: Sum };
  /** The money held now, by how long ago it arrived (from the allocation's lots). */
  age: { agedAt: string; total: string; buckets: AgeBucket[] };
}

/** A flow_daily sum placed in time: before the range, in the period starting on a day, or after the range. */
export type PlacedSum = FlowSum & { at: "before" | "after" | string };

/** Puts sums, periods, block spans and ages together into a ledger. */
export function buildLedger(input: {
  sums: PlacedSum[];
  periods: PeriodSpan[];
  blocks: Map<string, BlockSpan>;
  held: { days: number; amount: bigint; lots: number }[];
  agedAt: Date;
}): LedgerBody {
  const inRange = input.sums.filter((s) => s.at !== "before" && s.at !== "after");
  let held = netOf(input.sums.filter((s) => s.at === "before"));
  const heldAtStart = held;
  const periods = input.periods.map((span): LedgerPeriod => {
    const rows = inRange.filter((s) => s.at === span.start);
    const start = held;
    held += netOf(rows);
    return { period: span.period, from: span.from, to: span.to, blocks: input.blocks.get(span.start) ?? null, heldAtStart: start.toString(), heldAtEnd: held.toString(), ...ledgerFigures(rows) };
  });
  const sent = sumOf(input.sums, "grant_out");
  const answered = [sumOf(input.sums, "grant_acknowledged"), sumOf(input.sums, "grant_refused")];
  return {
    totals: { heldAtStart: heldAtStart.toString(), heldAtEnd: (heldAtStart + netOf(inRange)).toString(), ...ledgerFigures(inRange) },
    periods,
    held: {
      now: netOf(input.sums).toString(),
      grantsInTransit: show({ amount: answered.reduce((a, s) => a - s.amount, sent.amount), count: answered.reduce((a, s) => a - s.count, sent.count) }),
    },
    age: { agedAt: input.agedAt.toISOString(), ...ageBuckets(input.held) },
  };
}

/**
 * The days a ledger covers: `from` and `to` as asked, else from the day it began (the campaign
 * opened, the organisation registered) to today. A bound asked for alone moves the other one to
 * meet it rather than leave an empty range; both asked for the wrong way round is refused, and so
 * is a range of more than MAX_PERIODS periods.
 */
export function resolveRange(asked: { from?: string; to?: string }, defaults: { from: string; to: string }, period: Period): { from: string; to: string } {
  let from = asked.from ?? defaults.from;
  let to = asked.to ?? defaults.to;
  if (to < from) {
    if (asked.from !== undefined && asked.to !== undefined) {
      throw new AppError(AppErrorCode.InvalidRequest, "The range ends before it begins.", { errors: [{ field: "to", reason: `must not be before from (${from})` }] });
    }
    if (asked.from === undefined) from = to;
    else to = from;
  }
  const count = countPeriods(from, to, period);
  if (count > MAX_PERIODS) {
    throw new AppError(AppErrorCode.InvalidRequest, `From ${from} to ${to} there are ${count} periods of a ${period}; a ledger lists at most ${MAX_PERIODS}.`, {
      errors: [{ field: "from", reason: `gives more than ${MAX_PERIODS} periods; choose a later from or a longer period` }],
    });
  }
  return { from, to };
}
