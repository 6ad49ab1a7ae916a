import type { DonationTrace } from "../domain/trace.ts";

/**
 * Recent traces of gifts on the ledger, each kept with the block it is current to. A trace of a
 * mirrored gift changes only when the mirror moves to another block, so while the indexer's block
 * is the one an entry was read at (number and hash), the entry is exactly what the database would answer: a popular
 * code (or one asked in a loop) costs a map lookup, not a query. Least recently used entries go first.
 */
export interface TraceCache {
  /** Whether a trace of this code is kept, whatever its block: only then is the mirror's block worth reading first. */
  has(code: string): boolean;
  get(code: string, block: string): DonationTrace | undefined;
  set(code: string, block: string, trace: DonationTrace): void;
  stats(): { hits: number; misses: number; entries: number };
}

export function createTraceCache(options: { entries: number }): TraceCache {
  const kept = new Map<string, { block: string; trace: DonationTrace }>();
  let hits = 0;
  let misses = 0;
  return {
    has: (code) => kept.has(code),
    get(code, block) {
      const entry = kept.get(code);
      if (!entry || entry.block !== block) {
        misses++;
        return undefined;
      }
      hits++;
      // Map keeps insertion order: moving the entry to the end marks it recently used.
      kept.delete(code);
      kept.set(code, entry);
      return entry.trace;
    },
    set(code, block, trace) {
      kept.delete(code);
      kept.set(code, { block, trace });
      if (kept.size > options.entries) kept.delete(kept.keys().next().value!);
    },
    stats: () => ({ hits, misses, entries: kept.size }),
  };
}
