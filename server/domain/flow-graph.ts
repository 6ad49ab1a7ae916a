import type { FlowKind } from "./flows.ts";
import type { Sum } from "./ledger.ts";
import type { Purpose } from "./schemas.ts";

/**
 * The flow graph over a period, ready to draw as a Sankey diagram: donor channels → campaigns
 * (donations), campaign → campaign (grants), campaigns → purposes (disbursements). One graph per
 * currency: amounts of different currencies are never added together. Node ids are stable:
 * `channel:alipay`, `organisation:3`, `campaign:12`, `purpose:programme`.
 */

export interface FlowNode {
  id: string;
  kind: "channel" | "organisation" | "campaign" | "purpose";
  label: string;
  /** A campaign's organisation (its node id): campaigns are grouped by it. */
  organisation?: string;
}

export interface FlowEdge {
  source: string;
  target: string;
  kind: "donation" | "grant" | "disbursement";
  /** A grant's answer so far: acknowledged by the receiver, or sent and not answered yet. */
  status?: "acknowledged" | "in_transit";
  /** Minor units of the graph's currency. */
  amount: string;
  count: number;
}

export interface FlowGraph {
  currency: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** The edges summed by kind; refused grants (their money went back) are here and not among the edges. */
  totals: { donations: Sum; grantsAcknowledged: Sum; grantsInTransit: Sum; grantsRefused: Sum; disbursements: Sum };
}

/** flow_daily summed over the period, per campaign, kind and counterpart. */
export interface FlowTotal {
  campaignId: bigint;
  kind: FlowKind;
  counterpart: string;
  amount: bigint;
  count: number;
}

export interface CampaignFacts {
  id: bigint;
  orgId: bigint;
  title: string;
  /** domain/money.ts moneyUnit. */
  unit: string;
}

export const nodeId = {
  channel: (name: string) => `channel:${name}`,
  organisation: (id: bigint) => `organisation:${id}`,
  campaign: (id: bigint) => `campaign:${id}`,
  purpose: (name: string) => `purpose:${name}`,
};

const KIND_ORDER = { channel: 0, organisation: 1, campaign: 2, purpose: 3 } as const;
const EDGE_ORDER = { donation: 0, grant: 1, disbursement: 2 } as const;
const STATUS_ORDER = { none: 0, acknowledged: 1, in_transit: 2 } as const;

/** A node, worked out once per graph: what is drawn, and how it sorts. */
interface Placed {
  node: FlowNode;
  kind: FlowNode["kind"];
  /** Campaigns and organisations sort by number, channels and purposes by name. */
  number: bigint | null;
  name: string;
  /** A campaign's organisation, drawn with it. */
  organisation?: Placed;
  /** Its place among the graph's nodes, set once they are all known. */
  rank: number;
}

interface Summed {
  kind: FlowEdge["kind"];
  status: FlowEdge["status"];
  source: Placed;
  target: Placed;
  amount: bigint;
  count: number;
}

const compareNodes = (a: Placed, b: Placed) =>
  KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.number !== null && b.number !== null ? (a.number < b.number ? -1 : a.number > b.number ? 1 : 0) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const compareEdges = (a: Summed, b: Summed) =>
  EDGE_ORDER[a.kind] - EDGE_ORDER[b.kind] || a.source.rank - b.source.rank || a.target.rank - b.target.rank || STATUS_ORDER[a.status ?? "none"] - STATUS_ORDER[b.status ?? "none"];

/**
 * Builds the graphs. Grants count on the day they were sent, with what has become of them since
 * (acknowledged, still in transit, or refused). `organisation` keeps the edges that touch one of
 * its campaigns (the other end of a grant too); `category` keeps only disbursements of that purpose.
 * Nodes sort by kind, then number or name; edges by kind, source, target and status. A quarter of
 * every organisation's flows is tens of thousands of sums, so edges are found by their nodes and
 * sorted by each node's rank, never by built strings.
 */
export function buildFlowGraphs(input: {
  totals: FlowTotal[];
  campaigns: Map<bigint, CampaignFacts>;
  organisations: Map<bigint, { name: string }>;
  organisation?: bigint;
  category?: Purpose;
}): FlowGraph[] {
  const organisations = new Map<bigint, Placed>();
  const campaigns = new Map<bigint, Placed & { facts: CampaignFacts; organisation: Placed }>();
  // By kind, then name: a node's id is built once, not for every sum that reaches it.
  const named = { channel: new Map<string, Placed>(), purpose: new Map<string, Placed>() };
  const campaignNode = (id: bigint) => {
    let placed = campaigns.get(id);
    if (!placed) {
      const facts = input.campaigns.get(id);
      if (!facts) throw new Error(`campaign ${id} of a flow is not known`);
      let organisation = organisations.get(facts.orgId);
      if (!organisation) {
        const label = input.organisations.get(facts.orgId)?.name ?? `Organisation ${facts.orgId}`;
        const node: FlowNode = { id: nodeId.organisation(facts.orgId), kind: "organisation", label };
        organisations.set(facts.orgId, (organisation = { node, kind: "organisation", number: facts.orgId, name: "", rank: 0 }));
      }
      const node: FlowNode = { id: nodeId.campaign(id), kind: "campaign", label: facts.title, organisation: organisation.node.id };
      campaigns.set(id, (placed = { node, kind: "campaign", number: id, name: "", rank: 0, facts, organisation }));
    }
    return placed;
  };
  const namedNode = (kind: "channel" | "purpose", name: string) => {
    let placed = named[kind].get(name);
    if (!placed) {
      const id = kind === "channel" ? nodeId.channel(name) : nodeId.purpose(name);
      named[kind].set(name, (placed = { node: { id, kind, label: name }, kind, number: null, name, rank: 0 }));
    }
    return placed;
  };
  const mine = (...ends: { facts: CampaignFacts }[]) => input.organisation === undefined || ends.some((c) => c.facts.orgId === input.organisation);

  // Edges by source, then target and status: keyed by the nodes themselves, never by built strings.
  const graphs = new Map<string, { edges: Summed[]; bySource: Map<Placed, Map<Placed, Summed[]>>; refused: { amount: bigint; count: number } }>();
  const graphOf = (unit: string) => {
    let g = graphs.get(unit);
    if (!g) graphs.set(unit, (g = { edges: [], bySource: new Map(), refused: { amount: 0n, count: 0 } }));
    return g;
  };
  const add = (unit: string, kind: FlowEdge["kind"], source: Placed, target: Placed, status: FlowEdge["status"], amount: bigint, count: number) => {
    const g = graphOf(unit);
    let targets = g.bySource.get(source);
    if (!targets) g.bySource.set(source, (targets = new Map()));
    let summed = targets.get(target);
    if (!summed) targets.set(target, (summed = []));
    const known = summed.find((e) => e.status === status);
    if (known) {
      known.amount += amount;
      known.count += count;
    } else {
      const edge = { kind, status, source, target, amount, count };
      summed.push(edge);
      g.edges.push(edge);
    }
  };

  for (const t of input.totals) {
    if (t.kind !== "donation" && t.kind !== "disbursement" && t.kind !== "grant_out" && t.kind !== "grant_acknowledged" && t.kind !== "grant_refused") continue;
    const here = campaignNode(t.campaignId);
    const unit = here.facts.unit;
    if (t.kind === "donation") {
      if (mine(here)) add(unit, "donation", namedNode("channel", t.counterpart), here, undefined, t.amount, t.count);
    } else if (t.kind === "disbursement") {
      if (mine(here) && (input.category === undefined || t.counterpart === input.category)) add(unit, "disbursement", here, namedNode("purpose", t.counterpart), undefined, t.amount, t.count);
    } else {
      const there = campaignNode(BigInt(t.counterpart));
      if (!mine(here, there)) continue;
      // Sent, less what was answered: what is still in transit; what was acknowledged has its own edge.
      if (t.kind === "grant_out") add(unit, "grant", here, there, "in_transit", t.amount, t.count);
      else {
        add(unit, "grant", here, there, "in_transit", -t.amount, -t.count);
        if (t.kind === "grant_acknowledged") add(unit, "grant", here, there, "acknowledged", t.amount, t.count);
        else {
          graphOf(unit).refused.amount += t.amount;
          graphOf(unit).refused.count += t.count;
        }
      }
    }
  }

  const ranked = [...organisations.values(), ...campaigns.values(), ...named.channel.values(), ...named.purpose.values()].sort(compareNodes);
  ranked.forEach((n, i) => (n.rank = i));
  return [...graphs.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .flatMap(([currency, g]) => {
      const edges = g.edges.filter((e) => e.count !== 0 || e.amount !== 0n).sort(compareEdges);
      if (edges.length === 0 && g.refused.count === 0) return [];
      const drawn = new Set<Placed>();
      const totals = { donations: zero(), grantsAcknowledged: zero(), grantsInTransit: zero(), disbursements: zero() };
      for (const e of edges) {
        for (const end of [e.source, e.target]) {
          drawn.add(end);
          if (end.organisation) drawn.add(end.organisation);
        }
        const sum = e.kind === "donation" ? totals.donations : e.kind === "disbursement" ? totals.disbursements : e.status === "acknowledged" ? totals.grantsAcknowledged : totals.grantsInTransit;
        sum.amount += e.amount;
        sum.count += e.count;
      }
      return [
        {
          currency,
          nodes: [...drawn].sort((a, b) => a.rank - b.rank).map((n) => n.node),
          edges: edges.map(toEdge),
          totals: {
            donations: show(totals.donations),
            grantsAcknowledged: show(totals.grantsAcknowledged),
            grantsInTransit: show(totals.grantsInTransit),
            grantsRefused: show(g.refused),
            disbursements: show(totals.disbursements),
          },
        },
      ];
    });
}

function toEdge(e: Summed): FlowEdge {
  // Two literals, not a spread: tens of thousands of edges, each with one shape.
  const amount = e.amount.toString();
  return e.status ? { source: e.source.node.id, target: e.target.node.id, kind: e.kind, status: e.status, amount, count: e.count } : { source: e.source.node.id, target: e.target.node.id, kind: e.kind, amount, count: e.count };
}

const zero = () => ({ amount: 0n, count: 0 });
const show = (s: { amount: bigint; count: number }): Sum => ({ amount: s.amount.toString(), count: s.count });
