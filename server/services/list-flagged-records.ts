import type { Db } from "../db/prisma.ts";

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
export async function listFlaggedRecords(options: { db: Db; limit: number; beforeBlock?: bigint }): Promise<{ flagged: FlaggedRecord[]; asOfBlock: string | null }> {
  const [rows, cursor] = await Promise.all([
    options.db.recordFlag.findMany({
      where: options.beforeBlock !== undefined ? { blockNumber: { lt: options.beforeBlock } } : {},
      orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }],
      take: options.limit,
    }),
    options.db.indexerCursor.findUnique({ where: { id: 1 } }),
  ]);
  return {
    flagged: rows.map((r) => ({
      recordId: r.recordId.toFixed(),
      rule: r.rule,
      detail: r.detail,
      chain: { blockNumber: r.blockNumber.toString(), txHash: r.txHash, logIndex: r.logIndex },
    })),
    asOfBlock: cursor ? cursor.blockNumber.toString() : null,
  };
}
