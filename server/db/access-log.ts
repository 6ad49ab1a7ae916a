import type pg from "pg";
import { accessEntryHash, ACCESS_LOG_GENESIS, type AccessEntry, type ChainedAccessEntry } from "../domain/access-log.ts";
import { inTransaction } from "./transaction.ts";

/** Appending takes this lock for its transaction: the chain has one next entry at a time. */
const ACCESS_LOG_LOCK = 7261000003;

/** The only writer of `access_log`: entries are appended, chained, and never changed. */
export interface AccessLogStore {
  /** Adds the next entry, numbered and chained to the last, and answers it as stored. */
  append(entry: Omit<AccessEntry, "seq" | "at">): Promise<ChainedAccessEntry>;
  /** Entries about one organisation's data after `afterSeq`, oldest first. */
  forOrganisation(organisationId: bigint, page: { afterSeq: bigint; limit: number }): Promise<ChainedAccessEntry[]>;
  /** Every entry after `afterSeq`, oldest first: what verify reads page by page. */
  page(afterSeq: bigint, limit: number): Promise<ChainedAccessEntry[]>;
}

interface Row {
  seq: string;
  at: Date;
  client_id: string;
  role: string;
  organisation_id: string | null;
  resource: string;
  purpose: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = `seq, at, client_id, role, organisation_id, resource, purpose, prev_hash, hash`;

function fromRow(r: Row): ChainedAccessEntry {
  return {
    seq: BigInt(r.seq),
    at: r.at,
    clientId: r.client_id,
    role: r.role,
    organisationId: r.organisation_id === null ? null : BigInt(r.organisation_id),
    resource: r.resource,
    purpose: r.purpose,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export function createAccessLogStore(pool: pg.Pool): AccessLogStore {
  return {
    append: (entry) =>
      inTransaction(pool, async (client) => {
        await client.query(`SELECT pg_advisory_xact_lock($1)`, [ACCESS_LOG_LOCK]);
        const last = await client.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1`);
        const prevHash = last.rows[0]?.hash ?? ACCESS_LOG_GENESIS;
        // Milliseconds only: the column keeps three digits, and the hash must cover what is kept.
        const full: AccessEntry = { ...entry, seq: BigInt(last.rows[0]?.seq ?? "0") + 1n, at: new Date() };
        const hash = accessEntryHash(prevHash, full);
        await client.query(`INSERT INTO access_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
          full.seq.toString(),
          full.at,
          full.clientId,
          full.role,
          full.organisationId?.toString() ?? null,
          full.resource,
          full.purpose,
          prevHash,
          hash,
        ]);
        return { ...full, prevHash, hash };
      }),
    async forOrganisation(organisationId, { afterSeq, limit }) {
      const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM access_log WHERE organisation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [
        organisationId.toString(),
        afterSeq.toString(),
        limit,
      ]);
      return rows.map(fromRow);
    },
    async page(afterSeq, limit) {
      const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM access_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq.toString(), limit]);
      return rows.map(fromRow);
    },
  };
}
