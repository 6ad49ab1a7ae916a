/**
 * Assembled page data kept per key (a campaign's or an organisation's page) together with the
 * mirror block it was read at. The figures change only when the mirror moves to another block,
 * except the age of held money, which grows with the clock: so an entry also expires after
 * `maxAgeMs`. Least recently used entries go first. A popular page costs a map lookup and one
 * small query for the block, not the ledger's sums.
 */
export interface PageDataCache<T> {
  get(key: string, block: string, now: number): T | undefined;
  set(key: string, block: string, data: T, now: number): void;
  /**
   * The kept data, else `load`'s, kept. Requests for the same key and block while it loads share
   * that one load: a page asked for by fifty readers when a new block arrives is read once.
   */
  getOrLoad(key: string, block: string, now: number, load: () => Promise<T>): Promise<T>;
  stats(): { hits: number; misses: number; entries: number };
}

export function createPageDataCache<T>(options: { entries: number; maxAgeMs: number }): PageDataCache<T> {
  const kept = new Map<string, { block: string; data: T; at: number }>();
  const loading = new Map<string, Promise<T>>();
  let hits = 0;
  let misses = 0;
  const cache: PageDataCache<T> = {
    get(key, block, now) {
      const entry = kept.get(key);
      if (!entry || entry.block !== block || now - entry.at > options.maxAgeMs) {
        misses++;
        return undefined;
      }
      hits++;
      // Map keeps insertion order: moving the entry to the end marks it recently used.
      kept.delete(key);
      kept.set(key, entry);
      return entry.data;
    },
    set(key, block, data, now) {
      kept.delete(key);
      kept.set(key, { block, data, at: now });
      if (kept.size > options.entries) kept.delete(kept.keys().next().value!);
    },
    getOrLoad(key, block, now, load) {
      const data = cache.get(key, block, now);
      if (data !== undefined) return Promise.resolve(data);
      const at = `${key}\n${block}`;
      let pending = loading.get(at);
      if (!pending) {
        pending = load().then(
          (loaded) => {
            loading.delete(at);
            cache.set(key, block, loaded, now);
            return loaded;
          },
          (error: unknown) => {
            loading.delete(at);
            throw error;
          },
        );
        loading.set(at, pending);
      }
      return pending;
    },
    stats: () => ({ hits, misses, entries: kept.size }),
  };
  return cache;
}
