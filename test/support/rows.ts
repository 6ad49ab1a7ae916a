import type pg from "pg";

/** The tables the API writes (the mirror is the indexer's); a refused request changes none of them. */
export const OFF_CHAIN_TABLES = ["outbox", "donor_link", "api_client", "recipient_reference", "org_signer", "evidence_content", "evidence_upload"] as const;

export async function countOffChainRows(pool: pg.Pool): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of OFF_CHAIN_TABLES) {
    const result = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(result.rows[0]!.n);
  }
  return counts;
}

/**
 * The flow sums (flow_daily, flow_monthly, flow_quarterly) as the indexer kept them, and as derived again from the
 * mirror's events (rebuildFlows in a transaction rolled back afterwards): the two must be the same rows.
 */
export async function flowSumsAndRebuild(pool: pg.Pool): Promise<{ kept: unknown[]; rebuilt: unknown[] }> {
  const { rebuildFlows } = await import("../../server/indexer/aggregate-flows.ts");
  const select = `SELECT 'day' AS span, day::text, campaign_id::text, kind, counterpart, amount::text, count::text FROM flow_daily
                  UNION ALL SELECT 'month', month::text, campaign_id::text, kind, counterpart, amount::text, count::text FROM flow_monthly
                  UNION ALL SELECT 'quarter', quarter::text, campaign_id::text, kind, counterpart, amount::text, count::text FROM flow_quarterly
                  ORDER BY 1, 2, 3, 4, 5`;
  const client = await pool.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    const kept = (await client.query(select)).rows;
    await rebuildFlows(client);
    const rebuilt = (await client.query(select)).rows;
    return { kept, rebuilt };
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    client.release();
  }
}
