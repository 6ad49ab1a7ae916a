import type { Db } from "../db/prisma.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { buildFlowGraphs, type CampaignFacts, type FlowGraph, type FlowTotal } from "../domain/flow-graph.ts";
import type { FlowKind } from "../domain/flows.ts";
import { resolveRange } from "../domain/ledger.ts";
import { moneyUnit } from "../domain/money.ts";
import type { Purpose } from "../domain/schemas.ts";
import { readConsistent } from "./read-consistent.ts";
import { SUMS_OVER_TIME, cutMonthParams, readRows } from "./read-ledger-sums.ts";

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
export async function getFlows(options: { db: Db; from?: string; to?: string; organisation?: bigint; category?: Purpose; now?: Date }): Promise<Flows> {
  const now = options.now ?? new Date();
  const { result, asOfBlock } = await readConsistent(options.db, async (tx) => {
    let own: bigint[] | undefined;
    if (options.organisation !== undefined) {
      const organisation = await tx.organisation.findUnique({ where: { id: options.organisation }, select: { id: true } });
      if (!organisation) {
        throw new AppError(AppErrorCode.NotFound, `No organisation ${options.organisation} is in the ledger.`, { errors: [{ field: "organisation", reason: "unknown organisation" }] });
      }
      own = (await tx.campaign.findMany({ where: { orgId: organisation.id }, select: { id: true } })).map((c) => c.id);
    }
    const today = now.toISOString().slice(0, 10);
    const first = await tx.flowDaily.findFirst({ orderBy: { day: "asc" }, select: { day: true } });
    const range = resolveRange(options, { from: first ? first.day.toISOString().slice(0, 10) : today, to: today }, "year");

    // Narrowed in SQL to what the filters can keep; the graph applies them exactly. Summing a
    // quarter of every campaign's flows takes more than the default 4 MB to stay in memory.
    await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
    const rows = await readRows<{ campaign_id: string; kind: FlowKind; counterpart: string; amount: string; count: string }>(
      tx,
      `SELECT x.campaign_id::text, x.kind, x.counterpart, sum(x.amount)::text AS amount, sum(x.count)::text AS count
         FROM ${SUMS_OVER_TIME} x
        WHERE x.day >= $6::date AND x.day <= $7::date AND x.kind = ANY($8::text[])
          AND ($1::bigint[] IS NULL OR x.campaign_id = ANY($1::bigint[]) OR (x.kind = ANY($9::text[]) AND x.counterpart = ANY($10::text[])))
          AND ($11::text IS NULL OR x.kind <> 'disbursement' OR x.counterpart = $11::text)
        GROUP BY x.campaign_id, x.kind, x.counterpart`,
      own?.map(String) ?? null,
      ...cutMonthParams(range),
      range.from,
      range.to,
      GRAPH_KINDS,
      GRANT_KINDS,
      own?.map(String) ?? null,
      options.category ?? null,
    );
    const totals: FlowTotal[] = rows.map((r) => ({ campaignId: BigInt(r.campaign_id), kind: r.kind, counterpart: r.counterpart, amount: BigInt(r.amount), count: Number(r.count) }));

    const ids = new Set<bigint>();
    for (const t of totals) {
      ids.add(t.campaignId);
      if (GRANT_KINDS.includes(t.kind)) ids.add(BigInt(t.counterpart));
    }
    const campaignRows = await readRows<{ id: string; org_id: string; title: string; asset: number; currency: string; token: string | null; name: string }>(
      tx,
      `SELECT c.id::text, c.org_id::text, c.title, c.asset::int, c.currency, c.token, o.name
         FROM campaign c JOIN organisation o ON o.id = c.org_id WHERE c.id = ANY($1::bigint[])`,
      [...ids].map(String),
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
    };
  });
  return { ...result, asOfBlock };
}
