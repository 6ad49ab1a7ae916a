import type pg from "pg";
import { inSnapshot } from "../db/transaction.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { buildFlowGraphs, type CampaignFacts, type FlowGraph, type FlowTotal } from "../domain/flow-graph.ts";
import { wholePeriod, type FlowKind } from "../domain/flows.ts";
import { resolveRange } from "../domain/ledger.ts";
import { moneyUnit } from "../domain/money.ts";
import type { Purpose } from "../domain/schemas.ts";
import { cutMonthParams, sumsOverTime } from "../db/ledger-sums.ts";

export interface Flows {
  /** The days covered (inclusive, UTC). */
  from: string;
  to: string;
  organisation: string | null;
  category: Purpose | null;
  /** One graph per currency. */
  currencies: FlowGraph[];
  asOfBlock: string | null;
}

const GRAPH_KINDS: FlowKind[] = ["donation", "disbursement", "grant_out", "grant_acknowledged", "grant_refused"];
const GRANT_KINDS: FlowKind[] = ["grant_out", "grant_acknowledged", "grant_refused"];

/**
 * The flow graph over a range of days, from the indexer's daily and monthly sums: donations by channel into
 * campaigns, grants between campaigns (by the day they were sent, with their answer so far),
 * disbursements by purpose. `organisation` keeps the flows touching its campaigns; `category`
 * keeps only disbursements of that purpose. Without `from`, from the first money moved; without
 * `to`, to today.
 */
export async function getFlows(options: { pool: pg.Pool; from?: string; to?: string; organisation?: bigint; category?: Purpose; now?: Date }): Promise<Flows> {
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  return inSnapshot(options.pool, async (client) => {
    // The snapshot is taken here: the cursor, the organisation and everything after are as of one block.
    const { rows: [facts] } = await client.query<{ block: string | null; first: string | null; known: boolean; own: string[] | null }>(
      `SELECT (SELECT block_number::text FROM indexer_cursor WHERE id = 1) AS block,
              (SELECT to_char(min(day), 'YYYY-MM-DD') FROM flow_daily) AS first,
              EXISTS (SELECT 1 FROM organisation WHERE id = $1::bigint) AS known,
              (SELECT array_agg(id::text) FROM campaign WHERE org_id = $1::bigint) AS own`,
      [options.organisation?.toString() ?? null],
    );
    if (options.organisation !== undefined && !facts!.known) {
      throw new AppError(AppErrorCode.NotFound, `No organisation ${options.organisation} is in the ledger.`, { errors: [{ field: "organisation", reason: "unknown organisation" }] });
    }
    const own = options.organisation !== undefined ? (facts!.own ?? []) : null;
    const range = resolveRange(options, { from: facts!.first ?? today, to: today }, "year");

    // A range that is one stored period (a calendar quarter, a month) is read as it is stored;
    // any other is summed from months and days. Either way narrowed in SQL to what the filters can
    // keep (the graph applies them exactly), and rows come as arrays: a quarter of every
    // organisation's flows is tens of thousands of them.
    const period = wholePeriod(range.from, range.to);
    // $1 to $4: the kinds, the organisation's campaigns, the grant kinds and the category.
    const filters = `x.kind = ANY($1::text[])
                AND ($2::bigint[] IS NULL OR x.campaign_id = ANY($2::bigint[]) OR (x.kind = ANY($3::text[]) AND x.counterpart = ANY($2::bigint[]::text[])))
                AND ($4::text IS NULL OR x.kind <> 'disbursement' OR x.counterpart = $4::text)`;
    const filterValues = [GRAPH_KINDS, own, GRANT_KINDS, options.category ?? null];
    let rows: [string, FlowKind, string, string, number][];
    if (period) {
      const date = period.table === "flow_quarterly" ? "quarter" : "month";
      ({ rows } = await client.query({
        rowMode: "array",
        text: `SELECT x.campaign_id::text, x.kind, x.counterpart, x.amount::text, x.count::int FROM ${period.table} x WHERE x.${date} = $5::date AND ${filters}`,
        values: [...filterValues, period.start],
      }));
    } else {
      // Summing a quarter of every campaign's flows takes more than the default 4 MB to stay in memory.
      await client.query(`SET LOCAL work_mem = '64MB'`);
      ({ rows } = await client.query({
        rowMode: "array",
        text: `SELECT x.campaign_id::text, x.kind, x.counterpart, sum(x.amount)::text, sum(x.count)::int
                 FROM ${sumsOverTime(5)} x
                WHERE x.day >= $9::date AND x.day <= $10::date AND ${filters}
                GROUP BY x.campaign_id, x.kind, x.counterpart`,
        values: [...filterValues, ...cutMonthParams(range), range.from, range.to],
      }));
    }
    const totals: FlowTotal[] = rows.map(([campaignId, kind, counterpart, amount, count]) => ({ campaignId: BigInt(campaignId), kind, counterpart, amount: BigInt(amount), count }));

    const ids = new Set<string>();
    for (const [campaignId, kind, counterpart] of rows) {
      ids.add(campaignId);
      if (GRANT_KINDS.includes(kind)) ids.add(counterpart);
    }
    const { rows: campaignRows } = await client.query<{ id: string; org_id: string; title: string; asset: number; currency: string; token: string | null; name: string }>(
      `SELECT c.id::text, c.org_id::text, c.title, c.asset::int, c.currency, c.token, o.name
         FROM campaign c JOIN organisation o ON o.id = c.org_id WHERE c.id = ANY($1::bigint[])`,
      [[...ids]],
    );
    const campaigns = new Map<bigint, CampaignFacts>(campaignRows.map((c) => [BigInt(c.id), { id: BigInt(c.id), orgId: BigInt(c.org_id), title: c.title, unit: moneyUnit(c) }]));
    const organisations = new Map(campaignRows.map((c) => [BigInt(c.org_id), { name: c.name }]));
    return {
      ...range,
      organisation: options.organisation?.toString() ?? null,
      category: options.category ?? null,
      currencies: buildFlowGraphs({
        totals,
        campaigns,
        organisations,
        ...(options.organisation !== undefined ? { organisation: options.organisation } : {}),
        ...(options.category !== undefined ? { category: options.category } : {}),
      }),
      asOfBlock: facts!.block,
    };
  });
}
