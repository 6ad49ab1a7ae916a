import type pg from "pg";
import type { BlockHeader } from "../chain/headers.ts";
import { copyRows } from "../db/copy-rows.ts";
import { FIELD_KINDS, LEDGER_EVENTS, type ChainPosition, type FieldKind, type LedgerEvent, type LedgerEventName } from "../domain/ledger-events.ts";

interface Column<E> {
  name: string;
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
  { table: "campaign_target", event: "CampaignTargetChanged", rename: { by: "authorised_by" }, timed: false },
  // Each a change of status, with the block's time: whether an organisation held it on a given day is read from these.
  { table: "public_fundraising", event: "PublicFundraisingStatusChanged", timed: true },
  // The block's time is the publication time.
  { table: "disclosure", event: "DisclosurePublished", rename: { by: "authorised_by" }, timed: true },
  { table: "donation", event: "DonationRecorded", rename: { by: "authorised_by" }, timed: true },
  { table: "disbursement", event: "DisbursementRecorded", rename: { by: "authorised_by" }, timed: true },
  { table: "grant", event: "GrantMade", rename: { by: "authorised_by" }, timed: true },
  { table: "refund", event: "DonationRefunded", rename: { by: "authorised_by" }, timed: true },
  { table: "correction", event: "RecordCorrected", rename: { by: "authorised_by" }, timed: true },
  { table: "correction_approval", event: "CorrectionApproved", rename: { by: "authorised_by" }, timed: true },
];

/** The columns of a row table: [column, SQL type, the event field it holds, its kind]. */
export function rowColumns(spec: (typeof ROW_TABLES)[number]): [column: string, sqlType: string, field: string, kind: FieldKind][] {
  const fields = Object.entries(LEDGER_EVENTS[spec.event]) as [string, readonly [string, FieldKind]][];
  return fields.map(([field, [, kind]]) => [
    spec.rename?.[field] ?? field.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()),
    FIELD_KINDS[kind].sql,
    field,
    kind,
  ]);
}

/**
 * One COPY per table per batch, whatever the number of rows. Rows are keyed by their chain position
 * and only ever written above the cursor this transaction holds (write-batch.ts), so none can exist
 * yet; a duplicate would fail the whole batch rather than be silently skipped.
 */
async function insertAll<E extends ChainPosition>(client: pg.PoolClient, table: string, rows: E[], columns: Column<NoInfer<E>>[]): Promise<void> {
  if (rows.length === 0) return;
  await copyRows(
    client,
    table,
    columns.map((c) => c.name),
    rows.map((r) => columns.map((c) => c.value(r))),
  );
}

/** A field's value as COPY reads it: big integers as decimal text, never through a float. */
const parameter = (value: unknown) => (typeof value === "bigint" ? value.toString() : value);

/** A block's time (seconds since the epoch) as a timestamptz literal. */
const timestamp = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

export async function insertRecords(client: pg.PoolClient, events: LedgerEvent[], headers: Map<bigint, BlockHeader>): Promise<void> {
  const dec = (v: bigint) => v.toString();
  const position = (): Column<ChainPosition>[] => [
    { name: "block_number", value: (e) => e.blockNumber },
    { name: "tx_hash", value: (e) => e.txHash },
    { name: "log_index", value: (e) => e.logIndex },
  ];
  const timed = (): Column<ChainPosition>[] => [
    ...position(),
    { name: "block_time", value: (e) => timestamp(headers.get(e.blockNumber)!.timestamp) },
  ];

  await insertAll(client, "ledger_event", events, [
    { name: "block_number", value: (e) => e.blockNumber },
    { name: "log_index", value: (e) => e.logIndex },
    { name: "block_hash", value: (e) => e.blockHash },
    { name: "tx_hash", value: (e) => e.txHash },
    { name: "tx_index", value: (e) => e.txIndex },
    { name: "name", value: (e) => e.name },
    { name: "args", value: (e) => JSON.stringify(argsOf(e)) },
  ]);

  for (const spec of ROW_TABLES) {
    const rows = events.filter((e) => e.name === spec.event);
    const columns: Column<LedgerEvent>[] = rowColumns(spec).map(([name, , field, kind]) => {
      const of = (e: LedgerEvent) => (e as unknown as Record<string, unknown>)[field];
      return { name, value: kind === "time" ? (e) => timestamp(of(e) as bigint) : (e) => parameter(of(e)) };
    });
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
    { name: "record_id", value: (e) => dec(e.recordId) },
    { name: "grant_id", value: (e) => dec(e.grantId) },
    { name: "outcome", value: (e) => e.outcome },
    { name: "campaign_id", value: (e) => e.campaignId },
    { name: "amount", value: (e) => dec(e.amount) },
    { name: "reason_hash", value: (e) => e.reasonHash },
    { name: "balance_after", value: (e) => dec(e.balanceAfter) },
    { name: "authorised_by", value: (e) => e.by },
    ...timed(),
  ]);
}

function argsOf(e: LedgerEvent): Record<string, unknown> {
  const { blockNumber, blockHash, txHash, txIndex, logIndex, name, ...args } = e;
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
}
