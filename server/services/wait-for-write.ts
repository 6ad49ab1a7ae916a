import type { Db } from "../db/prisma.ts";
import { findWriteRecord } from "./find-write-record.ts";

/**
 * Resolves when an accepted write is confirmed on-chain and its record is in the mirror;
 * rejects with the contract's reason when the chain refused it.
 */
export async function waitForWrite(options: { db: Db; id: bigint; timeoutMs?: number; pollMs?: number }): Promise<string> {
  const { db, id } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    const entry = await db.outboxEntry.findUniqueOrThrow({ where: { id } });
    if (entry.status === "failed") throw new Error(`write ${id} failed: ${(entry.error as { message?: string })?.message}`);
    if (entry.status === "confirmed") {
      const record = await findWriteRecord(db, entry);
      if (record) return record.recordId;
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 25));
  }
  throw new Error(`write ${id} was not confirmed and mirrored within ${options.timeoutMs ?? 30_000} ms`);
}
