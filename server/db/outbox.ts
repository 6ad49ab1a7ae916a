import type pg from "pg";
import type { Logger } from "pino";
import { acceptTogether, type AcceptCall } from "./accept-together.ts";

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

/**
 * Moves `ids` from one status to the next, all or none, in one statement: false (and nothing
 * changed) when any of them was not in `from`.
 */
export async function moveOutbox(
  pool: pg.Pool,
  logger: Logger,
  move: { ids: string[]; from: OutboxStatus; to: OutboxStatus; set: string; params?: unknown[] },
): Promise<boolean> {
  const { ids, from, to } = move;
  // `set` numbers its own parameters from $3; the new status comes after them. The count and the
  // update see one snapshot, and only the submitter holding its lock moves statuses.
  const params = move.params ?? [];
  const { rowCount } = await pool.query(
    `UPDATE outbox SET status = $${3 + params.length}, ${move.set}
      WHERE id = ANY($1::bigint[]) AND status = $2
        AND (SELECT count(*) FROM outbox WHERE id = ANY($1::bigint[]) AND status = $2) = cardinality($1::bigint[])`,
    [ids, from, ...params, to],
  );
  if (rowCount !== ids.length) {
    logger.warn({ ids, from, to }, "outbox entries were not in the expected status; left unchanged");
    return false;
  }
  return true;
}

/** Pending writes that must each go alone (one of them would be refused in a batch). */
export async function markSolo(pool: pg.Pool, ids: string[]): Promise<void> {
  await pool.query(`UPDATE outbox SET solo = true WHERE id = ANY($1::bigint[]) AND status = 'pending'`, [ids]);
}

/** A stuck transaction's replacement at the same nonce: every hash it went under is kept; its bytes stay on the batch's first write only. */
export async function replaceTransaction(pool: pg.Pool, oldHash: string, raw: string, hash: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE outbox SET raw_tx = CASE WHEN raw_tx IS NOT NULL THEN $2 END, tx_hash = $3, tx_hashes = tx_hashes || $3::text, submitted_at = now()
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

/** What accepting a write checks in the mirror (the write kinds say which). */
export interface WriteChecks {
  /** Taken out of the campaign: checked, with the writes before it, against what the campaign can pay, under its lock. */
  spends?: bigint;
  requireOpen?: boolean;
  /** The campaign must be the writing organisation's; true unless said otherwise. */
  ownCampaign?: boolean;
  /** The writing organisation must not be suspended; true unless said otherwise. */
  activeOrganisation?: boolean;
  /** A donation's record id: `spends` must fit in what is still refundable of it. */
  refundOf?: bigint;
}

/** A write as the API stores it; amounts and ids as bigint, the payload as its write kind built it. */
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
  checks: WriteChecks;
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
  idempotencyKey: string;
}

export type Refusal =
  | { refused: "suspended" | "no_campaign" | "other_organisation" | "closed" }
  | { refused: "insufficient"; available: bigint }
  | { refused: "not_refundable"; refundable: bigint };

export type AcceptOutcome = { stored: bigint[] } | { replay: StoredWrite[] } | (Refusal & { index: number });

export interface OutboxStore {
  /**
   * Stores writes, all or none, in one round trip (accept_writes() in the database): any key used
   * before answers with the writes stored under the given keys; else the first write the mirror
   * shows must fail is named (a suspended organisation, a campaign that is not the organisation's
   * or is closed, more money than the campaign can pay counting the writes before it); else every
   * write is stored, ids in the given order.
   */
  accept(writes: NewWrite[]): Promise<AcceptOutcome>;
  /** The writes stored under a client's keys, those there are. */
  findByKeys(clientId: string, idempotencyKeys: string[]): Promise<StoredWrite[]>;
  /** One write as its client follows it. */
  read(id: bigint): Promise<WriteEntry | undefined>;
  /**
   * The mirrored event that proves a confirmed write landed, read from the mirror, never remembered
   * from a receipt, so a reorganisation that moves or drops it shows at once. In the write's
   * transaction, the n-th write of its kind made the n-th of the `proof` events (any event when none
   * are named).
   */
  landing(write: Pick<WriteEntry, "id" | "kind" | "txHash">, proof: readonly string[]): Promise<WriteLanding | undefined>;
  /** Deletes the link from a donation to its donor; false when there was none left. */
  eraseDonorLink(id: bigint): Promise<boolean>;
  /** How many writes a key has sent that are not yet settled. */
  inFlight(sender: string): Promise<number>;
}

export interface WriteEntry {
  id: bigint;
  clientId: string;
  kind: string;
  organisationId: bigint;
  status: OutboxStatus;
  txHash: string | null;
  /** Why the ledger refused it, as the submitter recorded it. */
  error: unknown;
  createdAt: Date;
  settledAt: Date | null;
}

export interface WriteLanding {
  event: string;
  blockNumber: bigint;
  txHash: string;
  logIndex: number;
  /** The event's arguments as the mirror holds them (numbers as decimal strings). */
  args: Record<string, unknown>;
}

type StoredRowJson = { id: string; kind: string; status: OutboxStatus; request_hash: string; idempotency_key: string };

export function createOutboxStore(pool: pg.Pool): OutboxStore {
  const storedOf = (r: StoredRowJson): StoredWrite => ({ id: BigInt(r.id), kind: r.kind, status: r.status, requestHash: r.request_hash, idempotencyKey: r.idempotency_key });
  const alone: AcceptCall = async (entries) => (await pool.query(`SELECT accept_writes($1::jsonb) AS outcome`, [JSON.stringify(entries)])).rows[0]!.outcome;
  const together = acceptTogether(pool, alone);
  return {
    async accept(writes) {
      const entries = writes.map(entryOf);
      // A write that spends takes its campaign's lock: those go alone, so no group waits on locks in a circle.
      const call = writes.length === 1 && writes[0]!.checks.spends === undefined ? together : alone;
      type Outcome = { ids?: string[]; replay?: StoredRowJson[]; refused?: Refusal["refused"]; index?: number; available?: string; refundable?: string };
      for (let attempt = 1; ; attempt++) {
        let outcome: Outcome;
        try {
          outcome = (await call(entries)) as Outcome;
        } catch (error) {
          // The same keys were stored by a request that committed meanwhile (caught by the function, or by
          // a unique index that ON CONFLICT does not name, the donor commitment): the next look finds them.
          const code = (error as { code?: string }).code;
          if ((code === "40001" || code === "23505") && attempt < 3) continue;
          throw error;
        }
        if (outcome.ids) return { stored: outcome.ids.map(BigInt) };
        if (outcome.replay) return { replay: outcome.replay.map(storedOf) };
        if (outcome.refused === "insufficient") return { refused: "insufficient", available: BigInt(outcome.available!), index: outcome.index! };
        if (outcome.refused === "not_refundable") return { refused: "not_refundable", refundable: BigInt(outcome.refundable!), index: outcome.index! };
        return { refused: outcome.refused!, index: outcome.index! };
      }
    },
    async findByKeys(clientId, idempotencyKeys) {
      const { rows } = await pool.query<StoredRowJson>(
        `SELECT id::text, kind, status, request_hash, idempotency_key FROM outbox WHERE client_id = $1 AND idempotency_key = ANY ($2::text[]) ORDER BY id`,
        [clientId, idempotencyKeys],
      );
      return rows.map(storedOf);
    },
    async read(id) {
      const { rows } = await pool.query(
        `SELECT id::text, client_id, kind, organisation_id::text, status, tx_hash, error, created_at, settled_at FROM outbox WHERE id = $1`,
        [id.toString()],
      );
      const r = rows[0];
      return r
        ? { id: BigInt(r.id), clientId: r.client_id, kind: r.kind, organisationId: BigInt(r.organisation_id), status: r.status, txHash: r.tx_hash, error: r.error, createdAt: r.created_at, settledAt: r.settled_at }
        : undefined;
    },
    async landing(write, proof) {
      if (!write.txHash) return undefined;
      const { rows } = await pool.query(
        `WITH writes AS (
           SELECT id, row_number() OVER (ORDER BY id) AS n FROM outbox WHERE tx_hash = $1 AND kind = $2
         ), events AS (
           SELECT name, block_number::text, log_index, args, row_number() OVER (ORDER BY log_index) AS n
             FROM ledger_event WHERE tx_hash = $1 AND (cardinality($3::text[]) = 0 OR name = ANY ($3::text[]))
         )
         SELECT e.name, e.block_number, e.log_index, e.args FROM writes w JOIN events e USING (n) WHERE w.id = $4`,
        [write.txHash, write.kind, proof, write.id.toString()],
      );
      const r = rows[0];
      return r ? { event: r.name, blockNumber: BigInt(r.block_number), txHash: write.txHash, logIndex: r.log_index, args: r.args } : undefined;
    },
    async eraseDonorLink(id) {
      const { rowCount } = await pool.query(`DELETE FROM donor_link WHERE outbox_id = $1`, [id.toString()]);
      return Boolean(rowCount);
    },
    async inFlight(sender) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM outbox WHERE sender = $1 AND status = 'submitted'`, [sender]);
      return rows[0].n;
    },
  };
}

/** A write as accept_writes() takes it: the outbox's column names, and its checks. */
function entryOf(write: NewWrite) {
  const { checks } = write;
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
    checks: {
      ...(checks.spends !== undefined ? { spends: checks.spends.toString() } : {}),
      require_open: checks.requireOpen ?? false,
      own_campaign: checks.ownCampaign ?? true,
      active_org: checks.activeOrganisation ?? true,
      ...(checks.refundOf !== undefined ? { refund_of: checks.refundOf.toString() } : {}),
    },
    ...(write.donorReference !== undefined ? { donor_reference: write.donorReference } : {}),
    ...(write.recipientReference ? { recipient_reference: { org_id: write.recipientReference.orgId.toString(), commitment: write.recipientReference.commitment, reference: write.recipientReference.reference } } : {}),
  };
}
