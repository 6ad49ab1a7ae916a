import { expect } from "chai";
import { endParts, giftFlow } from "../../../server/domain/gift-flow.ts";
import type { DonationTrace, TraceStep } from "../../../server/domain/trace.ts";

const A = { id: "1", name: "Foundation" };
const B = { id: "2", name: "Partner" };
const C = { id: "9", name: "Supplier" };
const CA = { id: "3", title: "Home" };
const CB = { id: "4", title: "Meals" };
const CC = { id: "7", title: "Grain" };
const chain = { blockNumber: "1", txHash: "0x01", logIndex: 0 };
const at = (hop: number, organisation: typeof A, campaign: typeof CA) => ({ hop, organisation, campaign });

function spent(where: ReturnType<typeof at>, amount: string): TraceStep {
  return {
    kind: "disbursed", at: "", where, amount, disbursementAmount: amount, recordId: "1", recipientCommitment: "0x", purpose: "programme",
    evidenceSha256: "0x", confirmed: false, chain,
  };
}
function granted(where: ReturnType<typeof at>, amount: string, to: typeof A, toCampaign: typeof CA, state: { acknowledged?: boolean; refused?: boolean } = {}): TraceStep {
  return {
    kind: "granted", at: "", where, amount, grantAmount: amount, recordId: "1", toOrganisation: to, toCampaign,
    acknowledged: state.acknowledged ?? true, refused: state.refused ?? false, chain,
  };
}

function trace(amount: string, steps: TraceStep[], summary: Partial<DonationTrace["summary"]>): DonationTrace {
  return {
    trackingCode: "DN-X", status: "confirmed", amount, currency: "CNY", unspent: summary.heldHere ?? "0",
    summary: { delivered: "0", paidUnconfirmed: "0", inTransit: "0", heldDownstream: "0", heldHere: "0", refunded: "0", corrected: "0", ...summary },
    organisation: A, campaign: CA, steps, flagged: [], inconsistent: false, asOfBlock: "1",
  };
}

/** 1,200.00: 800 to the partner, 250 spent; the partner spent 300 and passed 450 on; the supplier spent 400. */
const multiHop = trace(
  "120000",
  [
    granted(at(0, A, CA), "80000", B, CB),
    spent(at(0, A, CA), "25000"),
    spent(at(1, B, CB), "30000"),
    granted(at(1, B, CB), "45000", C, CC),
    spent(at(2, C, CC), "40000"),
  ],
  { delivered: "40000", paidUnconfirmed: "55000", heldDownstream: "10000", heldHere: "15000" },
);

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

describe("giftFlow", function () {
  it("follows a gift passed on twice, organisation by organisation, in exact amounts", function () {
    const flow = giftFlow(multiHop)!;
    const rows = flow.places.map((p) => [p.organisation.name, p.received, p.offset, p.parts.map((part) => [part.kind, part.amount, part.to?.name ?? null])]);
    expect(rows).to.deep.equal([
      ["Foundation", 120000n, 0n, [["spent", 25000n, null], ["held", 15000n, null], ["passedOn", 80000n, "Partner"]]],
      ["Partner", 80000n, 40000n, [["spent", 30000n, null], ["held", 5000n, null], ["passedOn", 45000n, "Supplier"]]],
      ["Supplier", 45000n, 75000n, [["spent", 40000n, null], ["held", 5000n, null]]],
    ]);
    expect(flow.places[0]!.parts[2]!.toPlace).to.equal(1);
    expect(flow.places[1]!.parts[2]!.toPlace).to.equal(2);
  });

  it("splits every gift into end parts that sum exactly to it, and each place's parts to what it received", function () {
    const cases = [
      multiHop,
      trace("1", [], { heldHere: "1" }),
      trace("999999999999999999999999", [spent(at(0, A, CA), "333333333333333333333333")], { paidUnconfirmed: "333333333333333333333333", heldHere: "666666666666666666666666" }),
      trace("10000", [granted(at(0, A, CA), "4000", B, CB, { acknowledged: false }), spent(at(0, A, CA), "1000")], { paidUnconfirmed: "1000", inTransit: "4000", heldHere: "5000" }),
      trace("10000", [granted(at(0, A, CA), "4000", B, CB, { refused: true })], { heldHere: "10000" }),
      trace("10000", [{ kind: "refunded", at: "", where: at(0, A, CA), amount: "2500", recordId: "5", chain }], { refunded: "2500", heldHere: "7500" }),
    ];
    for (const t of cases) {
      const flow = giftFlow(t)!;
      expect(flow, t.amount).to.not.equal(undefined);
      expect(sum(endParts(flow).map((p) => p.amount))).to.equal(BigInt(t.amount));
      for (const place of flow.places) expect(sum(place.parts.map((p) => p.amount))).to.equal(place.received);
    }
  });

  it("draws nothing it cannot vouch for: a gift not on the ledger, an inconsistent mirror, overspending, a summary that disagrees", function () {
    expect(giftFlow({ ...multiHop, status: "submitted" })).to.equal(undefined);
    expect(giftFlow({ ...multiHop, inconsistent: true })).to.equal(undefined);
    expect(giftFlow(trace("100", [spent(at(0, A, CA), "101")], {}))).to.equal(undefined);
    expect(giftFlow({ ...multiHop, summary: { ...multiHop.summary, heldHere: "14999" } })).to.equal(undefined);
  });
});
