/**
 * Groups writes, in the order they were accepted, into runs of one kind that can share a
 * transaction. Order is kept across runs, so a donation accepted before a disbursement is on
 * the chain before it. A write marked solo, or of a kind with no batch call, always goes alone.
 */
export function planBatches<T extends { kind: string; solo: boolean }>(entries: readonly T[], maxPerBatch: number, batches: (kind: string) => boolean): T[][] {
  const planned: T[][] = [];
  let current: T[] = [];
  for (const entry of entries) {
    const alone = (e: T) => e.solo || !batches(e.kind);
    const fits = current.length > 0 && current.length < maxPerBatch && !alone(entry) && !alone(current[0]!) && current[0]!.kind === entry.kind;
    if (!fits && current.length > 0) {
      planned.push(current);
      current = [];
    }
    current.push(entry);
  }
  if (current.length > 0) planned.push(current);
  return planned;
}
