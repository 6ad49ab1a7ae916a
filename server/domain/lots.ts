/**
 * Where every fen went, across organisations: allocation as lots and slices, maintained one move
 * at a time. Pure and deterministic, so anyone can recompute it from the chain's events.
 *
 * Rules (the README repeats them):
 * - Each campaign holds its money as an ordered queue of lots. A donation adds one lot whose origin
 *   is that donation; an approved positive correction adds one whose origin is the approval.
 * - A grant takes lots first in, first out from its campaign; a partly taken lot is split. While
 *   the grant waits, its slices are in transit. Acknowledged, each slice becomes a lot of the
 *   receiving campaign, in the order it left, with the same origin: origins survive every hop.
 *   Refused, each slice goes back to the lot it came from, which is the oldest money again.
 * - A disbursement, and a negative correction not bound to one donation, take first in, first out.
 * - A refund (and a negative correction of a donation, or one the trust rules flagged) takes only
 *   from lots of that one origin in its campaign; what they no longer hold is a shortfall, shown,
 *   never taken from another donor.
 * - Slices of one origin always add up to what it brought, in integer minor units.
 */

/** Where a lot sits in its campaign's queue: the record that put it there, then its place among that record's lots. */
export interface LotKey {
  record: bigint;
  index: number;
}

export interface Lot extends LotKey {
  campaignId: bigint;
  /** The donation (or approved correction) this money came in with. */
  origin: bigint;
  /** What it brought into this campaign. */
  amount: bigint;
  /** What it still holds. */
  left: bigint;
  /** For a lot a grant carried here: the slice of the sender's lot it continues. */
  from?: SliceKey;
}

export interface SliceKey {
  /** The record that took it: a grant, disbursement, refund or correction. */
  movement: bigint;
  index: number;
}

export type MovementKind = "grant" | "disbursement" | "refund" | "correction";

export interface Slice extends SliceKey {
  kind: MovementKind;
  lot: LotKey;
  campaignId: bigint;
  origin: bigint;
  amount: bigint;
}

/** A refund or bound correction that asked more of its origin than that origin held in the campaign. */
export interface Shortfall {
  movement: bigint;
  campaignId: bigint;
  origin: bigint;
  amount: bigint;
}

export type Move =
  | { kind: "donation"; recordId: bigint; campaignId: bigint; amount: bigint }
  | { kind: "grant"; recordId: bigint; fromCampaignId: bigint; toCampaignId: bigint; amount: bigint }
  | { kind: "grantAcknowledged"; recordId: bigint; grantId: bigint; toCampaignId: bigint }
  | { kind: "grantRefused"; recordId: bigint; grantId: bigint; fromCampaignId: bigint }
  | { kind: "disbursement"; recordId: bigint; campaignId: bigint; amount: bigint }
  | { kind: "refund"; recordId: bigint; campaignId: bigint; donationId: bigint; amount: bigint }
  /** A negative correction: `boundTo` when it may take only from that origin (a donation's, or a flagged one). */
  | { kind: "correction"; recordId: bigint; campaignId: bigint; amount: bigint; boundTo?: bigint }
  | { kind: "correctionApproved"; recordId: bigint; campaignId: bigint; amount: bigint };

/** What one move changed: what a store writes. */
export interface Changes {
  lotsAdded: Lot[];
  /** Lots whose `left` changed (taken from or given back to), with their new `left`. */
  lotsChanged: Lot[];
  slices: Slice[];
  /** Grant slices that went back to their lot (the grant refused), and by which record. */
  returned: { slice: SliceKey; by: bigint }[];
  /** Grant slices that became lots of the receiving campaign (the grant acknowledged). */
  arrived: { slice: SliceKey; by: bigint }[];
  shortfalls: Shortfall[];
}

/** Everything a store keeps to go on later: open lots, and what waiting grants took. */
export interface AllocationSnapshot {
  /** Open lots, and the spent lots a waiting grant's slices may go back to. */
  lots: Lot[];
  /** Slices of grants neither acknowledged nor refused yet, by grant. */
  inTransit: Slice[];
}

/** The chain never lets a campaign pay out more than it holds: this means the mirror is wrong or incomplete. */
export class AllocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AllocationError";
  }
}

const keyOf = (k: LotKey) => `${k.record}:${k.index}`;
const compareKeys = (a: LotKey, b: LotKey) => (a.record < b.record ? -1 : a.record > b.record ? 1 : a.index - b.index);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

interface Queue {
  lots: Lot[];
  /** Lots before it hold nothing. */
  head: number;
  /**
   * How much of the campaign's queue the allocator holds, when it is kept between batches: every
   * open lot (`complete`), or every open lot up to `upTo` (none when absent) and perhaps later ones
   * it was given or read for one batch, which `compact` forgets.
   */
  complete: boolean;
  upTo?: LotKey;
}

/** What a store read of one campaign's queue: its open lots up to `upTo`, and whether that was all of them. */
export interface QueueRead {
  campaignId: bigint;
  upTo?: LotKey;
  complete: boolean;
}

export interface Allocator {
  apply(move: Move): Changes;
  snapshot(): AllocationSnapshot;
  /**
   * Adds what a store read (lots it does not hold yet, in queue order; slices of grants not
   * waiting here yet), and for the campaigns whose queues were read, how far.
   */
  load(from: AllocationSnapshot, reads?: QueueRead[]): void;
  /** What it holds of a campaign's queue from its oldest open lot: what those lots hold, up to which lot, and whether that is all. */
  holding(campaignId: bigint): { held: bigint; upTo?: LotKey; complete: boolean };
  knows(lot: LotKey): boolean;
  /** The lots a waiting grant took from (undefined when it does not hold the grant as waiting). */
  waitingFrom(grantId: bigint): LotKey[] | undefined;
  /**
   * Between batches, to be kept: forgets spent lots before each queue's oldest open one (a
   * refusal that gives back to one has it read again), lots beyond what was read of a queue, and
   * beyond the `most` oldest lots of any queue.
   */
  compact(most: number): void;
}

/** An allocator starting from nothing, or from what a store kept (`snapshot()` of an earlier one). */
export function createAllocator(from: AllocationSnapshot = { lots: [], inTransit: [] }): Allocator {
  const queues = new Map<bigint, Queue>();
  const lots = new Map<string, Lot>();
  const inTransit = new Map<bigint, Slice[]>();

  load(from);

  function queueOf(campaignId: bigint): Queue {
    let queue = queues.get(campaignId);
    if (!queue) queues.set(campaignId, (queue = { lots: [], head: 0, complete: false }));
    return queue;
  }

  function load(from: AllocationSnapshot, reads: QueueRead[] = []): void {
    for (const lot of [...from.lots].sort(compareKeys)) {
      if (lots.has(keyOf(lot))) continue; // what it holds is newer than, or the same as, what was read
      const copy = { ...lot };
      lots.set(keyOf(copy), copy);
      const queue = queueOf(copy.campaignId);
      // Mostly after every lot it holds; a lot given back to, or read for a refund, may fall between.
      let at = queue.lots.length;
      while (at > 0 && compareKeys(queue.lots[at - 1]!, copy) > 0) at--;
      queue.lots.splice(at, 0, copy);
      if (at < queue.head && copy.left > 0n) queue.head = at;
      else if (at < queue.head) queue.head++;
    }
    const read = new Map<bigint, Slice[]>();
    for (const slice of from.inTransit) if (!inTransit.has(slice.movement)) read.set(slice.movement, [...(read.get(slice.movement) ?? []), { ...slice }]);
    for (const [grant, slices] of read) inTransit.set(grant, slices);
    for (const r of reads) {
      const queue = queueOf(r.campaignId);
      queue.complete = r.complete;
      if (r.upTo && (!queue.upTo || compareKeys(r.upTo, queue.upTo) > 0)) queue.upTo = { record: r.upTo.record, index: r.upTo.index };
    }
  }

  function add(lot: Lot, changes: Changes): void {
    const queue = queueOf(lot.campaignId);
    const last = queue.lots.at(-1);
    // Records only grow, so a new lot's key is the largest of its campaign.
    if (last && compareKeys(last, lot) >= 0) throw new AllocationError(`lot ${keyOf(lot)} arrives out of order in campaign ${lot.campaignId}`);
    queue.lots.push(lot);
    lots.set(keyOf(lot), lot);
    changes.lotsAdded.push({ ...lot });
  }

  function take(lot: Lot, amount: bigint, movement: bigint, kind: MovementKind, changes: Changes): Slice {
    lot.left -= amount;
    const slice: Slice = { movement, index: changes.slices.length, kind, lot: { record: lot.record, index: lot.index }, campaignId: lot.campaignId, origin: lot.origin, amount };
    changes.slices.push(slice);
    changes.lotsChanged.push({ ...lot });
    return slice;
  }

  /** First in, first out from the campaign's queue; more than it holds is an error. */
  function takeOldest(campaignId: bigint, amount: bigint, movement: bigint, kind: MovementKind, changes: Changes): Slice[] {
    const queue = queueOf(campaignId);
    const taken: Slice[] = [];
    let need = amount;
    while (need > 0n) {
      while (queue.head < queue.lots.length && queue.lots[queue.head]!.left === 0n) queue.head++;
      const oldest = queue.lots[queue.head];
      if (!oldest) throw new AllocationError(`record ${movement} takes ${need} more than campaign ${campaignId} holds`);
      const part = min(oldest.left, need);
      taken.push(take(oldest, part, movement, kind, changes));
      need -= part;
    }
    return taken;
  }

  /** Only from lots of `origin`, oldest first; what they lack is a shortfall. */
  function takeFromOrigin(campaignId: bigint, origin: bigint, amount: bigint, movement: bigint, kind: MovementKind, changes: Changes): void {
    const queue = queueOf(campaignId);
    let need = amount;
    for (let i = queue.head; i < queue.lots.length && need > 0n; i++) {
      const lot = queue.lots[i]!;
      if (lot.origin !== origin || lot.left === 0n) continue;
      const part = min(lot.left, need);
      take(lot, part, movement, kind, changes);
      need -= part;
    }
    if (need > 0n) changes.shortfalls.push({ movement, campaignId, origin, amount: need });
  }

  function settle(grantId: bigint): Slice[] {
    const slices = inTransit.get(grantId);
    if (!slices) throw new AllocationError(`grant ${grantId} is settled but is not waiting`);
    inTransit.delete(grantId);
    return slices;
  }

  function positive(amount: bigint, recordId: bigint): void {
    if (amount <= 0n) throw new AllocationError(`record ${recordId} moves a non-positive amount ${amount}`);
  }

  return {
    apply(move) {
      const changes: Changes = { lotsAdded: [], lotsChanged: [], slices: [], returned: [], arrived: [], shortfalls: [] };
      switch (move.kind) {
        case "donation":
        case "correctionApproved":
          positive(move.amount, move.recordId);
          add({ record: move.recordId, index: 0, campaignId: move.campaignId, origin: move.recordId, amount: move.amount, left: move.amount }, changes);
          break;
        case "grant":
          positive(move.amount, move.recordId);
          inTransit.set(move.recordId, takeOldest(move.fromCampaignId, move.amount, move.recordId, "grant", changes));
          break;
        case "grantAcknowledged":
          for (const [index, slice] of settle(move.grantId).entries()) {
            add({ record: move.recordId, index, campaignId: move.toCampaignId, origin: slice.origin, amount: slice.amount, left: slice.amount, from: { movement: slice.movement, index: slice.index } }, changes);
            changes.arrived.push({ slice: { movement: slice.movement, index: slice.index }, by: move.recordId });
          }
          break;
        case "grantRefused":
          for (const slice of settle(move.grantId)) {
            const lot = lots.get(keyOf(slice.lot));
            if (!lot) throw new AllocationError(`grant ${move.grantId} goes back to lot ${keyOf(slice.lot)}, which is not known`);
            lot.left += slice.amount;
            const queue = queueOf(lot.campaignId);
            const at = queue.lots.indexOf(lot);
            if (at < queue.head) queue.head = at;
            changes.lotsChanged.push({ ...lot });
            changes.returned.push({ slice: { movement: slice.movement, index: slice.index }, by: move.recordId });
          }
          break;
        case "disbursement":
          positive(move.amount, move.recordId);
          takeOldest(move.campaignId, move.amount, move.recordId, "disbursement", changes);
          break;
        case "refund":
          positive(move.amount, move.recordId);
          takeFromOrigin(move.campaignId, move.donationId, move.amount, move.recordId, "refund", changes);
          break;
        case "correction":
          positive(move.amount, move.recordId);
          if (move.boundTo !== undefined) takeFromOrigin(move.campaignId, move.boundTo, move.amount, move.recordId, "correction", changes);
          else takeOldest(move.campaignId, move.amount, move.recordId, "correction", changes);
          break;
      }
      return changes;
    },

    load,

    holding(campaignId) {
      const queue = queues.get(campaignId);
      if (!queue) return { held: 0n, complete: false };
      let held = 0n;
      for (let i = queue.head; i < queue.lots.length; i++) held += queue.lots[i]!.left;
      return { held, complete: queue.complete, ...(queue.upTo ? { upTo: { ...queue.upTo } } : {}) };
    },

    knows: (lot) => lots.has(keyOf(lot)),
    waitingFrom: (grantId) => inTransit.get(grantId)?.map((s) => ({ ...s.lot })),

    compact(most) {
      for (const queue of queues.values()) {
        while (queue.head < queue.lots.length && queue.lots[queue.head]!.left === 0n) queue.head++;
        let end = queue.lots.length;
        if (!queue.complete) {
          const upTo = queue.upTo;
          while (end > queue.head && (!upTo || compareKeys(queue.lots[end - 1]!, upTo) > 0)) end--;
        }
        if (end - queue.head > most) {
          end = queue.head + most;
          queue.complete = false;
          const last = queue.lots[end - 1];
          queue.upTo = last ? { record: last.record, index: last.index } : queue.upTo;
        }
        for (let i = 0; i < queue.head; i++) lots.delete(keyOf(queue.lots[i]!));
        for (let i = end; i < queue.lots.length; i++) lots.delete(keyOf(queue.lots[i]!));
        queue.lots = queue.lots.slice(queue.head, end);
        queue.head = 0;
      }
    },

    snapshot() {
      // Spent lots are kept only where a waiting grant may still give back to them.
      const needed = new Set<string>();
      for (const slices of inTransit.values()) for (const s of slices) needed.add(keyOf(s.lot));
      const kept = [...lots.values()].filter((l) => l.left > 0n || needed.has(keyOf(l))).map((l) => ({ ...l }));
      return { lots: kept.sort(compareKeys), inTransit: [...inTransit.values()].flat().map((s) => ({ ...s })) };
    },
  };
}
