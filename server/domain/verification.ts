/** Where the mirror stands against the chain, as the last check found it. */
export interface VerificationStatus {
  /** "unverified" until the first check ends; "differences" while a difference stands. */
  state: "unverified" | "ok" | "differences" | "error";
  /** When the last check ended, ISO 8601. */
  verifiedAt: string | null;
  /** The block the last check reached. */
  verifiedBlock: string | null;
  differences: number;
  /** The last check of the whole mirror (the ones between check only the blocks indexed since). */
  lastFullCheck: { at: string; block: string } | null;
  error?: string;
}
