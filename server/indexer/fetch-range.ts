import type { RawLog } from "../chain/decode-events.ts";
import { hex, toHeader, type BlockHeader, type RawBlock } from "../chain/headers.ts";
import type { ChainReader } from "../chain/raw-rpc.ts";

export interface FetchedRange {
  from: bigint;
  to: bigint;
  logs: RawLog[];
  /** Headers of `from`, `to` and every block that has logs, by number (what the mirror keeps). */
  headers: Map<bigint, BlockHeader>;
}

/** Headers per batch request: large enough to be cheap, small enough for any node's batch limit. */
const HEADER_BATCH = 500;

export class RangeInconsistentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RangeInconsistentError";
  }
}

/**
 * Reads the ledger's logs in [from, to] and proves they come from one chain. The header of `to`
 * is read first, then the logs, then every header of the range: the headers must link by parent
 * hash from `from` to `to`, end at the `to` read first, and hold every log's block. A
 * reorganisation at any moment of the read breaks one of these, so the caller reads again; a
 * range with no logs on one branch can never stand in for the same range with logs on another.
 * Raw JSON-RPC, so the cost is the node's, not a decoding layer's.
 */
export async function fetchRange(provider: ChainReader, address: string, from: bigint, to: bigint): Promise<FetchedRange> {
  const anchorBlock = (await provider.send("eth_getBlockByNumber", [hex(to), false])) as RawBlock | null;
  const anchor = anchorBlock ? toHeader(anchorBlock) : undefined;
  if (!anchor) throw new RangeInconsistentError(`block ${to} is not on the chain any more`);
  const logs = (await provider.send("eth_getLogs", [{ address, fromBlock: hex(from), toBlock: hex(to) }])) as RawLog[];
  const chain = await fetchHeaders(provider, from, to);

  if (chain.get(to)!.hash !== anchor.hash) throw new RangeInconsistentError(`block ${to} changed while the range was read`);
  for (let n = from + 1n; n <= to; n++) {
    if (chain.get(n)!.parentHash !== chain.get(n - 1n)!.hash) throw new RangeInconsistentError(`blocks ${n - 1n} and ${n} are not on one branch`);
  }
  const headers = new Map<bigint, BlockHeader>([
    [from, chain.get(from)!],
    [to, chain.get(to)!],
  ]);
  for (const log of logs) {
    if (log.removed) throw new RangeInconsistentError(`log in block ${log.blockNumber} was removed`);
    const header = chain.get(BigInt(log.blockNumber));
    if (!header || header.hash !== log.blockHash) throw new RangeInconsistentError(`block ${log.blockNumber} changed while the range was read`);
    headers.set(header.number, header);
  }
  return { from, to, logs, headers };
}

/** Every header in [from, to], in JSON-RPC batches. */
async function fetchHeaders(provider: ChainReader, from: bigint, to: bigint): Promise<Map<bigint, BlockHeader>> {
  const numbers: bigint[] = [];
  for (let n = from; n <= to; n++) numbers.push(n);
  const calls = numbers.map((n): [string, unknown[]] => ["eth_getBlockByNumber", [hex(n), false]]);
  const blocks: (RawBlock | null)[] = [];
  for (let i = 0; i < calls.length; i += HEADER_BATCH) {
    const chunk = calls.slice(i, i + HEADER_BATCH);
    blocks.push(...(provider.batch ? await provider.batch(chunk) : await Promise.all(chunk.map(([m, p]) => provider.send(m, p)))));
  }
  const headers = new Map<bigint, BlockHeader>();
  blocks.forEach((block, i) => {
    if (!block) throw new RangeInconsistentError(`block ${numbers[i]} disappeared while the range was read`);
    headers.set(numbers[i]!, toHeader(block));
  });
  return headers;
}
