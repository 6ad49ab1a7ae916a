import { expect } from "chai";
import fc from "fast-check";
import { AllocationError, createAllocator, type AllocationSnapshot, type Changes, type Lot, type Move, type Slice } from "../../../server/domain/lots.ts";

/** Everything the moves produced, as a store would hold it: lots by key (latest state) and every slice. */
function collect(all: Changes[]) {
  const lots = new Map<string, Lot>();
  const slices: Slice[] = [];
  const returned = new Set<string>();
  const arrived = new Set<string>();
  const shortfalls = all.flatMap((c) => c.shortfalls);
  for (const c of all) {
    for (const lot of [...c.lotsAdded, ...c.lotsChanged]) lots.set(`${lot.record}:${lot.index}`, lot);
    slices.push(...c.slices);
    for (const r of c.returned) returned.add(`${r.slice.movement}:${r.slice.index}`);
    for (const a of c.arrived) arrived.add(`${a.slice.movement}:${a.slice.index}`);
  }
  return { lots, slices, returned, arrived, shortfalls };
}

const run = (moves: Move[]) => {
  const allocator = createAllocator();
  return collect(moves.map((m) => allocator.apply(m)));
};

const donation = (recordId: number, campaignId: number, amount: number): Move => ({ kind: "donation", recordId: BigInt(recordId), campaignId: BigInt(campaignId), amount: BigInt(amount) });
const grant = (recordId: number, from: number, to: number, amount: number): Move => ({ kind: "grant", recordId: BigInt(recordId), fromCampaignId: BigInt(from), toCampaignId: BigInt(to), amount: BigInt(amount) });
const acknowledged = (recordId: number, grantId: number, to: number): Move => ({ kind: "grantAcknowledged", recordId: BigInt(recordId), grantId: BigInt(grantId), toCampaignId: BigInt(to) });
const refused = (recordId: number, grantId: number, from: number): Move => ({ kind: "grantRefused", recordId: BigInt(recordId), grantId: BigInt(grantId), fromCampaignId: BigInt(from) });
const payout = (recordId: number, campaignId: number, amount: number): Move => ({ kind: "disbursement", recordId: BigInt(recordId), campaignId: BigInt(campaignId), amount: BigInt(amount) });
const refund = (recordId: number, campaignId: number, donationId: number, amount: number): Move => ({ kind: "refund", recordId: BigInt(recordId), campaignId: BigInt(campaignId), donationId: BigInt(donationId), amount: BigInt(amount) });

/** A slice as the tests write it by hand: [movement, taken from lot "record:index", origin, amount]. */
const brief = (s: Slice) => [Number(s.movement), `${s.lot.record}:${s.lot.index}`, Number(s.origin), Number(s.amount)];

describe("lots and slices (allocation across organisations)", function () {
  it("follows two gifts across three organisations, hop by hop, to the fen (worked out by hand)", function () {
    // Foundation campaign 1, partner campaign 2, supplier organisation's campaign 3.
    const { lots, slices, shortfalls } = run([
      donation(1, 1, 100),
      donation(2, 1, 50),
      grant(3, 1, 2, 120), // gift 1's 100, then 20 of gift 2
      acknowledged(4, 3, 2), // lots 4:0 (gift 1, 100) and 4:1 (gift 2, 20) in the partner's campaign
      payout(5, 1, 30), // the rest of gift 2 in the foundation
      grant(6, 2, 3, 110), // the partner passes on gift 1's 100 and 10 of gift 2
      acknowledged(7, 6, 3),
      payout(8, 3, 60), // the supplier spends 60 of gift 1
      payout(9, 2, 10), // the partner spends the last 10 of gift 2 it holds
      refund(10, 1, 1, 5), // gift 1 has nothing left in the foundation: a shortfall, nobody else pays
    ]);
    expect(slices.map(brief)).to.deep.equal([
      [3, "1:0", 1, 100],
      [3, "2:0", 2, 20],
      [5, "2:0", 2, 30],
      [6, "4:0", 1, 100],
      [6, "4:1", 2, 10],
      [8, "7:0", 1, 60],
      [9, "4:1", 2, 10],
    ]);
    const held = [...lots.values()].filter((l) => l.left > 0n).map((l) => [`${l.record}:${l.index}`, Number(l.campaignId), Number(l.origin), Number(l.left)]);
    expect(held).to.deep.equal([
      ["7:0", 3, 1, 40], // 40 of gift 1 still held by the supplier organisation
      ["7:1", 3, 2, 10], // and 10 of gift 2
    ]);
    expect(lots.get("7:0")!.from).to.deep.equal({ movement: 6n, index: 0 });
    expect(lots.get("4:0")!.from).to.deep.equal({ movement: 3n, index: 0 });
    expect(shortfalls).to.deep.equal([{ movement: 10n, campaignId: 1n, origin: 1n, amount: 5n }]);
  });

  it("gives a refused grant's slices back to the lots they came from, which are the oldest money again", function () {
    const { slices, lots, returned } = run([donation(1, 1, 100), donation(2, 1, 50), grant(3, 1, 2, 120), payout(4, 1, 10), refused(5, 3, 1), payout(6, 1, 110)]);
    expect(slices.filter((s) => s.movement === 6n).map(brief)).to.deep.equal([
      [6, "1:0", 1, 100],
      [6, "2:0", 2, 10],
    ]);
    expect([...returned]).to.deep.equal(["3:0", "3:1"]);
    expect(lots.get("2:0")!.left).to.equal(30n); // 50 - 20 (grant) - 10 (payout 4) + 20 (back) - 10 (payout 6)
  });

  it("refunds only from the refunded gift's own lots, never another donor's", function () {
    const { slices, shortfalls } = run([donation(1, 1, 100), donation(2, 1, 50), payout(3, 1, 80), refund(4, 1, 2, 60), payout(5, 1, 10)]);
    expect(slices.map(brief)).to.deep.equal([
      [3, "1:0", 1, 80],
      [4, "2:0", 2, 50],
      [5, "1:0", 1, 10],
    ]);
    expect(shortfalls).to.deep.equal([{ movement: 4n, campaignId: 1n, origin: 2n, amount: 10n }]);
  });

  it("refuses a payout beyond what the campaign holds (the chain never allows one: the mirror would be wrong)", function () {
    const allocator = createAllocator();
    allocator.apply(donation(1, 1, 100));
    expect(() => allocator.apply(payout(2, 1, 101))).to.throw(AllocationError, /takes 1 more than campaign 1 holds/);
    expect(() => allocator.apply(acknowledged(3, 99, 2))).to.throw(AllocationError, /grant 99 is settled but is not waiting/);
  });

  describe("for random histories across organisations (property)", function () {
    const CAMPAIGNS = 4;
    /** Random valid histories: every outflow within what its campaign holds, as the chain enforces. */
    const histories = fc
      .array(
        fc.record({
          op: fc.constantFrom("donation", "donation", "grant", "settle", "disbursement", "refund", "correction", "approval"),
          campaign: fc.nat(CAMPAIGNS - 1),
          other: fc.nat(CAMPAIGNS - 1),
          amount: fc.integer({ min: 1, max: 1_000 }),
          pick: fc.nat(),
          acknowledge: fc.boolean(),
          bound: fc.boolean(),
        }),
        { maxLength: 80 },
      )
      .map((steps) => {
        const balance = Array.from({ length: CAMPAIGNS }, () => 0n);
        const donations: { id: bigint; campaign: number; amount: bigint }[] = [];
        const waiting: { id: bigint; from: number; to: number; amount: bigint }[] = [];
        const moves: Move[] = [];
        let record = 0n;
        for (const s of steps) {
          const recordId = ++record;
          const campaignId = BigInt(s.campaign + 1);
          const amount = BigInt(s.amount);
          const spendable = min(amount, balance[s.campaign]!);
          if (s.op === "donation" || (s.op === "approval" && s.bound)) {
            balance[s.campaign]! += amount;
            if (s.op === "donation") donations.push({ id: recordId, campaign: s.campaign, amount });
            moves.push(s.op === "donation" ? { kind: "donation", recordId, campaignId, amount } : { kind: "correctionApproved", recordId, campaignId, amount });
          } else if (s.op === "grant" && s.other !== s.campaign && spendable > 0n) {
            balance[s.campaign]! -= spendable;
            waiting.push({ id: recordId, from: s.campaign, to: s.other, amount: spendable });
            moves.push({ kind: "grant", recordId, fromCampaignId: campaignId, toCampaignId: BigInt(s.other + 1), amount: spendable });
          } else if (s.op === "settle" && waiting.length > 0) {
            const [g] = waiting.splice(s.pick % waiting.length, 1);
            if (s.acknowledge) {
              balance[g!.to]! += g!.amount;
              moves.push({ kind: "grantAcknowledged", recordId, grantId: g!.id, toCampaignId: BigInt(g!.to + 1) });
            } else {
              balance[g!.from]! += g!.amount;
              moves.push({ kind: "grantRefused", recordId, grantId: g!.id, fromCampaignId: BigInt(g!.from + 1) });
            }
          } else if (s.op === "disbursement" && spendable > 0n) {
            balance[s.campaign]! -= spendable;
            moves.push({ kind: "disbursement", recordId, campaignId, amount: spendable });
          } else if (s.op === "refund" && donations.length > 0) {
            const d = donations[s.pick % donations.length]!;
            const refunded = min(min(amount, d.amount), balance[d.campaign]!);
            if (refunded === 0n) continue;
            balance[d.campaign]! -= refunded;
            moves.push({ kind: "refund", recordId, campaignId: BigInt(d.campaign + 1), donationId: d.id, amount: refunded });
          } else if (s.op === "correction" && spendable > 0n) {
            balance[s.campaign]! -= spendable;
            const d = donations.length > 0 ? donations[s.pick % donations.length]! : undefined;
            moves.push({ kind: "correction", recordId, campaignId, amount: spendable, ...(s.bound && d ? { boundTo: d.id } : {}) });
          }
        }
        return moves;
      });

    const origins = (moves: Move[]) =>
      new Map(moves.filter((m) => m.kind === "donation" || m.kind === "correctionApproved").map((m) => [m.recordId, (m as { amount: bigint }).amount]));

    it("conserves every gift: its slices out of the system, what it still holds and what is in transit add up to it exactly", function () {
      fc.assert(
        fc.property(histories, (moves) => {
          const { lots, slices, returned, arrived } = run(moves);
          for (const [origin, amount] of origins(moves)) {
            const held = [...lots.values()].filter((l) => l.origin === origin).reduce((sum, l) => sum + l.left, 0n);
            const out = slices.filter((s) => s.origin === origin && s.kind !== "grant").reduce((sum, s) => sum + s.amount, 0n);
            const transit = slices
              .filter((s) => s.origin === origin && s.kind === "grant" && !returned.has(`${s.movement}:${s.index}`) && !arrived.has(`${s.movement}:${s.index}`))
              .reduce((sum, s) => sum + s.amount, 0n);
            expect(held + out + transit, `origin ${origin}`).to.equal(amount);
          }
        }),
        { numRuns: 300 },
      );
    });

    it("takes nothing twice: each lot gave exactly what it brought less what it holds, and never went below zero", function () {
      fc.assert(
        fc.property(histories, (moves) => {
          const { lots, slices, returned, shortfalls } = run(moves);
          for (const [key, lot] of lots) {
            expect(lot.left >= 0n && lot.left <= lot.amount, key).to.equal(true);
            const given = slices.filter((s) => `${s.lot.record}:${s.lot.index}` === key && !returned.has(`${s.movement}:${s.index}`)).reduce((sum, s) => sum + s.amount, 0n);
            expect(given, key).to.equal(lot.amount - lot.left);
          }
          // Every movement's slices add up to what it moved, less any shortfall.
          for (const m of moves) {
            if (!("amount" in m) || m.kind === "donation" || m.kind === "correctionApproved") continue;
            const short = shortfalls.filter((s) => s.movement === m.recordId).reduce((sum, s) => sum + s.amount, 0n);
            const moved = slices.filter((s) => s.movement === m.recordId).reduce((sum, s) => sum + s.amount, 0n);
            expect(moved + short, `record ${m.recordId}`).to.equal(m.amount);
          }
        }),
        { numRuns: 100 },
      );
    });

    it("gives the same slices when replayed, and the same from a kept snapshot in batches as from scratch", function () {
      const roundTrip = (snapshot: AllocationSnapshot): AllocationSnapshot =>
        JSON.parse(JSON.stringify(snapshot, (_, v) => (typeof v === "bigint" ? `${v}n` : v)), (_, v) => (typeof v === "string" && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v));
      fc.assert(
        fc.property(histories, fc.array(fc.nat(), { maxLength: 6 }), (moves, cuts) => {
          const once = run(moves);
          expect(run(moves)).to.deep.equal(once);
          // The store way: a new allocator per batch, from what the previous one kept (as a store would persist it).
          const bounds = [...new Set(cuts.map((c) => (moves.length ? c % moves.length : 0)))].sort((a, b) => a - b);
          let snapshot: AllocationSnapshot = { lots: [], inTransit: [] };
          const changes: Changes[] = [];
          let at = 0;
          for (const end of [...bounds, moves.length]) {
            const allocator = createAllocator(roundTrip(snapshot));
            for (const move of moves.slice(at, end)) changes.push(allocator.apply(move));
            snapshot = allocator.snapshot();
            at = end;
          }
          expect(collect(changes)).to.deep.equal(once);
        }),
        { numRuns: 300 },
      );
    });

    it("gives the same when one allocator is kept across batches, holding a few lots per campaign and given the rest as a store reads it", function () {
      fc.assert(
        fc.property(histories, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (moves, cuts, most) => {
          const once = run(moves);
          const bounds = [...new Set(cuts.map((c) => (moves.length ? c % moves.length : 0)))].sort((a, b) => a - b);
          const allocator = createAllocator();
          const changes: Changes[] = [];
          let at = 0;
          for (const end of [...bounds, moves.length]) {
            const batch = moves.slice(at, end);
            allocator.load(...readFromStore(collect(changes), batch, allocator));
            for (const move of batch) changes.push(allocator.apply(move));
            allocator.compact(most);
            at = end;
          }
          expect(collect(changes)).to.deep.equal(once);
        }),
        { numRuns: 300 },
      );
    });
  });
});

/**
 * What server/indexer/allocate-events.ts reads before a batch, from what earlier batches wrote:
 * open lots of each campaign taken from after those the allocator holds, in pages of 2, 4, …
 * until they cover what is taken; open lots of refunded gifts; slices of grants it does not hold
 * as waiting; and the lots a refused grant gives back to that it does not hold.
 */
function readFromStore(store: ReturnType<typeof collect>, batch: Move[], allocator: ReturnType<typeof createAllocator>): Parameters<ReturnType<typeof createAllocator>["load"]> {
  const after = (a: { record: bigint; index: number }, b: { record: bigint; index: number }) => a.record > b.record || (a.record === b.record && a.index > b.index);
  const open = [...store.lots.values()].filter((l) => l.left > 0n).sort((a, b) => (after(a, b) ? 1 : -1));
  const need = new Map<bigint, bigint>();
  const origins = new Set<bigint>();
  const settled = new Set<bigint>();
  const refusedGrants = new Set<bigint>();
  for (const m of batch) {
    if (m.kind === "grant") need.set(m.fromCampaignId, (need.get(m.fromCampaignId) ?? 0n) + m.amount);
    else if (m.kind === "disbursement" || m.kind === "refund" || m.kind === "correction") need.set(m.campaignId, (need.get(m.campaignId) ?? 0n) + m.amount);
    if (m.kind === "refund") origins.add(m.donationId);
    if (m.kind === "correction" && m.boundTo !== undefined) origins.add(m.boundTo);
    if (m.kind === "grantAcknowledged" || m.kind === "grantRefused") settled.add(m.grantId);
    if (m.kind === "grantRefused") refusedGrants.add(m.grantId);
  }
  const lots = new Map<string, Lot>();
  const reads = [];
  for (const [campaignId, amount] of need) {
    const holding = allocator.holding(campaignId);
    if (holding.complete || holding.held >= amount) continue;
    let want = amount - holding.held;
    let from = holding.upTo;
    for (let page = 2; ; page *= 2) {
      const found = open.filter((l) => l.campaignId === campaignId && (!from || after(l, from))).slice(0, page);
      for (const l of found) lots.set(`${l.record}:${l.index}`, l);
      from = found.at(-1) ?? from;
      want -= found.reduce((sum, l) => sum + l.left, 0n);
      if (found.length < page || want <= 0n) {
        reads.push({ campaignId, complete: found.length < page, ...(from ? { upTo: { record: from.record, index: from.index } } : {}) });
        break;
      }
    }
  }
  for (const l of open) if (origins.has(l.origin)) lots.set(`${l.record}:${l.index}`, l);
  const settledHere = new Set([...store.returned, ...store.arrived]);
  const inTransit = store.slices.filter((s) => s.kind === "grant" && settled.has(s.movement) && !allocator.waitingFrom(s.movement) && !settledHere.has(`${s.movement}:${s.index}`));
  for (const grant of refusedGrants) {
    for (const lot of allocator.waitingFrom(grant) ?? inTransit.filter((s) => s.movement === grant).map((s) => s.lot)) {
      const stored = store.lots.get(`${lot.record}:${lot.index}`);
      if (stored && !allocator.knows(lot)) lots.set(`${lot.record}:${lot.index}`, stored);
    }
  }
  return [{ lots: [...lots.values()], inTransit }, reads];
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
