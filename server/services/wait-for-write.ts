import type { Db } from "../db/prisma.ts";

/**
 * Resolves when an accepted write is confirmed on-chain and its record is in the mirror;
 * rejects with the contract's reason when the chain refused it.
 */
export async function waitForWrite(options: { db: Db; id: bigint; timeoutMs?: number; pollMs?: number }): Promise<void> {
  const { db, id } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    const entry = await db.outboxEntry.findUniqueOrThrow({ where: { id } });
    if (entry.status === "failed") throw new Error(`write ${id} failed: ${(entry.error as { message?: string })?.message}`);
    if (entry.status === "confirmed" && entry.recordId !== null) {
      const where = { recordId: entry.recordId };
      const mirrored = entry.kind === "donation" ? await db.donation.count({ where }) : await db.disbursement.count({ where });
      if (mirrored) return;
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 25));
  }
  throw new Error(`write ${id} was not confirmed and mirrored within ${options.timeoutMs ?? 30_000} ms`);
}
