import type pg from "pg";
import { copyRows } from "../db/copy-rows.ts";
import type { LedgerEvent } from "../domain/ledger-events.ts";
import { createAllocator, type Allocator, type Lot, type Move, type Slice } from "../domain/lots.ts";
import { readAllocationState } from "./read-allocation.ts";

/** The events that move money, and so the allocation. */
const MOVING = new Set(["DonationRecorded", "GrantMade", "GrantAcknowledged", "GrantRefused", "DisbursementRecorded", "DonationRefunded", "RecordCorrected", "CorrectionApproved"]);

type Args = Record<string, unknown>;
const big = (v: unknown) => BigInt(v as string | bigint);

/**
 * The allocation's move for one event (its fields as decoded, or as stored in ledger_event.args).
 * A negative correction is bound to its gift when it corrects a donation, or when the trust rules
 * flagged it: then it takes from nobody else.
 */
function moveOf(name: string, a: Args, bound: Set<bigint>): Move | undefined {
  const recordId = big(a.recordId);
  switch (name) {
    case "DonationRecorded":
      return { kind: "donation", recordId, campaignId: big(a.campaignId), amount: big(a.amount) };
    case "GrantMade":
      return { kind: "grant", recordId, fromCampaignId: big(a.fromCampaignId), toCampaignId: big(a.toCampaignId), amount: big(a.amount) };
    case "GrantAcknowledged":
      return { kind: "grantAcknowledged", recordId, grantId: big(a.grantId), toCampaignId: big(a.toCampaignId) };
    case "GrantRefused":
      return { kind: "grantRefused", recordId, grantId: big(a.grantId), fromCampaignId: big(a.fromCampaignId) };
    case "DisbursementRecorded":
      return { kind: "disbursement", recordId, campaignId: big(a.campaignId), amount: big(a.amount) };
    case "DonationRefunded":
      return { kind: "refund", recordId, campaignId: big(a.campaignId), donationId: big(a.donationId), amount: big(a.amount) };
    case "RecordCorrected": {
      const delta = big(a.delta);
      // A positive correction enters only once an auditor approves it (CorrectionApproved).
      if (delta >= 0n) return undefined;
      const correctedId = big(a.correctedId);
      return { kind: "correction", recordId, campaignId: big(a.campaignId), amount: -delta, ...(bound.has(recordId) ? { boundTo: correctedId } : {}) };
    }
    case "CorrectionApproved":
      return { kind: "correctionApproved", recordId, campaignId: big(a.campaignId), amount: big(a.amount) };
  }
  return undefined;
}

/** Open lots kept per campaign between batches: the oldest, which payouts take next. */
const KEPT_PER_CAMPAIGN = 64;

/**
 * The allocation an indexer keeps from one batch to the next: an allocator holding the oldest open
 * lots of the campaigns it took from (up to KEPT_PER_CAMPAIGN each) and the grants still waiting,
 * so that a batch reads from the mirror only what it lacks. It is the mirror's allocation as of the
 * last committed batch: whoever writes with it resets it when a batch fails or the mirror is rolled
 * back. Without one, each batch reads what it needs afresh.
 */
export interface AllocationState {
  allocator(): Allocator;
  reset(): void;
}

export function createAllocationState(): AllocationState {
  let allocator: Allocator | undefined;
  return {
    allocator: () => (allocator ??= createAllocator()),
    reset: () => {
      allocator = undefined;
    },
  };
}

/**
 * Maintains lots and slices for one range's events, inside the range's transaction (after its
 * rows and flags are written): only the state the moves need and `state` lacks is read (the oldest
 * open lots of the campaigns they take from, the lots of gifts refunded, the slices of grants
 * settled), the allocator applies them in log order, and what changed is written in bulk.
 */
export async function allocateEvents(client: pg.PoolClient, events: LedgerEvent[], state: AllocationState = createAllocationState()): Promise<void> {
  const moving = events.filter((e) => MOVING.has(e.name));
  if (moving.length === 0) return;
  const bound = await boundCorrections(
    client,
    moving.flatMap((e) => (e.name === "RecordCorrected" && e.delta < 0n ? [{ recordId: e.recordId, correctedId: e.correctedId }] : [])),
  );
  const moves = moving.flatMap((e) => {
    const move = moveOf(e.name, e as unknown as Args, bound);
    return move ? [{ move, block: e.blockNumber }] : [];
  });
  await allocateMoves(client, moves, state);
}

/** Negative corrections that may take only from the record they correct: a donation's, or a flagged one. */
async function boundCorrections(client: pg.PoolClient, corrections: { recordId: bigint; correctedId: bigint }[]): Promise<Set<bigint>> {
  if (corrections.length === 0) return new Set();
  const { rows } = await client.query(
    `SELECT c.record_id::text FROM unnest($1::numeric[], $2::numeric[]) AS c(record_id, corrected_id)
      WHERE EXISTS (SELECT 1 FROM donation d WHERE d.record_id = c.corrected_id)
         OR EXISTS (SELECT 1 FROM record_flag f WHERE f.record_id = c.record_id)`,
    [corrections.map((c) => c.recordId.toString()), corrections.map((c) => c.correctedId.toString())],
  );
  return new Set(rows.map((r) => BigInt(r.record_id)));
}

async function allocateMoves(client: pg.PoolClient, moves: { move: Move; block: bigint }[], state: AllocationState): Promise<void> {
  const allocator = state.allocator();
  await readAllocationState(client, moves.map((m) => m.move), allocator);
  const lots = new Map<string, { lot: Lot; block: bigint; added: boolean }>();
  const slices: { slice: Slice; block: bigint }[] = [];
  const shortfalls: unknown[][] = [];
  for (const { move, block } of moves) {
    const changes = allocator.apply(move);
    for (const lot of changes.lotsAdded) lots.set(`${lot.record}:${lot.index}`, { lot, block, added: true });
    for (const lot of changes.lotsChanged) {
      const key = `${lot.record}:${lot.index}`;
      const known = lots.get(key);
      lots.set(key, known ? { ...known, lot } : { lot, block, added: false });
    }
    // Which slices a grant's acknowledgement or refusal settled is not written here: all of a
    // grant's slices settle together, and the mirror's grant_settlement row (by grant_id) says by
    // which record, how and in which block.
    for (const slice of changes.slices) slices.push({ slice, block });
    for (const s of changes.shortfalls) shortfalls.push([s.movement.toString(), s.origin.toString(), s.campaignId.toString(), s.amount.toString(), block.toString()]);
  }

  const added = [...lots.values()].filter((l) => l.added);
  const changed = [...lots.values()].filter((l) => !l.added);
  if (added.length) {
    await copyRows(
      client,
      "lot",
      ["record", "idx", "campaign_id", "origin", "amount", "held", "from_movement", "from_idx", "block_number"],
      added.map(({ lot, block }) => [lot.record, lot.index, lot.campaignId, lot.origin, lot.amount, lot.left, lot.from?.movement ?? null, lot.from?.index ?? null, block].map(text)),
    );
  }
  if (changed.length) {
    await client.query(
      `UPDATE lot SET held = c.held FROM unnest($1::numeric[], $2::int[], $3::numeric[]) AS c(record, idx, held)
        WHERE lot.record = c.record AND lot.idx = c.idx`,
      [changed.map((c) => c.lot.record.toString()), changed.map((c) => c.lot.index), changed.map((c) => c.lot.left.toString())],
    );
  }
  if (slices.length) {
    await copyRows(
      client,
      "slice",
      ["movement", "idx", "kind", "lot_record", "lot_idx", "campaign_id", "origin", "amount", "block_number"],
      slices.map(({ slice, block }) => [slice.movement, slice.index, slice.kind, slice.lot.record, slice.lot.index, slice.campaignId, slice.origin, slice.amount, block].map(text)),
    );
  }
  if (shortfalls.length) await copyRows(client, "allocation_shortfall", ["movement", "origin", "campaign_id", "amount", "block_number"], shortfalls as string[][]);
  allocator.compact(KEPT_PER_CAMPAIGN);
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * A reorganisation removed the blocks above `ancestor`: lots, slices and shortfalls made there go,
 * and each lot holds again what it held at the ancestor. Grant slices settled there wait again by
 * themselves: their settlement is the grant_settlement row, which the caller deletes after this.
 * Only rows above the ancestor are read (block range indexes), whatever the size of the history.
 */
export async function rollbackAllocation(client: pg.PoolClient, ancestor: bigint): Promise<void> {
  // What each remaining lot holds, put back as it was at the ancestor, from the slices above it
  // alone: a slice made above it gave its amount back (unless a refusal already had), a slice
  // from below that a refusal above it returned takes its amount again.
  await client.query(
    `WITH refused AS (SELECT grant_id FROM grant_settlement WHERE outcome = 'refused' AND block_number > $1),
     undone AS (
       SELECT lot_record, lot_idx, sum(amount) AS amount FROM (
         SELECT s.lot_record, s.lot_idx, CASE WHEN s.kind = 'grant' AND s.movement IN (SELECT grant_id FROM refused) THEN 0 ELSE s.amount END AS amount
           FROM slice s WHERE s.block_number > $1
         UNION ALL
         SELECT s.lot_record, s.lot_idx, -s.amount
           FROM refused r JOIN slice s ON s.movement = r.grant_id AND s.kind = 'grant' WHERE s.block_number <= $1) moved
        GROUP BY lot_record, lot_idx)
     UPDATE lot SET held = lot.held + undone.amount FROM undone
      WHERE lot.record = undone.lot_record AND lot.idx = undone.lot_idx AND lot.block_number <= $1 AND undone.amount <> 0`,
    [ancestor],
  );
  await client.query(`DELETE FROM slice WHERE block_number > $1`, [ancestor]);
  await client.query(`DELETE FROM lot WHERE block_number > $1`, [ancestor]);
  await client.query(`DELETE FROM allocation_shortfall WHERE block_number > $1`, [ancestor]);
}

/**
 * Derives the whole allocation again from the mirror's events, in log order: for a mirror built
 * before lots and slices existed. The same code as the indexer's, from the same events.
 */
export async function rebuildAllocation(client: pg.PoolClient): Promise<number> {
  await client.query(`DELETE FROM slice`);
  await client.query(`DELETE FROM lot`);
  await client.query(`DELETE FROM allocation_shortfall`);
  const { rows } = await client.query<{ name: string; args: Args; block_number: string }>(
    `SELECT name, args, block_number FROM ledger_event WHERE name = ANY($1::text[]) ORDER BY block_number, log_index`,
    [[...MOVING]],
  );
  const { rows: flagged } = await client.query<{ record_id: string }>(
    `SELECT c.record_id::text FROM correction c WHERE c.delta < 0 AND (
       EXISTS (SELECT 1 FROM donation d WHERE d.record_id = c.corrected_id) OR EXISTS (SELECT 1 FROM record_flag f WHERE f.record_id = c.record_id))`,
  );
  const bound = new Set(flagged.map((r) => BigInt(r.record_id)));
  const moves = rows.flatMap((r) => {
    const move = moveOf(r.name, r.args, bound);
    return move ? [{ move, block: BigInt(r.block_number) }] : [];
  });
  await allocateMoves(client, moves, createAllocationState());
  return moves.length;
}

/** True when the mirror holds money moves but no lots: it was built before the allocation was kept as rows. */
export async function allocationMissing(client: pg.PoolClient | pg.Pool): Promise<boolean> {
  const { rows } = await client.query(`SELECT NOT EXISTS (SELECT 1 FROM lot) AND EXISTS (SELECT 1 FROM donation) AS missing`);
  return rows[0].missing as boolean;
}
