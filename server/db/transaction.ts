import type pg from "pg";

/** Runs `work` on one connection inside BEGIN … COMMIT; any error rolls it all back and is thrown again. */
export function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return run(pool, "BEGIN", work);
}

/**
 * Runs several reads on one snapshot: REPEATABLE READ READ ONLY takes it at the first statement,
 * so every figure of an answer is as of the same mirror block even while the indexer writes.
 */
export function inSnapshot<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return run(pool, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
}

async function run<T>(pool: pg.Pool, begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
