import type pg from "pg";

export interface AdvisoryLock {
  /** Takes the lock on a connection of its own; false while another session holds it. */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * A Postgres session-level advisory lock, held on one connection. When that connection dies the
 * lock is gone, and `onLost` says so at once, so its holder stops what only one may do.
 */
export function createAdvisoryLock(pool: pg.Pool, key: number, onLost: (error: Error) => void): AdvisoryLock {
  let client: pg.PoolClient | undefined;
  let held = false;
  return {
    async acquire() {
      client?.release(true);
      client = undefined;
      held = false;
      const candidate = await pool.connect();
      const { rows } = await candidate.query(`SELECT pg_try_advisory_lock($1) AS ok`, [key]);
      if (!rows[0].ok) {
        candidate.release();
        return false;
      }
      candidate.on("error", (error) => {
        held = false;
        onLost(error);
      });
      client = candidate;
      held = true;
      return true;
    },
    async release() {
      if (!client) return;
      if (held) await client.query(`SELECT pg_advisory_unlock($1)`, [key]).catch(() => {});
      client.release();
      client = undefined;
      held = false;
    },
  };
}
