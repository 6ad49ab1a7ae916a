import type pg from "pg";

/** The tables the API writes (the mirror is the indexer's); a refused request changes none of them. */
export const OFF_CHAIN_TABLES = ["outbox", "donor_link", "api_client", "recipient_reference", "org_signer"] as const;

export async function countOffChainRows(pool: pg.Pool): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of OFF_CHAIN_TABLES) {
    const result = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(result.rows[0]!.n);
  }
  return counts;
}
