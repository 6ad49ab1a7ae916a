/**
 * Pure arithmetic of the public campaign and organisation pages: who confirmed a delivery, how
 * far a campaign is towards its target, and the widths of a bar of parts. Integers only: amounts
 * are bigint, shares are basis points (1/100 of a percent).
 */

/**
 * Who confirmed a disbursement arrived. The ledger accepts a confirmation from the confirmer it
 * named (the recipient organisation's key) or from an auditor; any other confirmer than the named
 * one was therefore an auditor. Null while unconfirmed.
 */
export function confirmedByRole(d: { confirmer: string | null; confirmedBy: string | null }): "recipient" | "auditor" | null {
  if (d.confirmedBy === null) return null;
  return d.confirmer !== null && d.confirmer.toLowerCase() === d.confirmedBy.toLowerCase() ? "recipient" : "auditor";
}

/**
 * Progress towards a target in basis points, rounded down: may pass 10,000 when a campaign raised
 * more than it aimed for. Null when there is no target (0).
 */
export function progressBasisPoints(raised: bigint, target: bigint): number | null {
  if (target <= 0n) return null;
  if (raised <= 0n) return 0;
  return Number((raised * 10_000n) / target);
}

/** Basis points as a percentage with at most one decimal, rounded down ("12.3", "100", "0.1"). */
export function basisPointsAsPercent(bp: number): string {
  const tenths = Math.floor(bp / 10);
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/**
 * Each part's width in a bar of `whole` (per ten thousand of the bar), rounded down, but at least
 * 1 for a part that is not zero, so a small part still shows. Zero parts get zero.
 */
export function barWidths(parts: bigint[], whole: bigint): number[] {
  if (whole <= 0n) return parts.map(() => 0);
  return parts.map((p) => (p <= 0n ? 0 : Math.max(1, Number((p * 10_000n) / whole))));
}
