/**
 * How many blocks to ask a node for in one eth_getLogs: sized by what the node returns. The span
 * doubles while answers stay small and fast, halves on a slow or very large answer, and halves
 * again at once on a timeout, a dropped connection or a node's "too many results" refusal. One
 * policy for the indexer, verify and the bench, so the bench measures the node at the ranges the
 * indexer really reads.
 */
export interface RangeSizer {
  /** Blocks to read next. */
  span(): bigint;
  /**
   * An answer of `logs` logs for `blocks` blocks came back in `ms` milliseconds. Only a range of
   * the full span can make it grow: following the head reads short ranges of few logs, and a span
   * grown on those would meet the next backlog with one enormous read.
   */
  answered(logs: number, ms: number, blocks: bigint): void;
  /** The node refused or failed the last range: true when a smaller one is worth trying. */
  refused(error: unknown): boolean;
}

export const RANGE_LIMITS = {
  maxSpan: 10_000n,
  growBelowLogs: 1_000,
  growBelowMs: 1_000,
  shrinkAboveLogs: 4_000,
  shrinkAboveMs: 4_000,
};

export function createRangeSizer(initial = 100n, limits = RANGE_LIMITS): RangeSizer {
  let span = initial > 0n ? initial : 1n;
  return {
    span: () => span,
    answered(logs, ms, blocks) {
      if (blocks >= span && logs < limits.growBelowLogs && ms < limits.growBelowMs) span = span * 2n < limits.maxSpan ? span * 2n : limits.maxSpan;
      else if ((logs > limits.shrinkAboveLogs || ms > limits.shrinkAboveMs) && span > 1n) span /= 2n;
    },
    refused(error) {
      if (span === 1n || !isTooLarge(error)) return false;
      span /= 2n;
      return true;
    },
  };
}

/**
 * A node's refusal to answer so large a range, or a failure that a smaller one may avoid: a
 * timeout, a connection the node dropped, a body cut short. Recognised by JSON-RPC error code
 * (-32005 "limit exceeded" in geth, Erigon, Alchemy, Infura) and by the wording nodes use.
 */
export function isTooLarge(error: unknown): boolean {
  const e = error as { name?: string; code?: number | string; message?: string; cause?: { code?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError" || e?.name === "ResponseTooLargeError") return true;
  if (e?.code === -32005) return true;
  if (e?.cause?.code === "UND_ERR_SOCKET" || e?.cause?.code === "ECONNRESET") return true;
  if (e?.name === "SyntaxError") return true; // a body cut off mid-answer
  return /too many|limit exceeded|exceeds? (the )?(max|limit)|response (size|too large)|query returned more than|fetch failed|terminated/i.test(e?.message ?? "");
}
