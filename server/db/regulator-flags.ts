import type pg from "pg";

/** A regulator's flag, as stored. */
export interface RegulatorFlagRow {
  id: bigint;
  organisationId: bigint;
  recordId: string | null;
  note: string;
  clientId: string;
  createdAt: Date;
  cleared: { at: Date; by: string; note: string } | null;
}

/** The only writer of `regulator_flag`. */
export interface RegulatorFlagStore {
  add(flag: { organisationId: bigint; recordId: string | null; note: string; clientId: string }): Promise<RegulatorFlagRow>;
  /** Clears a flag still open; undefined when there is none such (unknown, or cleared already). */
  clear(id: bigint, clearing: { clientId: string; note: string }): Promise<RegulatorFlagRow | undefined>;
  get(id: bigint): Promise<RegulatorFlagRow | undefined>;
  /** An organisation's flags (on it and on its records), newest first. */
  list(organisationId: bigint): Promise<RegulatorFlagRow[]>;
  /** Open flags, counted: what the public sees. */
  openCounts(organisationId: bigint): Promise<{ organisation: number; records: number }>;
  /** The organisation whose books hold a record (a grant's: the sender's), from the mirror. */
  organisationOfRecord(recordId: string): Promise<bigint | undefined>;
}

interface Row {
  id: string;
  organisation_id: string;
  record_id: string | null;
  note: string;
  client_id: string;
  created_at: Date;
  cleared_at: Date | null;
  cleared_by: string | null;
  clear_note: string | null;
}

const COLUMNS = `id, organisation_id, record_id::text AS record_id, note, client_id, created_at, cleared_at, cleared_by, clear_note`;

function fromRow(r: Row): RegulatorFlagRow {
  return {
    id: BigInt(r.id),
    organisationId: BigInt(r.organisation_id),
    recordId: r.record_id,
    note: r.note,
    clientId: r.client_id,
    createdAt: r.created_at,
    cleared: r.cleared_at ? { at: r.cleared_at, by: r.cleared_by!, note: r.clear_note! } : null,
  };
}

export function createRegulatorFlagStore(pool: pg.Pool): RegulatorFlagStore {
  return {
    async add(flag) {
      const { rows } = await pool.query<Row>(`INSERT INTO regulator_flag (organisation_id, record_id, note, client_id) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [
        flag.organisationId.toString(),
        flag.recordId,
        flag.note,
        flag.clientId,
      ]);
      return fromRow(rows[0]!);
    },
    async clear(id, clearing) {
      const { rows } = await pool.query<Row>(
        `UPDATE regulator_flag SET cleared_at = now(), cleared_by = $2, clear_note = $3 WHERE id = $1 AND cleared_at IS NULL RETURNING ${COLUMNS}`,
        [id.toString(), clearing.clientId, clearing.note],
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async get(id) {
      const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM regulator_flag WHERE id = $1`, [id.toString()]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async list(organisationId) {
      const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM regulator_flag WHERE organisation_id = $1 ORDER BY id DESC`, [organisationId.toString()]);
      return rows.map(fromRow);
    },
    async openCounts(organisationId) {
      const { rows } = await pool.query<{ organisation: number; records: number }>(
        `SELECT count(*) FILTER (WHERE record_id IS NULL)::int AS organisation, count(*) FILTER (WHERE record_id IS NOT NULL)::int AS records
           FROM regulator_flag WHERE organisation_id = $1 AND cleared_at IS NULL`,
        [organisationId.toString()],
      );
      return rows[0]!;
    },
    async organisationOfRecord(recordId) {
      const { rows } = await pool.query<{ org_id: string }>(
        `SELECT c.org_id FROM (
            SELECT campaign_id FROM donation WHERE record_id = $1
            UNION ALL SELECT campaign_id FROM disbursement WHERE record_id = $1
            UNION ALL SELECT from_campaign_id FROM "grant" WHERE record_id = $1
            UNION ALL SELECT campaign_id FROM refund WHERE record_id = $1
            UNION ALL SELECT campaign_id FROM correction WHERE record_id = $1
          ) r JOIN campaign c ON c.id = r.campaign_id LIMIT 1`,
        [recordId],
      );
      return rows[0] ? BigInt(rows[0].org_id) : undefined;
    },
  };
}
