import { hex } from "./headers.ts";
import type { ChainReader } from "./raw-rpc.ts";
import type { RawLog } from "./decode-events.ts";

/**
 * eth_getLogs over a long stretch of blocks in ranges a node will answer: a range that fails (too
 * many results, too large, a timeout, a dropped connection) is read again in halves.
 */
export async function getLogsRanged(
  reader: ChainReader,
  filter: { address?: string; topics?: (string | null)[] },
  from: bigint,
  to: bigint,
  span = 2_000n,
): Promise<RawLog[]> {
  const logs: RawLog[] = [];
  let at = from;
  while (at <= to) {
    const end = at + span - 1n < to ? at + span - 1n : to;
    try {
      logs.push(...((await reader.send("eth_getLogs", [{ ...filter, fromBlock: hex(at), toBlock: hex(end) }])) as RawLog[]));
      at = end + 1n;
    } catch (error) {
      if (span === 1n) throw error;
      span /= 2n;
    }
  }
  return logs;
}
