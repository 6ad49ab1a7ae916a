import type { OutboxStore, WriteLanding } from "../db/outbox.ts";
import { findLanding, recordIdOf } from "./get-write-status.ts";

/**
 * Resolves when an accepted write is confirmed on-chain and the event that proves it is in the
 * mirror; rejects with the contract's reason when the chain refused it.
 */
export async function waitForLanding(options: { outbox: OutboxStore; id: bigint; timeoutMs?: number; pollMs?: number }): Promise<WriteLanding> {
  const { outbox, id } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const entry = await outbox.read(id);
    if (!entry) throw new Error(`no write ${id}`);
    if (entry.status === "failed") throw new Error(`write ${id} failed: ${(entry.error as { message?: string })?.message}`);
    const landing = await findLanding(outbox, entry);
    if (landing) return landing;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 25));
  }
  throw new Error(`write ${id} was not confirmed and mirrored within ${timeoutMs} ms`);
}

/** As waitForLanding, for a write that makes a record: resolves with the record's id. */
export async function waitForWrite(options: { outbox: OutboxStore; id: bigint; timeoutMs?: number; pollMs?: number }): Promise<string> {
  const landing = await waitForLanding(options);
  const recordId = recordIdOf(landing);
  if (recordId === null) throw new Error(`write ${options.id} landed as ${landing.event}, which makes no record`);
  return recordId;
}
