import { expect } from "chai";
import { allocate, allocateFifo, type Flow } from "../../../server/domain/allocation.ts";

const f = (id: number, amount: number): Flow => ({ id: BigInt(id), amount: BigInt(amount) });

describe("first-in first-out allocation", function () {
  it("pays each outflow from the oldest unspent inflow, splitting exactly", function () {
    const slices = allocateFifo([f(1, 100), f(2, 50), f(4, 30)], [f(3, 120), f(5, 40)]);
    expect(slices).to.deep.equal([
      { inflowId: 1n, outflowId: 3n, amount: 100n },
      { inflowId: 2n, outflowId: 3n, amount: 20n },
      { inflowId: 2n, outflowId: 5n, amount: 30n },
      { inflowId: 4n, outflowId: 5n, amount: 10n },
    ]);
  });

  it("pays a refund only from the donation it returns; what that donation no longer holds is a shortfall, never another donor's money", function () {
    const { slices, shortfalls } = allocate([f(1, 100), f(2, 50)], [f(3, 80), { id: 4n, amount: 60n, from: 2n }, f(5, 10)]);
    expect(slices).to.deep.equal([
      { inflowId: 1n, outflowId: 3n, amount: 80n },
      { inflowId: 2n, outflowId: 4n, amount: 50n },
      { inflowId: 1n, outflowId: 5n, amount: 10n },
    ]);
    expect(shortfalls).to.deep.equal([{ outflowId: 4n, inflowId: 2n, amount: 10n }]);
  });

  it("takes nothing from anyone for a refund of a record that is not a donation of the campaign", function () {
    const { slices, shortfalls } = allocate([f(1, 100)], [{ id: 2n, amount: 40n, from: 77n }, f(3, 100)]);
    expect(slices).to.deep.equal([{ inflowId: 1n, outflowId: 3n, amount: 100n }]);
    expect(shortfalls).to.deep.equal([{ outflowId: 2n, inflowId: 77n, amount: 40n }]);
  });

  it("gives a refused grant's lots back to the donations they came from, oldest first again", function () {
    // Gifts 1 and 2; grant 3 takes 120 (100 of gift 1, 20 of gift 2); payout 4 takes 10 of gift 2;
    // the grant is refused (5); payout 6 of 110 is then paid from gift 1 first.
    const { slices, restored } = allocate([f(1, 100), f(2, 50), { id: 5n, amount: 120n, returns: 3n }], [f(3, 120), f(4, 10), f(6, 110)]);
    expect(slices.filter((s) => s.outflowId === 6n)).to.deep.equal([
      { inflowId: 1n, outflowId: 6n, amount: 100n },
      { inflowId: 2n, outflowId: 6n, amount: 10n },
    ]);
    // What each lot got back, so a lot's balance is its amount less its slices plus this.
    expect(restored).to.deep.equal([
      { inflowId: 1n, outflowId: 3n, returnId: 5n, amount: 100n },
      { inflowId: 2n, outflowId: 3n, returnId: 5n, amount: 20n },
    ]);
  });

  it("never spends money that arrived after the outflow", function () {
    expect(() => allocateFifo([f(2, 100)], [f(1, 10)])).to.throw(RangeError, /spends 10 more/);
  });

  it("keeps every inflow's slices within its amount and sums outflows exactly (random)", function () {
    for (let round = 0; round < 200; round++) {
      const inflows: Flow[] = [];
      const outflows: Flow[] = [];
      let balance = 0n;
      for (let id = 1; id <= 60; id++) {
        const amount = BigInt(1 + Math.floor(Math.random() * 1000));
        if (Math.random() < 0.6 || balance < amount) {
          inflows.push({ id: BigInt(id), amount });
          balance += amount;
        } else {
          outflows.push({ id: BigInt(id), amount });
          balance -= amount;
        }
      }
      const slices = allocateFifo(inflows, outflows);
      for (const out of outflows) {
        const sum = slices.filter((s) => s.outflowId === out.id).reduce((a, s) => a + s.amount, 0n);
        expect(sum).to.equal(out.amount);
      }
      for (const inflow of inflows) {
        const sum = slices.filter((s) => s.inflowId === inflow.id).reduce((a, s) => a + s.amount, 0n);
        expect(sum <= inflow.amount).to.equal(true);
      }
      const spent = slices.reduce((a, s) => a + s.amount, 0n);
      expect(inflows.reduce((a, i) => a + i.amount, 0n) - spent).to.equal(balance);
    }
  });
});
