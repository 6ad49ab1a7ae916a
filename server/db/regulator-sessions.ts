import type pg from "pg";

/** A regulator's session as stored: keyed by the SHA-256 of its id, never the id itself. */
export interface RegulatorSessionRow {
  clientId: string;
  createdAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
}

/** The only writer of `regulator_session`. */
export interface RegulatorSessionStore {
  start(session: { idHash: string; clientId: string; expiresAt: Date }): Promise<RegulatorSessionRow>;
  find(idHash: string): Promise<RegulatorSessionRow | undefined>;
  /** Ends a session still open; false when there is none such (unknown, or ended already). */
  end(idHash: string): Promise<boolean>;
}

interface Row {
  client_id: string;
  created_at: Date;
  expires_at: Date;
  ended_at: Date | null;
}

const fromRow = (r: Row): RegulatorSessionRow => ({ clientId: r.client_id, createdAt: r.created_at, expiresAt: r.expires_at, endedAt: r.ended_at });

export function createRegulatorSessionStore(pool: pg.Pool): RegulatorSessionStore {
  return {
    async start(session) {
      const { rows } = await pool.query<Row>(
        `INSERT INTO regulator_session (id_hash, client_id, expires_at) VALUES ($1, $2, $3) RETURNING client_id, created_at, expires_at, ended_at`,
        [session.idHash, session.clientId, session.expiresAt],
      );
      return fromRow(rows[0]!);
    },
    async find(idHash) {
      const { rows } = await pool.query<Row>(`SELECT client_id, created_at, expires_at, ended_at FROM regulator_session WHERE id_hash = $1`, [idHash]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async end(idHash) {
      const { rowCount } = await pool.query(`UPDATE regulator_session SET ended_at = now() WHERE id_hash = $1 AND ended_at IS NULL`, [idHash]);
      return (rowCount ?? 0) > 0;
    },
  };
}
