import type { JsonRpcProvider } from "ethers";
import type { RawLog } from "../chain/decode-events.ts";
import { hex, toHeader, type BlockHeader, type RawBlock } from "../chain/headers.ts";

export interface FetchedRange {
  from: bigint;
  to: bigint;
  logs: RawLog[];
  /** Headers of `from`, `to` and every block that has logs, by number. */
  headers: Map<bigint, BlockHeader>;
}

export class RangeInconsistentError extends Error {}

/**
 * Reads the ledger's logs in [from, to] and the headers that anchor them. Raw JSON-RPC, so the
 * cost is the node's, not a decoding layer's. Throws RangeInconsistentError when the chain
 * changed under the read (a log's block hash is not the header's), so the caller re-reads.
 */
export async function fetchRange(provider: JsonRpcProvider, address: string, from: bigint, to: bigint): Promise<FetchedRange> {
  const logs = (await provider.send("eth_getLogs", [
    { address, fromBlock: hex(from), toBlock: hex(to) },
  ])) as RawLog[];
  const numbers = new Set<bigint>([from, to]);
  for (const log of logs) numbers.add(BigInt(log.blockNumber));
  const headers = new Map<bigint, BlockHeader>();
  await Promise.all(
    [...numbers].map(async (n) => {
      const block = (await provider.send("eth_getBlockByNumber", [hex(n), false])) as RawBlock | null;
      if (!block) throw new RangeInconsistentError(`block ${n} disappeared while reading`);
      headers.set(n, toHeader(block));
    }),
  );
  for (const log of logs) {
    if (log.removed) throw new RangeInconsistentError(`log in block ${log.blockNumber} was removed`);
    const header = headers.get(BigInt(log.blockNumber))!;
    if (header.hash !== log.blockHash) throw new RangeInconsistentError(`block ${header.number} changed while reading`);
  }
  return { from, to, logs, headers };
}
