import type { Prisma } from "./prisma.ts";
import { cutMonths, type FlowKind } from "../domain/flows.ts";
import { addDays, type BlockSpan, type Period, type PeriodSpan, type PlacedSum } from "../domain/ledger.ts";
import { moneyUnit } from "../domain/money.ts";

/**
 * The reads behind the ledgers and the flow graph (ledgers.ts for services/get-campaign-ledger.ts,
 * get-organisation-ledger.ts, get-flows.ts), run inside their snapshot: the indexer's flow sums
 * over a range, the money held by age, the blocks of each period. Grouped either per campaign or
 * per currency across campaigns.
 */

type Tx = Prisma.TransactionClient;

/**
 * Runs a query and gives its rows, passed from Postgres as one JSON text: far cheaper than the
 * client's row-by-row decoding when a flow graph reads tens of thousands of sums.
 */
export async function readRows<T>(tx: Tx, sql: string, ...params: unknown[]): Promise<T[]> {
  const [row] = await tx.$queryRawUnsafe<{ rows: string }[]>(`SELECT coalesce(json_agg(q), '[]'::json)::text AS rows FROM (${sql}) q`, ...params);
  return JSON.parse(row!.rows) as T[];
}

/**
 * flow_daily and flow_monthly read as one table of sums over time, (day, campaign_id, kind,
 * counterpart, amount, count): each month whole from flow_monthly (dated by its first day), except
 * the months a range cuts (domain/flows.ts cutMonths), which come day by day from flow_daily. Any
 * filter on `day` by the range's bounds then gives what the days alone would, from far fewer rows.
 * Takes the cut months as four parameters from $first (start, next month's start; twice, null if
 * absent): cutMonthParams gives them.
 */
export function sumsOverTime(first: number): string {
  const [a, b, c, d] = [first, first + 1, first + 2, first + 3].map((n) => `$${n}::date`);
  return `(
  SELECT month AS day, campaign_id, kind, counterpart, amount, count FROM flow_monthly
   WHERE month IS DISTINCT FROM ${a} AND month IS DISTINCT FROM ${c}
  UNION ALL
  SELECT day, campaign_id, kind, counterpart, amount, count FROM flow_daily
   WHERE (day >= ${a} AND day < ${b}) OR (day >= ${c} AND day < ${d}))`;
}

/** The four parameters of sumsOverTime for the range from..to. */
export function cutMonthParams(range: { from: string; to: string }): (string | null)[] {
  const [a, b] = cutMonths(range.from, range.to);
  return [a?.start ?? null, a?.end ?? null, b?.start ?? null, b?.end ?? null];
}

/** Whose sums: these campaigns one by one, or these campaigns (an organisation's) together per currency. */
export interface SumsOf {
  campaignIds: bigint[];
  by: "campaign" | "currency";
}

function grouping(of: SumsOf): { join: string; key: string; group: string } {
  return of.by === "campaign"
    ? { join: "", key: "x.campaign_id::text AS campaign_id, NULL::int AS asset, NULL AS currency, NULL AS token", group: "x.campaign_id" }
    : { join: "JOIN campaign c ON c.id = x.campaign_id", key: "NULL AS campaign_id, c.asset::int AS asset, rtrim(c.currency) AS currency, c.token", group: "c.asset, c.currency, c.token" };
}

interface KeyColumns {
  campaign_id: string | null;
  asset: number | null;
  currency: string | null;
  token: string | null;
}

const keyOf = (r: KeyColumns) => r.campaign_id ?? moneyUnit({ asset: r.asset!, currency: r.currency!, token: r.token });

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** The sums of these campaigns before the range, per period within it, and after it, by kind and counterpart. */
export async function readPlacedSums(tx: Tx, of: SumsOf, range: { from: string; to: string }, period: Period): Promise<Map<string, PlacedSum[]>> {
  const g = grouping(of);
  const rows = await readRows<KeyColumns & { at: string; kind: FlowKind; counterpart: string; amount: string; count: string }>(
    tx,
    `SELECT ${g.key},
            CASE WHEN x.day < $6::date THEN 'before' WHEN x.day > $7::date THEN 'after'
                 ELSE to_char(date_trunc($8, x.day::timestamp), 'YYYY-MM-DD') END AS at,
            x.kind, x.counterpart, sum(x.amount)::text AS amount, sum(x.count)::text AS count
       FROM ${sumsOverTime(2)} x ${g.join}
      WHERE x.campaign_id = ANY($1::bigint[])
      GROUP BY ${g.group}, 5, x.kind, x.counterpart`,
    of.campaignIds.map(String),
    ...cutMonthParams(range),
    range.from,
    range.to,
    period,
  );
  const sums = new Map<string, PlacedSum[]>();
  for (const r of rows) push(sums, keyOf(r), { at: r.at, kind: r.kind, counterpart: r.counterpart, amount: BigInt(r.amount), count: Number(r.count) });
  return sums;
}

/** The money these campaigns hold now (lots with something left), by whole days since it arrived at `now`. */
export async function readHeldByAge(tx: Tx, of: SumsOf, now: Date): Promise<Map<string, { days: number; amount: bigint; lots: number }[]>> {
  const g = grouping(of);
  const rows = await readRows<KeyColumns & { days: number; amount: string; lots: number }>(
    tx,
    `SELECT ${g.key}, floor(extract(epoch FROM ($2::timestamptz - b.timestamp)) / 86400)::int AS days,
            sum(x.held)::text AS amount, count(*)::int AS lots
       FROM lot x JOIN chain_block b ON b.number = x.block_number ${g.join}
      WHERE x.held > 0 AND x.campaign_id = ANY($1::bigint[])
      GROUP BY ${g.group}, 5`,
    of.campaignIds.map(String),
    now.toISOString(),
  );
  const held = new Map<string, { days: number; amount: bigint; lots: number }[]>();
  for (const r of rows) push(held, keyOf(r), { days: Math.max(0, r.days), amount: BigInt(r.amount), lots: r.lots });
  return held;
}

/** For each period, the first and last block the mirror holds whose time (UTC) falls in its days. */
export async function readPeriodBlocks(tx: Tx, periods: PeriodSpan[]): Promise<Map<string, BlockSpan>> {
  if (periods.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<{ start: string; first: string | null; last: string | null }[]>(
    `SELECT p.start, f.number::text AS first, l.number::text AS last
       FROM unnest($1::text[], $2::date[], $3::date[]) AS p(start, day_from, day_after)
       LEFT JOIN LATERAL (SELECT number FROM chain_block
                           WHERE timestamp >= (p.day_from::timestamp AT TIME ZONE 'UTC') AND timestamp < (p.day_after::timestamp AT TIME ZONE 'UTC')
                           ORDER BY timestamp, number LIMIT 1) f ON true
       LEFT JOIN LATERAL (SELECT number FROM chain_block
                           WHERE timestamp >= (p.day_from::timestamp AT TIME ZONE 'UTC') AND timestamp < (p.day_after::timestamp AT TIME ZONE 'UTC')
                           ORDER BY timestamp DESC, number DESC LIMIT 1) l ON true`,
    periods.map((p) => p.start),
    periods.map((p) => p.from),
    periods.map((p) => addDays(p.to, 1)),
  );
  return new Map(rows.filter((r) => r.first !== null && r.last !== null).map((r) => [r.start, { first: r.first!, last: r.last! }]));
}

/** The UTC day of a block the mirror holds (a campaign's opening, an organisation's registration). */
export async function readBlockDay(tx: Tx, block: bigint): Promise<string | undefined> {
  const row = await tx.chainBlock.findUnique({ where: { number: block }, select: { timestamp: true } });
  return row?.timestamp.toISOString().slice(0, 10);
}
