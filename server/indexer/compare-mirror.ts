import { Contract, type JsonRpcProvider } from "ethers";
import type pg from "pg";
import { hex } from "../chain/headers.ts";
import { loadLedgerArtifact } from "../chain/ledger-artifact.ts";

/**
 * The comparisons of `verify`: a copy of the mirror (schema `mirror`) against the mirror rebuilt
 * from the chain (schema `chain`), row by row, block by block, total by total, and the rebuilt
 * balances against contract storage.
 */

/** A place where the mirror and the chain disagree, with what each says. */
export interface Difference {
  table: string;
  /** The row's key (record id, or its chain position) or the figure's name. */
  key: string;
  problem: string;
  chain: unknown;
  mirror: unknown;
}

export async function compareTable(pool: pg.Pool, table: string, key: string[], mirror: string, chain: string, listed: number): Promise<Difference[]> {
  const only = async (a: string, b: string) => {
    const { rows } = await pool.query(
      // Numbers as text: minor units exceed what a JSON number holds exactly. Listed in key order,
      // so the two sides' first rows pair up into "changed".
      `WITH d AS MATERIALIZED (SELECT * FROM "${a}"."${table}" EXCEPT ALL SELECT * FROM "${b}"."${table}")
       SELECT (SELECT count(*) FROM d)::bigint::text AS total,
              (SELECT jsonb_object_agg(key, CASE jsonb_typeof(value) WHEN 'number' THEN to_jsonb(value #>> '{}') ELSE value END)
                 FROM jsonb_each(to_jsonb(x))) AS row
       FROM d x ORDER BY ${key.map((k) => `x."${k}"`).join(", ")} LIMIT ${listed}`,
    );
    return { rows: rows.map((r) => r.row as Record<string, unknown>), total: Number(rows[0]?.total ?? 0) };
  };
  const inMirror = await only(mirror, chain);
  const onChain = await only(chain, mirror);
  const keyOf = (row: Record<string, unknown>) => key.map((k) => `${k} ${row[k]}`).join(", ");
  const chainByKey = new Map(onChain.rows.map((r) => [keyOf(r), r]));
  const differences: Difference[] = [];
  for (const row of inMirror.rows) {
    const k = keyOf(row);
    const counterpart = chainByKey.get(k);
    if (counterpart) {
      chainByKey.delete(k);
      const fields = Object.keys(row).filter((f) => JSON.stringify(row[f]) !== JSON.stringify(counterpart[f]));
      differences.push({
        table,
        key: k,
        problem: `changed: ${fields.join(", ")}`,
        chain: Object.fromEntries(fields.map((f) => [f, counterpart[f]])),
        mirror: Object.fromEntries(fields.map((f) => [f, row[f]])),
      });
    } else {
      differences.push({ table, key: k, problem: "in the mirror but not on the chain", chain: null, mirror: row });
    }
  }
  for (const [k, row] of chainByKey) differences.push({ table, key: k, problem: "on the chain but missing from the mirror", chain: row, mirror: null });
  const unlisted = Math.max(inMirror.total - inMirror.rows.length, onChain.total - onChain.rows.length);
  if (unlisted > 0) {
    differences.push({ table, key: "(more)", problem: `at least ${unlisted} more rows differ (the first ${listed} by key are listed)`, chain: onChain.total, mirror: inMirror.total });
  }
  return differences;
}

/** The mirror keeps headers of the blocks it holds rows from: each must be the chain's block. */
export async function compareBlocks(pool: pg.Pool, mirror: string, chain: string): Promise<Difference[]> {
  const { rows } = await pool.query(
    `SELECT m.number::text, m.hash AS mirror, c.hash AS chain FROM "${mirror}".chain_block m JOIN "${chain}".chain_block c USING (number) WHERE m.hash <> c.hash`,
  );
  return rows.map((r) => ({ table: "chain_block", key: `number ${r.number}`, problem: "block hash differs from the chain's", chain: r.chain, mirror: r.mirror }));
}

// One grouped pass per table: the scratch schema verify rebuilds has no lookup indexes, so a
// subquery per campaign would read every table once per campaign (hours at 2,000 campaigns).
const TOTALS = `
  WITH donated AS (SELECT campaign_id, sum(amount) AS s FROM "$S".donation GROUP BY campaign_id),
       disbursed AS (SELECT campaign_id, sum(amount) AS s FROM "$S".disbursement GROUP BY campaign_id),
       granted AS (SELECT from_campaign_id AS campaign_id, sum(amount) AS s FROM "$S"."grant" GROUP BY from_campaign_id),
       refunded AS (SELECT campaign_id, sum(amount) AS s FROM "$S".refund GROUP BY campaign_id)
  SELECT 'campaign ' || c.id AS key, coalesce(d.s, 0)::text AS donated, coalesce(p.s, 0)::text AS disbursed,
         coalesce(g.s, 0)::text AS granted, coalesce(r.s, 0)::text AS refunded
    FROM "$S".campaign c
    LEFT JOIN donated d ON d.campaign_id = c.id LEFT JOIN disbursed p ON p.campaign_id = c.id
    LEFT JOIN granted g ON g.campaign_id = c.id LEFT JOIN refunded r ON r.campaign_id = c.id
  UNION ALL
  SELECT 'overall', (SELECT coalesce(sum(amount), 0) FROM "$S".donation)::text, (SELECT coalesce(sum(amount), 0) FROM "$S".disbursement)::text,
         (SELECT coalesce(sum(amount), 0) FROM "$S"."grant")::text, (SELECT coalesce(sum(amount), 0) FROM "$S".refund)::text`;

export async function compareTotals(pool: pg.Pool, mirror: string, chain: string): Promise<Difference[]> {
  const totals = async (schema: string) => new Map((await pool.query(TOTALS.replaceAll("$S", schema))).rows.map((r) => [r.key as string, r]));
  const [m, c] = [await totals(mirror), await totals(chain)];
  const differences: Difference[] = [];
  for (const key of new Set([...m.keys(), ...c.keys()])) {
    const a = m.get(key);
    const b = c.get(key);
    for (const figure of ["donated", "disbursed", "granted", "refunded"]) {
      if (a?.[figure] !== b?.[figure]) differences.push({ table: "totals", key: `${key}: ${figure}`, problem: "total differs", chain: b?.[figure] ?? null, mirror: a?.[figure] ?? null });
    }
  }
  return differences;
}

/** The events rebuilt from the chain must agree with contract storage: record count, campaign balances. */
export async function compareStorage(pool: pg.Pool, provider: JsonRpcProvider, ledgerAddress: string, chain: string, block: bigint): Promise<Difference[]> {
  const ledger = new Contract(ledgerAddress, loadLedgerArtifact().abi, provider);
  const blockTag = hex(block);
  const differences: Difference[] = [];
  const count = (await ledger.getFunction("recordCount")({ blockTag })) as bigint;
  const { rows: maxRows } = await pool.query(
    `SELECT coalesce(max((args->>'recordId')::numeric), 0)::text AS n FROM "${chain}".ledger_event WHERE args ? 'recordId'`,
  );
  if (BigInt(maxRows[0].n) !== count) differences.push({ table: "contract", key: "recordCount", problem: "records in the events differ from the contract's counter", chain: count.toString(), mirror: maxRows[0].n });
  // Each campaign's balance after its last record, in one sorted pass (no per-campaign subquery:
  // the scratch tables have no lookup indexes).
  const { rows: balances } = await pool.query(`
    SELECT c.id::text, coalesce(last.balance, 0)::text AS balance
      FROM "${chain}".campaign c
      LEFT JOIN (
        SELECT DISTINCT ON (campaign_id) campaign_id, balance FROM (
          SELECT campaign_id, record_id, balance_after AS balance FROM "${chain}".donation
          UNION ALL SELECT campaign_id, record_id, balance_after FROM "${chain}".disbursement
          UNION ALL SELECT campaign_id, record_id, balance_after FROM "${chain}".refund
          UNION ALL SELECT campaign_id, record_id, balance_after FROM "${chain}".correction
          UNION ALL SELECT campaign_id, record_id, balance_after FROM "${chain}".correction_approval
          UNION ALL SELECT from_campaign_id, record_id, from_balance_after FROM "${chain}"."grant"
          UNION ALL SELECT campaign_id, record_id, balance_after FROM "${chain}".grant_settlement
        ) x ORDER BY campaign_id, record_id DESC) last ON last.campaign_id = c.id`);
  for (const row of balances) {
    const onChain = ((await ledger.getFunction("campaign")(BigInt(row.id), { blockTag })) as { balance: bigint }).balance;
    if (onChain !== BigInt(row.balance)) {
      differences.push({ table: "contract", key: `campaign ${row.id} balance`, problem: "the events' balance differs from contract storage", chain: onChain.toString(), mirror: row.balance });
    }
  }
  return differences;
}
