import type pg from "pg";
import type { LedgerEvent } from "../domain/ledger-events.ts";
import type { BlockHeader } from "./fetch-range.ts";

type Of<N extends LedgerEvent["name"]> = Extract<LedgerEvent, { name: N }>;

export class CursorMovedError extends Error {}

/**
 * Writes one range's events, their blocks and the new cursor in one transaction: either all of
 * it is in the mirror or none of it, so a crash at any point loses or doubles nothing. Rows are
 * keyed by chain position, and the cursor only moves from where this batch started.
 */
export async function writeBatch(
  pool: pg.Pool,
  batch: { fromCursor: bigint; events: LedgerEvent[]; headers: Map<bigint, BlockHeader>; to: BlockHeader },
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const moved = await client.query(
      `UPDATE indexer_cursor SET block_number = $1, block_hash = $2, updated_at = now() WHERE id = 1 AND block_number = $3`,
      [batch.to.number, batch.to.hash, batch.fromCursor],
    );
    if (moved.rowCount !== 1) throw new CursorMovedError("another indexer moved the cursor; this one stops");
    await insertBlocks(client, [...batch.headers.values()]);
    await insertEvents(client, batch.events, batch.headers);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function insertBlocks(client: pg.PoolClient, headers: BlockHeader[]): Promise<void> {
  if (headers.length === 0) return;
  await client.query(
    `INSERT INTO chain_block (number, hash, parent_hash, timestamp)
     SELECT n, h, p, to_timestamp(ts) FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS t(n, h, p, ts)
     ON CONFLICT (number) DO NOTHING`,
    [headers.map((h) => h.number), headers.map((h) => h.hash), headers.map((h) => h.parentHash), headers.map((h) => h.timestamp)],
  );
}

async function insertEvents(client: pg.PoolClient, events: LedgerEvent[], headers: Map<bigint, BlockHeader>): Promise<void> {
  if (events.length === 0) return;
  const pos = (list: LedgerEvent[]) => [list.map((e) => e.blockNumber), list.map((e) => e.txHash), list.map((e) => e.logIndex)];
  const time = (list: LedgerEvent[]) => list.map((e) => headers.get(e.blockNumber)!.timestamp);

  await client.query(
    `INSERT INTO ledger_event (block_number, log_index, block_hash, tx_hash, tx_index, name, args)
     SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::jsonb[])
     ON CONFLICT DO NOTHING`,
    [
      events.map((e) => e.blockNumber),
      events.map((e) => e.logIndex),
      events.map((e) => e.blockHash),
      events.map((e) => e.txHash),
      events.map((e) => e.txIndex),
      events.map((e) => e.name),
      events.map((e) => JSON.stringify(argsOf(e))),
    ],
  );

  const orgs = only(events, "OrganisationRegistered");
  if (orgs.length)
    await client.query(
      `INSERT INTO organisation (id, kind, registration_number, name, block_number, tx_hash, log_index)
       SELECT i, k, r, n, b, t, l FROM unnest($1::bigint[], $2::smallint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::int[])
         AS u(i, k, r, n, b, t, l)
       ON CONFLICT DO NOTHING`,
      [orgs.map((e) => e.orgId), orgs.map((e) => e.kind), orgs.map((e) => e.registrationNumber), orgs.map((e) => e.orgName), ...pos(orgs)],
    );

  const operators = only(events, "OperatorAdded");
  if (operators.length)
    await client.query(
      `INSERT INTO operator (org_id, address, block_number, tx_hash, log_index)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::int[]) ON CONFLICT DO NOTHING`,
      [operators.map((e) => e.orgId), operators.map((e) => e.operator), ...pos(operators)],
    );

  for (const e of only(events, "OrganisationSuspended"))
    await client.query(`UPDATE organisation SET suspended_block = $2 WHERE id = $1 AND suspended_block IS NULL`, [e.orgId, e.blockNumber]);

  const campaigns = only(events, "CampaignOpened");
  if (campaigns.length)
    await client.query(
      `INSERT INTO campaign (id, org_id, currency, target, title, block_number, tx_hash, log_index)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::char(3)[], $4::numeric[], $5::text[], $6::bigint[], $7::text[], $8::int[])
       ON CONFLICT DO NOTHING`,
      [
        campaigns.map((e) => e.campaignId),
        campaigns.map((e) => e.orgId),
        campaigns.map((e) => e.currency),
        campaigns.map((e) => e.target.toString()),
        campaigns.map((e) => e.title),
        ...pos(campaigns),
      ],
    );

  for (const e of only(events, "CampaignClosed"))
    await client.query(`UPDATE campaign SET closed_block = $2 WHERE id = $1 AND closed_block IS NULL`, [e.campaignId, e.blockNumber]);

  const donations = only(events, "DonationRecorded");
  if (donations.length)
    await client.query(
      `INSERT INTO donation (record_id, campaign_id, amount, channel, donor_commitment, balance_after, block_number, tx_hash, log_index, block_time)
       SELECT r, c, a, ch, d, ba, b, t, l, to_timestamp(ts)
       FROM unnest($1::numeric[], $2::bigint[], $3::numeric[], $4::smallint[], $5::text[], $6::numeric[], $7::bigint[], $8::text[], $9::int[], $10::bigint[])
         AS u(r, c, a, ch, d, ba, b, t, l, ts)
       ON CONFLICT DO NOTHING`,
      [
        donations.map((e) => e.recordId.toString()),
        donations.map((e) => e.campaignId),
        donations.map((e) => e.amount.toString()),
        donations.map((e) => e.channel),
        donations.map((e) => e.donorCommitment),
        donations.map((e) => e.balanceAfter.toString()),
        ...pos(donations),
        time(donations),
      ],
    );

  const disbursements = only(events, "DisbursementRecorded");
  if (disbursements.length)
    await client.query(
      `INSERT INTO disbursement (record_id, campaign_id, recipient_ref, amount, purpose, evidence_hash, balance_after, block_number, tx_hash, log_index, block_time)
       SELECT r, c, rr, a, p, eh, ba, b, t, l, to_timestamp(ts)
       FROM unnest($1::numeric[], $2::bigint[], $3::text[], $4::numeric[], $5::smallint[], $6::text[], $7::numeric[], $8::bigint[], $9::text[], $10::int[], $11::bigint[])
         AS u(r, c, rr, a, p, eh, ba, b, t, l, ts)
       ON CONFLICT DO NOTHING`,
      [
        disbursements.map((e) => e.recordId.toString()),
        disbursements.map((e) => e.campaignId),
        disbursements.map((e) => e.recipientRef),
        disbursements.map((e) => e.amount.toString()),
        disbursements.map((e) => e.purpose),
        disbursements.map((e) => e.evidenceHash),
        disbursements.map((e) => e.balanceAfter.toString()),
        ...pos(disbursements),
        time(disbursements),
      ],
    );
}

/** Tables whose rows come from blocks: a reorganisation deletes what lies above the common ancestor. */
export async function rollbackAbove(pool: pg.Pool, ancestor: BlockHeader): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    for (const table of ["ledger_event", "organisation", "operator", "campaign", "donation", "disbursement", "chain_block"]) {
      const column = table === "chain_block" ? "number" : "block_number";
      await client.query(`DELETE FROM ${table} WHERE ${column} > $1`, [ancestor.number]);
    }
    await client.query(`UPDATE organisation SET suspended_block = NULL WHERE suspended_block > $1`, [ancestor.number]);
    await client.query(`UPDATE campaign SET closed_block = NULL WHERE closed_block > $1`, [ancestor.number]);
    await client.query(`UPDATE indexer_cursor SET block_number = $1, block_hash = $2, updated_at = now() WHERE id = 1`, [
      ancestor.number,
      ancestor.hash,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function only<N extends LedgerEvent["name"]>(events: LedgerEvent[], name: N): Of<N>[] {
  return events.filter((e): e is Of<N> => e.name === name);
}

function argsOf(e: LedgerEvent): Record<string, unknown> {
  const { blockNumber, blockHash, txHash, txIndex, logIndex, name, ...args } = e;
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
}
