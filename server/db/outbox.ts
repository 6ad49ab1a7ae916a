import type pg from "pg";
import type { Logger } from "pino";

/**
 * The outbox as the submitter moves it, in one place: its rows, its statuses, and every change of
 * status, each guarded by the status it leaves (pending → submitted → confirmed, or failed).
 */
export type OutboxStatus = "pending" | "submitted" | "confirmed" | "failed";

/** A row as the submitter reads it; `P` is the on-chain payload's type, which the chain layer owns. */
export interface OutboxRow<P = unknown> {
  id: string;
  kind: string;
  solo: boolean;
  payload: P;
  organisation_id: string;
  sender: string | null;
  nonce: string | null;
  tx_hash: string | null;
  tx_hashes: string[];
  raw_tx: string | null;
  submitted_at: Date | null;
}

const COLUMNS = `id, kind, solo, payload, organisation_id, sender, nonce, tx_hash, tx_hashes, raw_tx, submitted_at`;

/** The oldest `limit` writes in `status`, in the order the API accepted them. */
export async function readOutbox<P>(pool: pg.Pool, status: OutboxStatus, limit: number): Promise<OutboxRow<P>[]> {
  return (await pool.query<OutboxRow<P>>(`SELECT ${COLUMNS} FROM outbox WHERE status = $1 ORDER BY id LIMIT $2`, [status, limit])).rows;
}

/** Moves `ids` from one status to the next, all or none; false when any of them was not in `from`. */
export async function moveOutbox(
  pool: pg.Pool,
  logger: Logger,
  move: { ids: string[]; from: OutboxStatus; to: OutboxStatus; set: string; params?: unknown[] },
): Promise<boolean> {
  const { ids, from, to } = move;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // `set` numbers its own parameters from $3; the new status comes after them.
    const params = move.params ?? [];
    const { rowCount } = await client.query(
      `UPDATE outbox SET status = $${3 + params.length}, ${move.set} WHERE id = ANY($1::bigint[]) AND status = $2`,
      [ids, from, ...params, to],
    );
    if (rowCount !== ids.length) {
      await client.query("ROLLBACK");
      logger.warn({ ids, from, to }, "outbox entries were not in the expected status; left unchanged");
      return false;
    }
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Pending writes that must each go alone (one of them would be refused in a batch). */
export async function markSolo(pool: pg.Pool, ids: string[]): Promise<void> {
  await pool.query(`UPDATE outbox SET solo = true WHERE id = ANY($1::bigint[]) AND status = 'pending'`, [ids]);
}

/** A stuck transaction's replacement at the same nonce: every hash it went under is kept. */
export async function replaceTransaction(pool: pg.Pool, oldHash: string, raw: string, hash: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE outbox SET raw_tx = $2, tx_hash = $3, tx_hashes = tx_hashes || $3::text, submitted_at = now()
     WHERE tx_hash = $1 AND status = 'submitted'`,
    [oldHash, raw, hash],
  );
  return Boolean(rowCount);
}

/** The highest nonce a key's writes in flight hold, if any. */
export async function highestNonceInFlight(pool: pg.Pool, sender: string): Promise<bigint | undefined> {
  const { rows } = await pool.query(`SELECT max(nonce) AS n FROM outbox WHERE sender = $1 AND status = 'submitted'`, [sender]);
  return rows[0].n === null ? undefined : BigInt(rows[0].n);
}

export async function confirmedSenders(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ sender: string }>(`SELECT DISTINCT sender FROM outbox WHERE status = 'confirmed' AND sender IS NOT NULL`);
  return rows.map((r) => r.sender);
}

/**
 * Confirmed writes that may no longer be on the chain go back to "submitted", so settling finds
 * them mined again or broadcasts the same transaction: those of `sender` from nonce `fromNonce`
 * (the chain has not used it any more), or those confirmed above block `aboveBlock` (a
 * reorganisation removed it).
 */
export async function reopenConfirmed(pool: pg.Pool, which: { sender: string; fromNonce: bigint } | { aboveBlock: bigint }): Promise<number> {
  const [where, params] =
    "sender" in which ? [`sender = $1 AND nonce >= $2`, [which.sender, which.fromNonce.toString()]] : [`block_number > $1`, [which.aboveBlock.toString()]];
  const { rowCount } = await pool.query(
    `UPDATE outbox SET status = 'submitted', block_number = NULL, settled_at = NULL, submitted_at = now() WHERE status = 'confirmed' AND ${where}`,
    params,
  );
  return rowCount ?? 0;
}

// ------------------------------------------------------------------ accepting writes (the API's side)

/** A write as the API stores it; amounts and ids as bigint, the payload as the chain layer built it. */
export interface NewWrite {
  clientId: string;
  idempotencyKey: string;
  requestHash: string;
  kind: string;
  organisationId: bigint;
  campaignId: bigint | null;
  /** Sent alone, never in a batch. */
  solo: boolean;
  payload: unknown;
  donorCommitment: string | null;
  /** What it does to its campaign's balance once mirrored: money in flight until then. */
  delta: bigint;
  /** The only link from a donation to a person, kept apart so that it can be erased. */
  donorReference?: string;
  recipientReference?: { orgId: bigint; commitment: string; reference: string };
}

/** A write stored before under the same client and key. */
export interface StoredWrite {
  id: bigint;
  kind: string;
  status: OutboxStatus;
  requestHash: string;
}

export type AcceptOutcome =
  | { stored: bigint }
  | { replay: StoredWrite }
  | { refused: "no_campaign" | "other_organisation" | "closed" }
  | { refused: "insufficient"; available: bigint };

export type BatchOutcome =
  | { stored: bigint[] }
  | { replay: (StoredWrite & { idempotencyKey: string })[] }
  | { refused: "no_campaign" | "other_organisation" | "closed"; index: number };

export interface OutboxStore {
  /**
   * Stores a write in one round trip (accept_write() in the database): a key used before answers
   * with its write, a campaign that is not the organisation's or is closed refuses, and a write that
   * `spends` money is checked against what the campaign can pay under the campaign's lock.
   */
  accept(write: NewWrite, check: { spends?: bigint; requireOpen: boolean }): Promise<AcceptOutcome>;
  /**
   * Stores writes that spend nothing (donations), all or none, in one round trip: any key used
   * before answers with the writes stored under the batch's keys; else the first entry a campaign
   * check refuses is named; else every entry is stored, ids in the entries' order.
   */
  acceptBatch(writes: NewWrite[], check: { requireOpen: boolean }): Promise<BatchOutcome>;
  /** The write stored under a client's key, if any. */
  findByKey(clientId: string, idempotencyKey: string): Promise<StoredWrite | undefined>;
}

export function createOutboxStore(pool: pg.Pool): OutboxStore {
  const replayOf = (r: { id: string; kind: string; status: OutboxStatus; request_hash: string }): StoredWrite => ({ id: BigInt(r.id), kind: r.kind, status: r.status, requestHash: r.request_hash });
  return {
    async accept(write, check) {
      const entry = entryOf(write);
      const { rows } = await pool.query<{ outcome: { id?: string; replay?: { id: string; kind: string; status: OutboxStatus; request_hash: string }; refused?: string; available?: string } }>(
        `SELECT accept_write($1::jsonb, $2::numeric, $3) AS outcome`,
        [JSON.stringify(entry), check.spends?.toString() ?? null, check.requireOpen],
      );
      const outcome = rows[0]!.outcome;
      if (outcome.id !== undefined) return { stored: BigInt(outcome.id) };
      if (outcome.replay) return { replay: replayOf(outcome.replay) };
      if (outcome.refused === "insufficient") return { refused: "insufficient", available: BigInt(outcome.available!) };
      return { refused: outcome.refused as "no_campaign" | "other_organisation" | "closed" };
    },
    async acceptBatch(writes, check) {
      const entries = JSON.stringify(writes.map(entryOf));
      type Outcome = { ids?: string[]; replay?: { id: string; kind: string; status: OutboxStatus; request_hash: string; idempotency_key: string }[]; refused?: string; index?: number };
      for (let attempt = 1; ; attempt++) {
        let outcome: Outcome;
        try {
          outcome = (await pool.query<{ outcome: Outcome }>(`SELECT accept_write_batch($1::jsonb, $2) AS outcome`, [entries, check.requireOpen])).rows[0]!.outcome;
        } catch (error) {
          // The same keys were stored by a request that committed meanwhile: the next look finds them.
          if ((error as { code?: string }).code === "40001" && attempt < 3) continue;
          throw error;
        }
        if (outcome.ids) return { stored: outcome.ids.map(BigInt) };
        if (outcome.replay) return { replay: outcome.replay.map((r) => ({ ...replayOf(r), idempotencyKey: r.idempotency_key })) };
        return { refused: outcome.refused as "no_campaign" | "other_organisation" | "closed", index: outcome.index! };
      }
    },
    async findByKey(clientId, idempotencyKey) {
      const { rows } = await pool.query<{ id: string; kind: string; status: OutboxStatus; request_hash: string }>(
        `SELECT id::text, kind, status, request_hash FROM outbox WHERE client_id = $1 AND idempotency_key = $2`,
        [clientId, idempotencyKey],
      );
      return rows[0] ? replayOf(rows[0]) : undefined;
    },
  };
}

/** A write as accept_write() and accept_write_batch() take it: the outbox's column names. */
function entryOf(write: NewWrite) {
  return {
    client_id: write.clientId,
    idempotency_key: write.idempotencyKey,
    request_hash: write.requestHash,
    kind: write.kind,
    organisation_id: write.organisationId.toString(),
    campaign_id: write.campaignId?.toString() ?? null,
    solo: write.solo,
    payload: write.payload,
    donor_commitment: write.donorCommitment,
    delta: write.delta.toString(),
    ...(write.donorReference !== undefined ? { donor_reference: write.donorReference } : {}),
    ...(write.recipientReference ? { recipient_reference: { org_id: write.recipientReference.orgId.toString(), commitment: write.recipientReference.commitment, reference: write.recipientReference.reference } } : {}),
  };
}
