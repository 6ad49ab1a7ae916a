import { expect } from "chai";
import { buildFlowGraphs, type CampaignFacts, type FlowTotal } from "../../../server/domain/flow-graph.ts";

// Organisation 1 runs campaigns 10 (CNY) and 11 (USD); organisation 2 runs 20; organisation 3 runs 30.
const campaigns = new Map<bigint, CampaignFacts>([
  [10n, { id: 10n, orgId: 1n, title: "Lunches", unit: "CNY" }],
  [11n, { id: 11n, orgId: 1n, title: "Books", unit: "USD" }],
  [20n, { id: 20n, orgId: 2n, title: "Kitchens", unit: "CNY" }],
  [30n, { id: 30n, orgId: 3n, title: "Stoves", unit: "CNY" }],
]);
const organisations = new Map([
  [1n, { name: "Foundation" }],
  [2n, { name: "Partner" }],
  [3n, { name: "Supplier" }],
]);
const t = (campaignId: bigint, kind: FlowTotal["kind"], counterpart: string, amount: bigint, count: number): FlowTotal => ({ campaignId, kind, counterpart, amount, count });
const totals: FlowTotal[] = [
  t(10n, "donation", "bank", 1000n, 1),
  t(10n, "donation", "alipay", 750n, 2),
  t(11n, "donation", "cash", 70n, 1),
  // Three grants 10 → 20: 600 acknowledged, 20 refused, 100 in transit.
  t(10n, "grant_out", "20", 720n, 3),
  t(10n, "grant_acknowledged", "20", 600n, 1),
  t(10n, "grant_refused", "20", 20n, 1),
  t(10n, "disbursement", "programme", 200n, 2),
  t(10n, "disbursement", "administration", 100n, 1),
  t(20n, "disbursement", "programme", 400n, 1),
  t(30n, "donation", "wechat_pay", 9n, 1),
  // Kinds that are not flows of the graph are ignored.
  t(20n, "grant_in", "10", 600n, 1),
  t(10n, "refund", "", 5n, 1),
];

describe("the flow graph", () => {
  it("draws one graph per currency: channels into campaigns, grants between campaigns by their answer, campaigns into purposes", () => {
    const graphs = buildFlowGraphs({ totals, campaigns, organisations });
    expect(graphs.map((g) => g.currency)).to.deep.equal(["CNY", "USD"]);
    const [cny, usd] = graphs;
    expect(cny!.edges).to.deep.equal([
      { source: "channel:alipay", target: "campaign:10", kind: "donation", amount: "750", count: 2 },
      { source: "channel:bank", target: "campaign:10", kind: "donation", amount: "1000", count: 1 },
      { source: "channel:wechat_pay", target: "campaign:30", kind: "donation", amount: "9", count: 1 },
      { source: "campaign:10", target: "campaign:20", kind: "grant", status: "acknowledged", amount: "600", count: 1 },
      { source: "campaign:10", target: "campaign:20", kind: "grant", status: "in_transit", amount: "100", count: 1 },
      { source: "campaign:10", target: "purpose:administration", kind: "disbursement", amount: "100", count: 1 },
      { source: "campaign:10", target: "purpose:programme", kind: "disbursement", amount: "200", count: 2 },
      { source: "campaign:20", target: "purpose:programme", kind: "disbursement", amount: "400", count: 1 },
    ]);
    expect(cny!.nodes).to.deep.equal([
      { id: "channel:alipay", kind: "channel", label: "alipay" },
      { id: "channel:bank", kind: "channel", label: "bank" },
      { id: "channel:wechat_pay", kind: "channel", label: "wechat_pay" },
      { id: "organisation:1", kind: "organisation", label: "Foundation" },
      { id: "organisation:2", kind: "organisation", label: "Partner" },
      { id: "organisation:3", kind: "organisation", label: "Supplier" },
      { id: "campaign:10", kind: "campaign", label: "Lunches", organisation: "organisation:1" },
      { id: "campaign:20", kind: "campaign", label: "Kitchens", organisation: "organisation:2" },
      { id: "campaign:30", kind: "campaign", label: "Stoves", organisation: "organisation:3" },
      { id: "purpose:administration", kind: "purpose", label: "administration" },
      { id: "purpose:programme", kind: "purpose", label: "programme" },
    ]);
    expect(cny!.totals).to.deep.equal({
      donations: { amount: "1759", count: 4 },
      grantsAcknowledged: { amount: "600", count: 1 },
      grantsInTransit: { amount: "100", count: 1 },
      grantsRefused: { amount: "20", count: 1 },
      disbursements: { amount: "700", count: 4 },
    });
    expect(usd!.edges).to.deep.equal([{ source: "channel:cash", target: "campaign:11", kind: "donation", amount: "70", count: 1 }]);
    expect(usd!.nodes.map((n) => n.id)).to.deep.equal(["channel:cash", "organisation:1", "campaign:11"]);
  });

  it("keeps, for an organisation, the flows that touch its campaigns, the other end of a grant included", () => {
    const partner = buildFlowGraphs({ totals, campaigns, organisations, organisation: 2n });
    expect(partner.map((g) => g.currency)).to.deep.equal(["CNY"]);
    expect(partner[0]!.edges.map((e) => `${e.source} → ${e.target} ${e.amount}`)).to.deep.equal([
      "campaign:10 → campaign:20 600",
      "campaign:10 → campaign:20 100",
      "campaign:20 → purpose:programme 400",
    ]);
    expect(partner[0]!.nodes.map((n) => n.id)).to.deep.equal(["organisation:1", "organisation:2", "campaign:10", "campaign:20", "purpose:programme"]);
    expect(buildFlowGraphs({ totals, campaigns, organisations, organisation: 3n }).map((g) => g.edges.length)).to.deep.equal([1]);
    expect(buildFlowGraphs({ totals, campaigns, organisations, organisation: 99n })).to.deep.equal([]);
  });

  it("keeps only the disbursements of a category, and every other flow", () => {
    const [cny] = buildFlowGraphs({ totals, campaigns, organisations, category: "administration" });
    expect(cny!.edges.filter((e) => e.kind === "disbursement").map((e) => e.target)).to.deep.equal(["purpose:administration"]);
    expect(cny!.edges.filter((e) => e.kind !== "disbursement")).to.have.length(5);
    expect(cny!.totals.disbursements).to.deep.equal({ amount: "100", count: 1 });
  });

  it("leaves out a grant edge that is all answered, and refuses a flow of a campaign it was not told about", () => {
    const answered = [t(10n, "grant_out", "20", 50n, 1), t(10n, "grant_acknowledged", "20", 50n, 1)];
    expect(buildFlowGraphs({ totals: answered, campaigns, organisations })[0]!.edges.map((e) => e.status)).to.deep.equal(["acknowledged"]);
    expect(() => buildFlowGraphs({ totals: [t(99n, "donation", "bank", 1n, 1)], campaigns, organisations })).to.throw(/campaign 99/);
  });
});
