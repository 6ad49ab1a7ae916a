import type pg from "pg";
import type { ChainPosition, LedgerEvent } from "../domain/ledger-events.ts";
import type { BlockHeader } from "../chain/headers.ts";

type Of<N extends LedgerEvent["name"]> = Extract<LedgerEvent, { name: N }>;

interface Column<E> {
  name: string;
  type: string;
  value(e: E): unknown;
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

export async function insertRecords(client: pg.PoolClient, events: LedgerEvent[], headers: Map<bigint, BlockHeader>): Promise<void> {
  const only = <N extends LedgerEvent["name"]>(name: N) => events.filter((e): e is Of<N> => e.name === name);
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

  await insertAll(client, "organisation", only("OrganisationRegistered"), [
    { name: "id", type: "bigint", value: (e) => e.orgId },
    { name: "kind", type: "smallint", value: (e) => e.kind },
    { name: "registration_number", type: "text", value: (e) => e.registrationNumber },
    { name: "name", type: "text", value: (e) => e.orgName },
    ...position(),
  ]);

  await insertAll(client, "campaign", only("CampaignOpened"), [
    { name: "id", type: "bigint", value: (e) => e.campaignId },
    { name: "org_id", type: "bigint", value: (e) => e.orgId },
    { name: "asset", type: "smallint", value: (e) => e.asset },
    { name: "token", type: "text", value: (e) => e.token },
    { name: "currency", type: "char(3)", value: (e) => e.currency.padEnd(3, " ") },
    { name: "target", type: "numeric", value: (e) => dec(e.target) },
    { name: "title", type: "text", value: (e) => e.title },
    { name: "authorised_by", type: "text", value: (e) => e.by },
    ...position(),
  ]);

  await insertAll(client, "donation", only("DonationRecorded"), [
    { name: "record_id", type: "numeric", value: (e) => dec(e.recordId) },
    { name: "campaign_id", type: "bigint", value: (e) => e.campaignId },
    { name: "amount", type: "numeric", value: (e) => dec(e.amount) },
    { name: "channel", type: "smallint", value: (e) => e.channel },
    { name: "donor_commitment", type: "text", value: (e) => e.donorCommitment },
    { name: "balance_after", type: "numeric", value: (e) => dec(e.balanceAfter) },
    { name: "authorised_by", type: "text", value: (e) => e.by },
    ...timed(),
  ]);

  await insertAll(client, "disbursement", only("DisbursementRecorded"), [
    { name: "record_id", type: "numeric", value: (e) => dec(e.recordId) },
    { name: "campaign_id", type: "bigint", value: (e) => e.campaignId },
    { name: "recipient_commitment", type: "text", value: (e) => e.recipientCommitment },
    { name: "amount", type: "numeric", value: (e) => dec(e.amount) },
    { name: "purpose", type: "smallint", value: (e) => e.purpose },
    { name: "evidence_hash", type: "text", value: (e) => e.evidenceHash },
    { name: "payee", type: "text", value: (e) => e.payee },
    { name: "confirmer", type: "text", value: (e) => e.confirmer },
    { name: "balance_after", type: "numeric", value: (e) => dec(e.balanceAfter) },
    { name: "authorised_by", type: "text", value: (e) => e.by },
    ...timed(),
  ]);

  await insertAll(client, "grant", only("GrantMade"), [
    { name: "record_id", type: "numeric", value: (e) => dec(e.recordId) },
    { name: "from_campaign_id", type: "bigint", value: (e) => e.fromCampaignId },
    { name: "to_campaign_id", type: "bigint", value: (e) => e.toCampaignId },
    { name: "amount", type: "numeric", value: (e) => dec(e.amount) },
    { name: "memo_hash", type: "text", value: (e) => e.memoHash },
    { name: "from_balance_after", type: "numeric", value: (e) => dec(e.fromBalanceAfter) },
    { name: "authorised_by", type: "text", value: (e) => e.by },
    ...timed(),
  ]);

  // Acknowledgements and refusals share one table: the campaign the amount entered, and its balance after.
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

  await insertAll(client, "correction_approval", only("CorrectionApproved"), [
    { name: "record_id", type: "numeric", value: (e) => dec(e.recordId) },
    { name: "correction_id", type: "numeric", value: (e) => dec(e.correctionId) },
    { name: "campaign_id", type: "bigint", value: (e) => e.campaignId },
    { name: "amount", type: "numeric", value: (e) => dec(e.amount) },
    { name: "balance_after", type: "numeric", value: (e) => dec(e.balanceAfter) },
    { name: "authorised_by", type: "text", value: (e) => e.by },
    ...timed(),
  ]);

  await insertAll(client, "refund", only("DonationRefunded"), [
    { name: "record_id", type: "numeric", value: (e) => dec(e.recordId) },
    { name: "donation_id", type: "numeric", value: (e) => dec(e.donationId) },
    { name: "campaign_id", type: "bigint", value: (e) => e.campaignId },
    { name: "amount", type: "numeric", value: (e) => dec(e.amount) },
    { name: "reason_hash", type: "text", value: (e) => e.reasonHash },
    { name: "balance_after", type: "numeric", value: (e) => dec(e.balanceAfter) },
    { name: "authorised_by", type: "text", value: (e) => e.by },
    ...timed(),
  ]);

  await insertAll(client, "correction", only("RecordCorrected"), [
    { name: "record_id", type: "numeric", value: (e) => dec(e.recordId) },
    { name: "corrected_id", type: "numeric", value: (e) => dec(e.correctedId) },
    { name: "campaign_id", type: "bigint", value: (e) => e.campaignId },
    { name: "delta", type: "numeric", value: (e) => dec(e.delta) },
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
