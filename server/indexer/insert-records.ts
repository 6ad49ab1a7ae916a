import type pg from "pg";
import type { BlockHeader } from "../chain/headers.ts";
import { FIELD_KINDS, LEDGER_EVENTS, type ChainPosition, type FieldKind, type LedgerEvent, type LedgerEventName } from "../domain/ledger-events.ts";

interface Column<E> {
  name: string;
  type: string;
  value(e: E): unknown;
}

/**
 * Mirror tables that hold one row per event. Their columns come from the event's description in
 * domain/ledger-events.ts: each field under its snake_case name (or the name given here), typed by
 * its kind, then where the row came from on the chain (and the block's time where `timed`).
 * test/server/db/schema-in-step.test.ts checks every column against the migrated database.
 */
export const ROW_TABLES: readonly { table: string; event: LedgerEventName; rename?: Record<string, string>; timed: boolean }[] = [
  { table: "organisation", event: "OrganisationRegistered", rename: { orgId: "id", orgName: "name" }, timed: false },
  { table: "campaign", event: "CampaignOpened", rename: { campaignId: "id", by: "authorised_by" }, timed: false },
  { table: "donation", event: "DonationRecorded", rename: { by: "authorised_by" }, timed: true },
  { table: "disbursement", event: "DisbursementRecorded", rename: { by: "authorised_by" }, timed: true },
  { table: "grant", event: "GrantMade", rename: { by: "authorised_by" }, timed: true },
  { table: "refund", event: "DonationRefunded", rename: { by: "authorised_by" }, timed: true },
  { table: "correction", event: "RecordCorrected", rename: { by: "authorised_by" }, timed: true },
  { table: "correction_approval", event: "CorrectionApproved", rename: { by: "authorised_by" }, timed: true },
];

/** The columns of a row table: [column, SQL type, the event field it holds]. */
export function rowColumns(spec: (typeof ROW_TABLES)[number]): [column: string, sqlType: string, field: string][] {
  const fields = Object.entries(LEDGER_EVENTS[spec.event]) as [string, readonly [string, FieldKind]][];
  return fields.map(([field, [, kind]]) => [
    spec.rename?.[field] ?? field.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()),
    FIELD_KINDS[kind].sql,
    field,
  ]);
}

/**
 * Bulk inserts of one table through `unnest`: one statement per table per batch, whatever the
 * number of rows. Rows are keyed by their chain position, so a re-read range inserts nothing twice.
 */
async function insertAll<E extends ChainPosition>(client: pg.PoolClient, table: string, rows: E[], columns: Column<NoInfer<E>>[]): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const params = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ");
  const select = columns.map((c) => (c.name === "block_time" ? `to_timestamp("${c.name}")` : `"${c.name}"`)).join(", ");
  await client.query(
    `INSERT INTO "${table}" (${names}) SELECT ${select} FROM unnest(${params}) AS u(${names}) ON CONFLICT DO NOTHING`,
    columns.map((c) => rows.map((r) => c.value(r))),
  );
}

/** A field's value as a query parameter: big integers as decimal text, never through a float. */
const parameter = (value: unknown, sqlType: string) =>
  typeof value === "bigint" ? value.toString() : sqlType === "char(3)" && typeof value === "string" ? value.padEnd(3, " ") : value;

export async function insertRecords(client: pg.PoolClient, events: LedgerEvent[], headers: Map<bigint, BlockHeader>): Promise<void> {
  const dec = (v: bigint) => v.toString();
  const position = (): Column<ChainPosition>[] => [
    { name: "block_number", type: "bigint", value: (e) => e.blockNumber },
    { name: "tx_hash", type: "text", value: (e) => e.txHash },
    { name: "log_index", type: "int", value: (e) => e.logIndex },
  ];
  const timed = (): Column<ChainPosition>[] => [
    ...position(),
    { name: "block_time", type: "bigint", value: (e) => headers.get(e.blockNumber)!.timestamp },
  ];

  await insertAll(client, "ledger_event", events, [
    { name: "block_number", type: "bigint", value: (e) => e.blockNumber },
    { name: "log_index", type: "int", value: (e) => e.logIndex },
    { name: "block_hash", type: "text", value: (e) => e.blockHash },
    { name: "tx_hash", type: "text", value: (e) => e.txHash },
    { name: "tx_index", type: "int", value: (e) => e.txIndex },
    { name: "name", type: "text", value: (e) => e.name },
    { name: "args", type: "jsonb", value: (e) => JSON.stringify(argsOf(e)) },
  ]);

  for (const spec of ROW_TABLES) {
    const rows = events.filter((e) => e.name === spec.event);
    const columns: Column<LedgerEvent>[] = rowColumns(spec).map(([name, type, field]) => ({
      name,
      type,
      value: (e) => parameter((e as unknown as Record<string, unknown>)[field], type),
    }));
    await insertAll(client, spec.table, rows, [...columns, ...(spec.timed ? timed() : position())]);
  }

  // Acknowledgements and refusals share one table: the campaign the amount entered, and its balance after.
  type Settlement = ChainPosition & {
    recordId: bigint;
    grantId: bigint;
    outcome: string;
    campaignId: bigint;
    amount: bigint;
    reasonHash: string | null;
    balanceAfter: bigint;
    by: string;
  };
  const settlements: Settlement[] = [];
  for (const e of events) {
    if (e.name === "GrantAcknowledged") settlements.push({ ...e, outcome: "acknowledged", campaignId: e.toCampaignId, balanceAfter: e.toBalanceAfter, reasonHash: null });
    if (e.name === "GrantRefused") settlements.push({ ...e, outcome: "refused", campaignId: e.fromCampaignId, balanceAfter: e.fromBalanceAfter });
  }
  await insertAll(client, "grant_settlement", settlements, [
    { name: "record_id", type: "numeric", value: (e) => dec(e.recordId) },
    { name: "grant_id", type: "numeric", value: (e) => dec(e.grantId) },
    { name: "outcome", type: "text", value: (e) => e.outcome },
    { name: "campaign_id", type: "bigint", value: (e) => e.campaignId },
    { name: "amount", type: "numeric", value: (e) => dec(e.amount) },
    { name: "reason_hash", type: "text", value: (e) => e.reasonHash },
    { name: "balance_after", type: "numeric", value: (e) => dec(e.balanceAfter) },
    { name: "authorised_by", type: "text", value: (e) => e.by },
    ...timed(),
  ]);
}

function argsOf(e: LedgerEvent): Record<string, unknown> {
  const { blockNumber, blockHash, txHash, txIndex, logIndex, name, ...args } = e;
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
}
