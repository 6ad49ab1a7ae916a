import type pg from "pg";
import type { LedgerEvent } from "../domain/ledger-events.ts";
import { applyStateEvents, rederiveState } from "./apply-state-events.ts";
import type { BlockHeader } from "../chain/headers.ts";
import { aggregateFlows, rollbackFlows } from "./aggregate-flows.ts";
import { allocateEvents, rollbackAllocation, type AllocationState } from "./allocate-events.ts";
import { insertRecords } from "./insert-records.ts";
import { validateReferences } from "./validate-references.ts";
import { inTransaction } from "../db/transaction.ts";

export class CursorMovedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CursorMovedError";
  }
}

/**
 * Writes one range's events, their blocks and the new cursor in one transaction: either all of
 * it is in the mirror or none of it, so a crash at any point loses or doubles nothing. Rows are
 * keyed by chain position, and the cursor only moves from where this batch started.
 * `derived: false` leaves out what is derived from all of history (the allocation, the flow
 * sums): for verify's rebuild of a tail, which starts without the history before it.
 * `allocation: false` leaves out the allocation alone: for the bench that measures its cost.
 * `allocationState` is what the writer keeps of the allocation between its batches; a batch that
 * fails resets it, since the mirror did not take what it applied.
 */
export async function writeBatch(
  pool: pg.Pool,
  batch: { fromCursor: bigint; events: LedgerEvent[]; headers: Map<bigint, BlockHeader>; to: BlockHeader; derived?: boolean; allocation?: boolean; allocationState?: AllocationState },
): Promise<void> {
  try {
    await writeRange(pool, batch);
  } catch (error) {
    batch.allocationState?.reset();
    throw error;
  }
}

async function writeRange(pool: pg.Pool, batch: Parameters<typeof writeBatch>[1]): Promise<void> {
  await inTransaction(pool, async (client) => {
    const moved = await client.query(
      `UPDATE indexer_cursor SET block_number = $1, block_hash = $2, updated_at = now() WHERE id = 1 AND block_number = $3`,
      [batch.to.number, batch.to.hash, batch.fromCursor],
    );
    if (moved.rowCount !== 1) throw new CursorMovedError("another indexer moved the cursor; this one stops");
    const headers = [...batch.headers.values()];
    if (headers.length)
      await client.query(
        `INSERT INTO chain_block (number, hash, parent_hash, timestamp)
         SELECT n, h, p, to_timestamp(ts) FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS t(n, h, p, ts)
         ON CONFLICT (number) DO NOTHING`,
        [headers.map((h) => h.number), headers.map((h) => h.hash), headers.map((h) => h.parentHash), headers.map((h) => h.timestamp)],
      );
    await insertRecords(client, batch.events, batch.headers);
    await applyStateEvents(client, batch.events);
    await validateReferences(client, batch.events);
    if (batch.derived !== false) {
      // After the flags: a flagged correction takes from nobody else.
      if (batch.allocation !== false) await allocateEvents(client, batch.events, batch.allocationState);
      await aggregateFlows(client, batch.events, batch.headers);
    }
  });
}

const FROM_BLOCKS = [
  "ledger_event",
  "organisation",
  "campaign",
  "campaign_target",
  "public_fundraising",
  "disclosure",
  "donation",
  "disbursement",
  "grant",
  "grant_settlement",
  "refund",
  "correction",
  "correction_approval",
  "record_flag",
];

/** A reorganisation removed blocks: delete what came from above the common ancestor, re-derive the rest. */
export async function rollbackAbove(pool: pg.Pool, ancestor: BlockHeader): Promise<void> {
  await inTransaction(pool, async (client) => {
    await rollbackAllocation(client, ancestor.number);
    // Before the events go: the sums to take away are read from them.
    await rollbackFlows(client, ancestor.number);
    for (const table of FROM_BLOCKS) await client.query(`DELETE FROM "${table}" WHERE block_number > $1`, [ancestor.number]);
    await client.query(`DELETE FROM chain_block WHERE number > $1`, [ancestor.number]);
    await rederiveState(client, ancestor.number);
    await client.query(`UPDATE indexer_cursor SET block_number = $1, block_hash = $2, updated_at = now() WHERE id = 1`, [
      ancestor.number,
      ancestor.hash,
    ]);
  });
}
