/**
 * First-in first-out allocation inside one campaign: each outflow is paid from the oldest
 * money not yet spent. Pure and deterministic, so anyone can recompute it from the events.
 * Slices of one inflow never exceed its amount and, once the campaign has spent it all,
 * sum to it exactly.
 */
export interface Flow {
  /** The on-chain record id; ordering follows it. */
  id: bigint;
  amount: bigint;
  /**
   * For an outflow that returns one particular inflow (a refund of a donation): it is paid from
   * that inflow first, and only what that inflow no longer holds comes from the oldest money.
   */
  from?: bigint;
}

export interface Slice {
  inflowId: bigint;
  outflowId: bigint;
  amount: bigint;
}

export function allocateFifo(inflows: readonly Flow[], outflows: readonly Flow[]): Slice[] {
  const events = [
    ...inflows.map((f) => ({ ...f, dir: "in" as const })),
    ...outflows.map((f) => ({ ...f, dir: "out" as const })),
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const queue: { id: bigint; left: bigint }[] = [];
  const byId = new Map<bigint, { id: bigint; left: bigint }>();
  let head = 0;
  const slices: Slice[] = [];
  for (const e of events) {
    if (e.amount <= 0n) throw new RangeError(`flow ${e.id} has a non-positive amount ${e.amount}`);
    if (e.dir === "in") {
      const entry = { id: e.id, left: e.amount };
      queue.push(entry);
      byId.set(e.id, entry);
      continue;
    }
    let need = e.amount;
    const own = e.from !== undefined ? byId.get(e.from) : undefined;
    if (own && own.left > 0n) {
      const take = own.left < need ? own.left : need;
      slices.push({ inflowId: own.id, outflowId: e.id, amount: take });
      own.left -= take;
      need -= take;
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
  return slices;
}
