import type { Db } from "./prisma.ts";

/** A record the indexer flagged as breaking a rule the contract leaves to the mirror. */
export interface FlagRow {
  recordId: string;
  rule: string;
  detail: string;
  blockNumber: bigint;
  txHash: string;
  logIndex: number;
}

export interface FlagStore {
  /** Up to `limit` flags before `beforeBlock` (if given), newest first, with the mirror's block. */
  list(query: { limit: number; beforeBlock?: bigint }): Promise<{ flags: FlagRow[]; asOfBlock: string | null }>;
}

export function createFlagStore(db: Db): FlagStore {
  return {
    async list({ limit, beforeBlock }) {
      const [rows, cursor] = await Promise.all([
        db.recordFlag.findMany({
          where: beforeBlock !== undefined ? { blockNumber: { lt: beforeBlock } } : {},
          orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }],
          take: limit,
        }),
        db.indexerCursor.findUnique({ where: { id: 1 } }),
      ]);
      return {
        flags: rows.map((r) => ({ recordId: r.recordId.toFixed(), rule: r.rule, detail: r.detail, blockNumber: r.blockNumber, txHash: r.txHash, logIndex: r.logIndex })),
        asOfBlock: cursor ? cursor.blockNumber.toString() : null,
      };
    },
  };
}
