import type { Db, Prisma } from "./prisma.ts";

/**
 * Runs several reads on one snapshot of the mirror and says up to which block it is current.
 * REPEATABLE READ takes its snapshot at the first statement, which reads the cursor, so every
 * figure in the answer is as of that block even while the indexer writes.
 */
export async function readConsistent<T>(db: Db, read: (tx: Prisma.TransactionClient) => Promise<T>): Promise<{ result: T; asOfBlock: string | null }> {
  return db.$transaction(
    async (tx) => {
      const cursor = await tx.indexerCursor.findUnique({ where: { id: 1 }, select: { blockNumber: true } });
      const result = await read(tx);
      return { result, asOfBlock: cursor ? cursor.blockNumber.toString() : null };
    },
    { isolationLevel: "RepeatableRead" },
  );
}
