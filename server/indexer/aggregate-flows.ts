import type pg from "pg";
import type { BlockHeader } from "../chain/headers.ts";
import { FLOW_EVENTS, GRANT_ANSWERS, flowEntriesOf, monthOf, quarterOf, sumFlowEntries, type FlowEntry, type GrantFacts } from "../domain/flows.ts";
import type { LedgerEvent } from "../domain/ledger-events.ts";

/**
 * `flow_daily`, `flow_monthly` and `flow_quarterly`: money moved per campaign, UTC day (month, quarter), kind and
 * counterpart (domain/flows.ts has the rules), so that ledgers and the flow graph read sums
 * instead of millions of records: whole months from flow_monthly, the days of a month a range cuts
 * from flow_daily. Written only here: added to in the range's own transaction, subtracted from when
 * a reorganisation removes blocks, derived whole for a mirror made before they existed. Sums only
 * ever add up, so every path comes to the same rows, whatever the ranges were (verify rebuilds
 * both from the chain and compares them row by row).
 */

type Args = Record<string, unknown>;
const NAMES = new Set<string>(FLOW_EVENTS);

/** Adds one range's entries; its rows (grants included) are already written. */
export async function aggregateFlows(client: pg.PoolClient, events: LedgerEvent[], headers: Map<bigint, BlockHeader>): Promise<void> {
  const moving = events.filter((e) => NAMES.has(e.name));
  if (moving.length === 0) return;
  const grants = await grantsAnswered(client, moving.map((e) => ({ name: e.name, args: e as unknown as Args })));
  const entries = moving.flatMap((e) => flowEntriesOf(e.name, e as unknown as Args, headers.get(e.blockNumber)!.timestamp, grantOf(grants, e.name, e as unknown as Args)));
  await addEntries(client, entries, 1);
}

/**
 * A reorganisation removes the blocks above `ancestor`: their entries are subtracted, read back
 * from the events stored for them (so this runs before those rows are deleted), and sums that
 * come to nothing go.
 */
export async function rollbackFlows(client: pg.PoolClient, ancestor: bigint): Promise<void> {
  const { rows } = await client.query<EventRow>(
    `SELECT e.name, e.args, extract(epoch FROM b.timestamp)::bigint::text AS time
       FROM ledger_event e JOIN chain_block b ON b.number = e.block_number
      WHERE e.block_number > $1 AND e.name = ANY($2::text[])`,
    [ancestor, [...NAMES]],
  );
  await addEntries(client, await entriesOf(client, rows), -1);
  for (const table of TABLES) await client.query(`DELETE FROM ${table.name} WHERE count = 0`);
}

/** Events read per query when the whole table is derived again. */
const CHUNK = 20_000;

/** Derives the tables again from the mirror's events: for a mirror made before they existed. */
export async function rebuildFlows(client: pg.PoolClient): Promise<number> {
  for (const table of TABLES) await client.query(`DELETE FROM ${table.name}`);
  let after = { block: "-1", log: -1 };
  let events = 0;
  for (;;) {
    const { rows } = await client.query<EventRow & { block_number: string; log_index: number }>(
      `SELECT e.name, e.args, extract(epoch FROM b.timestamp)::bigint::text AS time, e.block_number::text, e.log_index
         FROM ledger_event e JOIN chain_block b ON b.number = e.block_number
        WHERE (e.block_number, e.log_index) > ($1::bigint, $2::int) AND e.name = ANY($3::text[])
        ORDER BY e.block_number, e.log_index LIMIT ${CHUNK}`,
      [after.block, after.log, [...NAMES]],
    );
    if (rows.length === 0) return events;
    await addEntries(client, await entriesOf(client, rows), 1);
    events += rows.length;
    const last = rows.at(-1)!;
    after = { block: last.block_number, log: last.log_index };
  }
}

/** True when the mirror holds donations but no flow sums: it was made before they were kept. */
export async function flowsMissing(client: pg.PoolClient | pg.Pool): Promise<boolean> {
  const { rows } = await client.query(`SELECT NOT EXISTS (SELECT 1 FROM flow_daily) AND EXISTS (SELECT 1 FROM donation) AS missing`);
  return rows[0].missing as boolean;
}

interface EventRow {
  name: string;
  args: Args;
  time: string;
}

async function entriesOf(client: pg.PoolClient, rows: EventRow[]): Promise<FlowEntry[]> {
  const grants = await grantsAnswered(client, rows);
  return rows.flatMap((r) => flowEntriesOf(r.name, r.args, BigInt(r.time), grantOf(grants, r.name, r.args)));
}

/** The grants the answers among these events refer to, by record id. */
async function grantsAnswered(client: pg.PoolClient, events: { name: string; args: Args }[]): Promise<Map<string, GrantFacts>> {
  const ids = [...new Set(events.filter((e) => GRANT_ANSWERS.has(e.name)).map((e) => String(e.args.grantId)))];
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{ record_id: string; from_campaign_id: string; to_campaign_id: string; time: string }>(
    `SELECT record_id::text, from_campaign_id::text, to_campaign_id::text, extract(epoch FROM block_time)::bigint::text AS time
       FROM "grant" WHERE record_id = ANY($1::numeric[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.record_id, { fromCampaignId: BigInt(r.from_campaign_id), toCampaignId: BigInt(r.to_campaign_id), time: BigInt(r.time) }]));
}

function grantOf(grants: Map<string, GrantFacts>, name: string, args: Args): GrantFacts | undefined {
  return GRANT_ANSWERS.has(name) ? grants.get(String(args.grantId)) : undefined;
}

/** The tables: by day, by month and by calendar quarter (each keyed by its first day). */
const TABLES = [
  { name: "flow_daily", date: "day", dateOf: (day: string) => day },
  { name: "flow_monthly", date: "month", dateOf: monthOf },
  { name: "flow_quarterly", date: "quarter", dateOf: quarterOf },
] as const;

/** One upsert per table for all the entries, summed first (`sign` -1 takes them away again). */
async function addEntries(client: pg.PoolClient, entries: FlowEntry[], sign: 1 | -1): Promise<void> {
  if (entries.length === 0) return;
  for (const table of TABLES) {
    const sums = sumFlowEntries(entries.map((e) => ({ ...e, day: table.dateOf(e.day) })));
    await client.query(
      `INSERT INTO ${table.name} (${table.date}, campaign_id, kind, counterpart, amount, count)
       SELECT * FROM unnest($1::date[], $2::bigint[], $3::text[], $4::text[], $5::numeric[], $6::bigint[])
       ON CONFLICT (${table.date}, campaign_id, kind, counterpart)
       DO UPDATE SET amount = ${table.name}.amount + excluded.amount, count = ${table.name}.count + excluded.count`,
      [
        sums.map((s) => s.day),
        sums.map((s) => s.campaignId.toString()),
        sums.map((s) => s.kind),
        sums.map((s) => s.counterpart),
        sums.map((s) => (BigInt(sign) * s.amount).toString()),
        sums.map((s) => sign * s.count),
      ],
    );
  }
}
