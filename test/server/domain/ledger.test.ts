import { expect } from "chai";
import { AppError } from "../../../server/domain/errors.ts";
import {
  ageBuckets,
  buildLedger,
  countPeriods,
  ledgerFigures,
  periodLabel,
  periodStart,
  periodsBetween,
  resolveRange,
  shareBasisPoints,
  type FlowSum,
  type PlacedSum,
} from "../../../server/domain/ledger.ts";

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("ledger periods", () => {
  it("start where Postgres's date_trunc starts them, and are labelled for people", () => {
    expect(periodStart("2026-05-17", "month")).to.equal("2026-05-01");
    expect(periodStart("2026-05-17", "quarter")).to.equal("2026-04-01");
    expect(periodStart("2026-12-31", "quarter")).to.equal("2026-10-01");
    expect(periodStart("2026-05-17", "year")).to.equal("2026-01-01");
    expect([periodLabel("2026-05-01", "month"), periodLabel("2026-10-01", "quarter"), periodLabel("2026-01-01", "year")]).to.deep.equal(["2026-05", "2026-Q4", "2026"]);
  });

  it("cover the range, the first and last cut to it", () => {
    expect(periodsBetween("2026-02-15", "2026-07-04", "quarter")).to.deep.equal([
      { period: "2026-Q1", start: "2026-01-01", from: "2026-02-15", to: "2026-03-31" },
      { period: "2026-Q2", start: "2026-04-01", from: "2026-04-01", to: "2026-06-30" },
      { period: "2026-Q3", start: "2026-07-01", from: "2026-07-01", to: "2026-07-04" },
    ]);
    expect(periodsBetween("2024-02-01", "2024-03-10", "month").map((p) => [p.from, p.to])).to.deep.equal([
      ["2024-02-01", "2024-02-29"],
      ["2024-03-01", "2024-03-10"],
    ]);
    expect(periodsBetween("2025-12-31", "2026-01-01", "year").map((p) => p.period)).to.deep.equal(["2025", "2026"]);
    expect(countPeriods("2026-02-15", "2026-07-04", "quarter")).to.equal(3);
    expect(countPeriods("2000-01-31", "2026-12-01", "month")).to.equal(periodsBetween("2000-01-31", "2026-12-01", "month").length);
  });

  it("default to the ledger's first day and today, move a lone bound's partner to meet it, and refuse a backward or too long range naming the field", () => {
    const defaults = { from: "2026-03-10", to: "2026-05-01" };
    expect(resolveRange({}, defaults, "month")).to.deep.equal(defaults);
    expect(resolveRange({ to: "2026-01-01" }, defaults, "month")).to.deep.equal({ from: "2026-01-01", to: "2026-01-01" });
    expect(resolveRange({ from: "2027-01-01" }, defaults, "month")).to.deep.equal({ from: "2027-01-01", to: "2027-01-01" });
    expect(refusal(() => resolveRange({ from: "2026-05-02", to: "2026-05-01" }, defaults, "month")).errors).to.deep.equal([{ field: "to", reason: "must not be before from (2026-05-02)" }]);
    expect(refusal(() => resolveRange({ from: "1970-01-01", to: "2026-05-01" }, defaults, "month")).errors[0]!.field).to.equal("from");
    expect(resolveRange({ from: "1970-01-01", to: "2026-05-01" }, defaults, "year").from).to.equal("1970-01-01");
  });
});

describe("purpose shares in basis points", () => {
  it("add up to exactly 10,000, the points left over going to the largest remainders", () => {
    expect(shareBasisPoints([300n, 150n, 50n])).to.deep.equal([6000, 3000, 1000]);
    // 6006.006 / 3003.003 / 990.99: floors give 9,999; the last point goes to the largest remainder.
    expect(shareBasisPoints([200n, 100n, 33n])).to.deep.equal([6006, 3003, 991]);
    // A three-way tie: the earlier purposes get the points first.
    expect(shareBasisPoints([1n, 1n, 1n])).to.deep.equal([3334, 3333, 3333]);
    expect(shareBasisPoints([0n, 0n, 0n])).to.deep.equal([0, 0, 0]);
    const huge = (1n << 127n) + 12345n;
    expect(shareBasisPoints([huge, 1n, 0n])).to.deep.equal([10000, 0, 0]);
  });
});

describe("age of money held", () => {
  it("puts each age in its bucket, bounds included", () => {
    const held = [0, 30, 31, 90, 91, 180, 181, 365, 366, 4000].map((days, i) => ({ days, amount: BigInt(10 ** i), lots: 1 }));
    const { total, buckets } = ageBuckets(held);
    expect(buckets.map((b) => [b.bucket, b.amount, b.lots])).to.deep.equal([
      ["0-30", "11", 2],
      ["31-90", "1100", 2],
      ["91-180", "110000", 2],
      ["181-365", "11000000", 2],
      [">365", "1100000000", 2],
    ]);
    expect(total).to.equal("1111111111");
  });
});

describe("ledger figures", () => {
  const rows: FlowSum[] = [
    { kind: "donation", counterpart: "bank", amount: 1000n, count: 1 },
    { kind: "donation", counterpart: "alipay", amount: 750n, count: 2 },
    { kind: "grant_in", counterpart: "4", amount: 40n, count: 1 },
    { kind: "grant_returned", counterpart: "5", amount: 20n, count: 1 },
    { kind: "correction_in", counterpart: "", amount: 5n, count: 1 },
    { kind: "grant_out", counterpart: "5", amount: 720n, count: 3 },
    { kind: "grant_acknowledged", counterpart: "5", amount: 600n, count: 1 },
    { kind: "grant_refused", counterpart: "5", amount: 20n, count: 1 },
    { kind: "disbursement", counterpart: "programme", amount: 200n, count: 2 },
    { kind: "disbursement", counterpart: "administration", amount: 100n, count: 1 },
    { kind: "disbursement", counterpart: "fundraising", amount: 33n, count: 1 },
    { kind: "refund", counterpart: "", amount: 50n, count: 1 },
    { kind: "correction_out", counterpart: "", amount: 10n, count: 1 },
  ];

  it("sum money in and out by kind, donations by channel and spending by purpose; a grant's answer is not money moving again", () => {
    const f = ledgerFigures(rows);
    expect(f.in).to.deep.equal({
      donations: { amount: "1750", count: 3 },
      grantsReceived: { amount: "40", count: 1 },
      grantsReturned: { amount: "20", count: 1 },
      corrections: { amount: "5", count: 1 },
      total: "1815",
    });
    expect(f.out).to.deep.equal({
      grantsSent: { amount: "720", count: 3 },
      disbursements: { amount: "333", count: 4 },
      refunds: { amount: "50", count: 1 },
      corrections: { amount: "10", count: 1 },
      total: "1113",
    });
    expect(f.net).to.equal("702");
    expect(f.donationsByChannel).to.deep.equal([
      { channel: "bank", amount: "1000", count: 1 },
      { channel: "alipay", amount: "750", count: 2 },
      { channel: "wechat_pay", amount: "0", count: 0 },
      { channel: "cash", amount: "0", count: 0 },
      { channel: "on_chain", amount: "0", count: 0 },
    ]);
    expect(f.spending).to.deep.equal([
      { purpose: "programme", amount: "200", count: 2, shareBasisPoints: 6006 },
      { purpose: "administration", amount: "100", count: 1, shareBasisPoints: 3003 },
      { purpose: "fundraising", amount: "33", count: 1, shareBasisPoints: 991 },
    ]);
  });

  it("carry what was held from period to period, and say what is held now and still in transit", () => {
    const at = (where: string, list: FlowSum[]): PlacedSum[] => list.map((r) => ({ ...r, at: where }));
    const ledger = buildLedger({
      sums: [
        ...at("before", [{ kind: "donation", counterpart: "cash", amount: 100n, count: 1 }]),
        ...at("2026-01-01", rows),
        ...at("after", [{ kind: "refund", counterpart: "", amount: 2n, count: 1 }]),
      ],
      periods: [
        { period: "2026-Q1", start: "2026-01-01", from: "2026-02-01", to: "2026-03-31" },
        { period: "2026-Q2", start: "2026-04-01", from: "2026-04-01", to: "2026-04-30" },
      ],
      blocks: new Map([["2026-01-01", { first: "10", last: "20" }]]),
      held: [{ days: 3, amount: 700n, lots: 2 }],
      agedAt: new Date("2026-05-01T00:00:00Z"),
    });
    expect(ledger.totals).to.include({ heldAtStart: "100", heldAtEnd: "802", net: "702" });
    expect(ledger.periods.map((p) => [p.period, p.from, p.to, p.blocks, p.heldAtStart, p.heldAtEnd, p.in.total])).to.deep.equal([
      ["2026-Q1", "2026-02-01", "2026-03-31", { first: "10", last: "20" }, "100", "802", "1815"],
      ["2026-Q2", "2026-04-01", "2026-04-30", null, "802", "802", "0"],
    ]);
    // Sent 720 in three grants: 600 acknowledged, 20 refused, 100 still in transit.
    expect(ledger.held).to.deep.equal({ now: "800", grantsInTransit: { amount: "100", count: 1 } });
    expect(ledger.age).to.deep.include({ agedAt: "2026-05-01T00:00:00.000Z", total: "700" });
    expect(ledger.age.buckets[0]).to.deep.equal({ bucket: "0-30", fromDays: 0, toDays: 30, amount: "700", lots: 2 });
  });
});
