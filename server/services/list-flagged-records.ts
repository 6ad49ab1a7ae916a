import type { FlagStore } from "../db/flags.ts";

export interface FlaggedRecord {
  recordId: string;
  rule: string;
  detail: string;
  chain: { blockNumber: string; txHash: string; logIndex: number };
}

/**
 * Every record the mirror flagged as breaking a rule the contract leaves to it, newest first, with
 * where it is on the chain: public, so anyone can see which records count for nothing.
 */
export async function listFlaggedRecords(options: { flags: FlagStore; limit: number; beforeBlock?: bigint }): Promise<{ flagged: FlaggedRecord[]; asOfBlock: string | null }> {
  const { flags, asOfBlock } = await options.flags.list({ limit: options.limit, ...(options.beforeBlock !== undefined ? { beforeBlock: options.beforeBlock } : {}) });
  return {
    flagged: flags.map((r) => ({
      recordId: r.recordId,
      rule: r.rule,
      detail: r.detail,
      chain: { blockNumber: r.blockNumber.toString(), txHash: r.txHash, logIndex: r.logIndex },
    })),
    asOfBlock,
  };
}
