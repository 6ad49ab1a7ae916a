/**
 * First-in first-out allocation inside one campaign: each outflow is paid from the oldest
 * money not yet spent. Pure and deterministic, so anyone can recompute it from the events.
 * Slices of one inflow never exceed its amount and, once the campaign has spent it all,
 * sum to it exactly.
 */
export interface Flow {
  /** The on-chain record id; ordering follows it (record ids follow execution order). */
  id: bigint;
  amount: bigint;
  /**
   * For an outflow that returns or corrects one particular inflow (a refund of a donation, a
   * correction of it): it is paid from that inflow only, never from another donor's money. What
   * that inflow no longer holds is a shortfall, shown, not taken from anyone.
   */
  from?: bigint;
  /**
   * For an inflow that brings back an earlier outflow (a refused grant flowing back): the slices
   * that outflow took go back to the inflows they came from, so every lot keeps its origin.
   */
  returns?: bigint;
}

export interface Slice {
  inflowId: bigint;
  outflowId: bigint;
  amount: bigint;
}

/** An outflow bound to one inflow that asked for more than that inflow still held. */
export interface Shortfall {
  outflowId: bigint;
  inflowId: bigint;
  amount: bigint;
}

/** What an inflow that `returns` an outflow gave back to one lot that outflow had taken from. */
export interface Restored {
  inflowId: bigint;
  outflowId: bigint;
  /** The returning inflow (a grant's refusal). */
  returnId: bigint;
  amount: bigint;
}

export interface Allocation {
  slices: Slice[];
  shortfalls: Shortfall[];
  /** A lot holds its amount, less its slices, plus what came back to it. */
  restored: Restored[];
}

export function allocateFifo(inflows: readonly Flow[], outflows: readonly Flow[]): Slice[] {
  return allocate(inflows, outflows).slices;
}

export function allocate(inflows: readonly Flow[], outflows: readonly Flow[]): Allocation {
  const events = [
    ...inflows.map((f) => ({ ...f, dir: "in" as const })),
    ...outflows.map((f) => ({ ...f, dir: "out" as const })),
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const queue: { id: bigint; left: bigint }[] = [];
  const byId = new Map<bigint, { id: bigint; left: bigint; index: number }>();
  let head = 0;
  const slices: Slice[] = [];
  const shortfalls: Shortfall[] = [];
  const restored: Restored[] = [];
  for (const e of events) {
    if (e.amount <= 0n) throw new RangeError(`flow ${e.id} has a non-positive amount ${e.amount}`);
    if (e.dir === "in") {
      if (e.returns !== undefined) {
        restore(e.returns, e.id, e.amount);
        continue;
      }
      const entry = { id: e.id, left: e.amount, index: queue.length };
      queue.push(entry);
      byId.set(e.id, entry);
      continue;
    }
    let need = e.amount;
    if (e.from !== undefined) {
      const own = byId.get(e.from);
      const take = own && own.left > 0n ? (own.left < need ? own.left : need) : 0n;
      if (take > 0n) {
        slices.push({ inflowId: own!.id, outflowId: e.id, amount: take });
        own!.left -= take;
      }
      if (need > take) shortfalls.push({ outflowId: e.id, inflowId: e.from, amount: need - take });
      continue;
    }
    while (need > 0n) {
      while (queue[head] && queue[head]!.left === 0n) head++;
      const oldest = queue[head];
      if (!oldest) throw new RangeError(`outflow ${e.id} spends ${need} more than the campaign held`);
      const take = oldest.left < need ? oldest.left : need;
      slices.push({ inflowId: oldest.id, outflowId: e.id, amount: take });
      oldest.left -= take;
      need -= take;
    }
  }
  return { slices, shortfalls, restored };

  /** Puts back what outflow `outflowId` took, lot by lot; the returned lots are the oldest again. */
  function restore(outflowId: bigint, returnId: bigint, amount: bigint): void {
    let left = amount;
    for (const s of slices) {
      if (s.outflowId !== outflowId || left === 0n) continue;
      const back = s.amount < left ? s.amount : left;
      const lot = byId.get(s.inflowId)!;
      lot.left += back;
      left -= back;
      restored.push({ inflowId: lot.id, outflowId, returnId, amount: back });
      if (lot.index < head) head = lot.index;
    }
    if (left > 0n) throw new RangeError(`return ${amount} of outflow ${outflowId} exceeds what it took`);
  }
}
