/** "0x1234…abcd": enough to recognise a hash by eye; the full value is always shown next to it. */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-6)}` : hash;
}

/** Share of `part` in `whole` as a whole-number percentage string, "0%" for an empty whole. */
export function percent(part: bigint, whole: bigint): string {
  if (whole <= 0n) return "0%";
  return `${(part * 100n) / whole}%`;
}
