import { expect } from "chai";
import { planBatches } from "../../../server/submitter/plan-batches.ts";

const w = (id: number, kind: string, solo = false) => ({ id, kind, solo });
const batchable = (kind: string) => kind !== "relay";
const ids = (batches: { id: number }[][]) => batches.map((b) => b.map((e) => e.id));

describe("planning transactions from the outbox", function () {
  it("batches consecutive writes of one kind and keeps the accepted order across kinds", function () {
    const plan = planBatches([w(1, "donation"), w(2, "donation"), w(3, "disbursement"), w(4, "donation"), w(5, "donation")], 50, batchable);
    expect(ids(plan)).to.deep.equal([[1, 2], [3], [4, 5]]);
  });

  it("never puts more than the maximum in one transaction", function () {
    const plan = planBatches(Array.from({ length: 7 }, (_, i) => w(i + 1, "donation")), 3, batchable);
    expect(ids(plan)).to.deep.equal([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it("sends a write marked solo alone", function () {
    const plan = planBatches([w(1, "donation"), w(2, "donation", true), w(3, "donation"), w(4, "donation")], 50, batchable);
    expect(ids(plan)).to.deep.equal([[1], [2], [3, 4]]);
  });

  it("sends each write of a kind that has no batch call alone", function () {
    const plan = planBatches([w(1, "relay"), w(2, "relay"), w(3, "donation"), w(4, "donation")], 50, batchable);
    expect(ids(plan)).to.deep.equal([[1], [2], [3, 4]]);
  });
});
