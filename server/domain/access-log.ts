import { createHash } from "node:crypto";

/**
 * The access log's hash chain. Each entry's hash is SHA-256 over the hash before it and the
 * entry's own fields, so changing or removing an entry breaks every hash after it; anyone holding
 * one entry's hash can later check that nothing before it changed.
 */
export interface AccessEntry {
  /** 1, 2, 3, … with no gaps. */
  seq: bigint;
  at: Date;
  clientId: string;
  role: string;
  /** Whose data was read; null when it belongs to no single organisation. */
  organisationId: bigint | null;
  /** What was read, e.g. `disbursement:12:recipient-reference` or `evidence:<sha256>`. */
  resource: string;
  purpose: string;
}

export interface ChainedAccessEntry extends AccessEntry {
  prevHash: string;
  hash: string;
}

/** The hash before the first entry. */
export const ACCESS_LOG_GENESIS = "0".repeat(64);

/**
 * SHA-256 (hex) of `prevHash`, a newline, and the entry's fields as a JSON array in a fixed order
 * (numbers as decimal strings, the time as ISO 8601 in UTC with milliseconds): documented in the
 * README so that an auditor can recompute it with any tool.
 */
export function accessEntryHash(prevHash: string, entry: AccessEntry): string {
  const fields = [entry.seq.toString(), entry.at.toISOString(), entry.clientId, entry.role, entry.organisationId?.toString() ?? null, entry.resource, entry.purpose];
  return createHash("sha256").update(`${prevHash}\n${JSON.stringify(fields)}`).digest("hex");
}

export interface AccessLogProblem {
  seq: string;
  problem: string;
}

/**
 * Checks entries read in order against the chain so far; call it page by page, passing the state
 * it returns. Reports a gap or repeat in the numbering, a broken link and an entry whose hash is
 * not its own, and then goes on from what the entry says, so one change is reported once.
 */
export function checkAccessEntries(
  entries: ChainedAccessEntry[],
  state: { seq: bigint; hash: string } = { seq: 0n, hash: ACCESS_LOG_GENESIS },
): { state: { seq: bigint; hash: string }; problems: AccessLogProblem[] } {
  const problems: AccessLogProblem[] = [];
  let { seq, hash } = state;
  for (const entry of entries) {
    const at = entry.seq.toString();
    if (entry.seq !== seq + 1n) problems.push({ seq: at, problem: `expected entry ${seq + 1n} here: ${entry.seq > seq + 1n ? `entries ${seq + 1n}–${entry.seq - 1n} are missing` : "a number repeats"}` });
    if (entry.prevHash !== hash) problems.push({ seq: at, problem: "its link does not name the hash of the entry before it (an entry was removed, or one before it changed)" });
    if (accessEntryHash(entry.prevHash, entry) !== entry.hash) problems.push({ seq: at, problem: "its fields do not give its hash (the entry was edited)" });
    seq = entry.seq;
    hash = entry.hash;
  }
  return { state: { seq, hash }, problems };
}
