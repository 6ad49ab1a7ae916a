import type { FlowStore } from "../db/flows.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { buildFlowGraphs, type CampaignFacts, type FlowGraph, type FlowTotal } from "../domain/flow-graph.ts";
import type { FlowKind } from "../domain/flows.ts";
import { resolveRange } from "../domain/ledger.ts";
import { moneyUnit } from "../domain/money.ts";
import type { Purpose } from "../domain/schemas.ts";

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
export async function getFlows(options: { flows: FlowStore; from?: string; to?: string; organisation?: bigint; category?: Purpose; now?: Date }): Promise<Flows> {
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  return options.flows.inSnapshot(async (reads) => {
    // The snapshot is taken here: the cursor, the organisation and everything after are as of one block.
    const facts = await reads.facts(options.organisation);
    if (options.organisation !== undefined && !facts.known) {
      throw new AppError(AppErrorCode.NotFound, `No organisation ${options.organisation} is in the ledger.`, { errors: [{ field: "organisation", reason: "unknown organisation" }] });
    }
    const own = options.organisation !== undefined ? (facts.own ?? []) : null;
    const range = resolveRange(options, { from: facts.first ?? today, to: today }, "year");
    const rows = await reads.totals({ range, kinds: GRAPH_KINDS, grantKinds: GRANT_KINDS, own, category: options.category ?? null });
    const totals: FlowTotal[] = rows.map(([campaignId, kind, counterpart, amount, count]) => ({ campaignId: BigInt(campaignId), kind, counterpart, amount: BigInt(amount), count }));

    const ids = new Set<string>();
    for (const [campaignId, kind, counterpart] of rows) {
      ids.add(campaignId);
      if (GRANT_KINDS.includes(kind)) ids.add(counterpart);
    }
    const campaignRows = await reads.campaigns([...ids]);
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
      asOfBlock: facts.block,
    };
  });
}
