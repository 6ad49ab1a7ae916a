import type { FlowGraph } from "../domain/flow-graph.ts";
import type { Outcome } from "../domain/compliance.ts";
import { nodeId } from "../domain/flow-graph.ts";
import { listGrants, type Report, type ReportStores } from "./build-organisation-report.ts";
import { checkCompliance } from "./check-compliance.ts";
import { getCampaignLedger } from "./get-campaign-ledger.ts";
import { getFlows } from "./get-flows.ts";

/**
 * A campaign's report: its ledger from the day it opened to today, its grants, the compliance
 * results of this year that are its own (disclosures, unspent money), the money it holds by age
 * and the flows that touch it. Read from the same sums as the organisation's report.
 */
export async function buildCampaignReport(options: { stores: ReportStores; campaignId: bigint; now?: Date }): Promise<Report> {
  const now = options.now ?? new Date();
  const ledger = await getCampaignLedger({ ledgers: options.stores.ledgers, campaignId: options.campaignId, period: "year", now });
  const { campaign } = ledger;
  const orgId = BigInt(campaign.organisation.id);
  const year = Number(ledger.to.slice(0, 4));
  const [flows, compliance, grants] = await Promise.all([
    getFlows({ flows: options.stores.flows, from: ledger.from, to: ledger.to, organisation: orgId, now }),
    checkCompliance({ compliance: options.stores.compliance, year, organisationId: orgId }),
    listGrants(options.stores.grantList, [campaign.id], ledger.from, ledger.to),
  ]);
  const results = compliance.organisations[0]!.results.filter((r) => r.campaign?.id === campaign.id);
  const summary: Record<Outcome, number> = { pass: 0, fail: 0, warn: 0, "not-applicable": 0 };
  for (const r of results) summary[r.outcome]++;
  const { totals, periods, held, age } = ledger;
  return {
    organisation: campaign.organisation,
    campaign: { id: campaign.id, title: campaign.title, currency: campaign.currency, closed: campaign.closed },
    year,
    from: ledger.from,
    to: ledger.to,
    ledgers: [{ currency: campaign.currency, totals, periods, held, age }],
    grants,
    compliance: { results, summary },
    flows: flows.currencies.filter((g) => g.currency === campaign.currency).map((g) => touching(g, nodeId.campaign(BigInt(campaign.id)))),
    asOfBlock: ledger.asOfBlock,
    generatedAt: now.toISOString(),
  };
}

/**
 * The part of a flow graph that touches one node: its edges, the nodes they join (with their
 * organisations) and their totals. Refused grants are in no edge: the campaign's own ledger has them.
 */
function touching(graph: FlowGraph, node: string): FlowGraph {
  const edges = graph.edges.filter((e) => e.source === node || e.target === node);
  const ids = new Set(edges.flatMap((e) => [e.source, e.target]));
  for (const n of graph.nodes) if (ids.has(n.id) && n.organisation) ids.add(n.organisation);
  const sum = (keep: (e: FlowGraph["edges"][number]) => boolean) => {
    const kept = edges.filter(keep);
    return { amount: kept.reduce((a, e) => a + BigInt(e.amount), 0n).toString(), count: kept.reduce((a, e) => a + e.count, 0) };
  };
  const totals: FlowGraph["totals"] = {
    donations: sum((e) => e.kind === "donation"),
    grantsAcknowledged: sum((e) => e.kind === "grant" && e.status === "acknowledged"),
    grantsInTransit: sum((e) => e.kind === "grant" && e.status === "in_transit"),
    grantsRefused: { amount: "0", count: 0 },
    disbursements: sum((e) => e.kind === "disbursement"),
  };
  return { ...graph, nodes: graph.nodes.filter((n) => ids.has(n.id)), edges, totals };
}
