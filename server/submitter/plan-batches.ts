/**
 * Groups writes, in the order they were accepted, into runs of one kind that can share a
 * transaction. Order is kept across runs, so a donation accepted before a disbursement is on
 * the chain before it. A write marked solo always goes alone.
 */
export function planBatches<T extends { kind: string; solo: boolean }>(entries: readonly T[], maxPerBatch: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  for (const entry of entries) {
    const fits = current.length > 0 && current.length < maxPerBatch && !entry.solo && !current[0]!.solo && current[0]!.kind === entry.kind;
    if (!fits && current.length > 0) {
      batches.push(current);
      current = [];
    }
    current.push(entry);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
