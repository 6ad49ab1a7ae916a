import type pg from "pg";
import QueryStream from "pg-query-stream";
import type { IatiCampaign, IatiOrganisation, IatiTransactionRow } from "../domain/iati.ts";
import type { LedgerRecordRow } from "../domain/record-export.ts";
import { RECORDS_SQL } from "./export-records-sql.ts";
import { inSnapshot } from "./transaction.ts";

/**
 * The reads of one export, all on one snapshot of the mirror (REPEATABLE READ), so a file is as
 * of one block even while the indexer writes. Rows come through a server-side cursor a batch at a
 * time and only as fast as the caller takes them: an export of any size holds one batch in memory.
 * While rows are being read the snapshot's connection serves nothing else, so take them in order:
 * finish (or leave) one row source before starting the next.
 */
export interface ExportReads {
  /** The mirror's block the snapshot is at; null before the indexer's first range. */
  asOfBlock: string | null;
  organisation(id: bigint): Promise<IatiOrganisation | undefined>;
  /** A campaign and the organisation it belongs to. */
  campaign(id: bigint): Promise<{ id: string; orgId: string } | undefined>;
  /** The ids of the organisation's campaigns, in id order. */
  campaignIds(orgId: bigint): Promise<string[]>;
  /** The organisation's campaigns, in id order, with what IATI says about each. */
  campaigns(orgId: bigint): Promise<IatiCampaign[]>;
  /** Every record of these campaigns whose block time falls in [start, end), in chain order. */
  records(query: { campaignIds: string[]; start: string | null; end: string | null }): AsyncIterable<LedgerRecordRow>;
  /** A campaign's money as IATI transactions, by day: its donations summed per month and channel, the rest one by one. */
  iatiTransactions(campaignId: string): AsyncIterable<IatiTransactionRow>;
}

export interface ExportStore {
  /** Runs `read` on one snapshot; the snapshot (and its connection) ends when `read` settles, whatever it threw. */
  inSnapshot<T>(read: (reads: ExportReads) => Promise<T>): Promise<T>;
}

/** Rows fetched per round trip: small enough to keep memory flat, large enough that round trips do not dominate. */
const BATCH = 500;

export function createExportStore(pool: pg.Pool): ExportStore {
  return {
    inSnapshot: (read) =>
      inSnapshot(pool, async (client) => {
        const { rows } = await client.query<{ block: string }>(`SELECT block_number::text AS block FROM indexer_cursor WHERE id = 1`);
        return read(readsOn(client, rows[0]?.block ?? null));
      }),
  };
}

function readsOn(client: pg.PoolClient, asOfBlock: string | null): ExportReads {
  return {
    asOfBlock,

    async organisation(id) {
      const { rows } = await client.query<IatiOrganisation>(
        `SELECT id::text, name, kind::int, registration_number AS "registrationNumber" FROM organisation WHERE id = $1::bigint`,
        [id.toString()],
      );
      return rows[0];
    },

    async campaign(id) {
      const { rows } = await client.query<{ id: string; orgId: string }>(`SELECT id::text, org_id::text AS "orgId" FROM campaign WHERE id = $1::bigint`, [id.toString()]);
      return rows[0];
    },

    async campaignIds(orgId) {
      const { rows } = await client.query<{ id: string }>(`SELECT id::text FROM campaign WHERE org_id = $1::bigint ORDER BY id`, [orgId.toString()]);
      return rows.map((r) => r.id);
    },

    async campaigns(orgId) {
      // `held` is the balance_after of the campaign's newest record of any kind: what the contract
      // held after it. Each kind's newest comes from its (campaign, record id) index.
      const { rows } = await client.query<IatiCampaign>(
        `SELECT c.id::text, c.title, c.asset::int, c.currency,
                to_char(bo.timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "openedOn",
                to_char(bc.timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "closedOn",
                coalesce((SELECT x.balance FROM (
                   (SELECT record_id, balance_after AS balance FROM donation WHERE campaign_id = c.id ORDER BY record_id DESC LIMIT 1)
                   UNION ALL (SELECT record_id, from_balance_after FROM "grant" WHERE from_campaign_id = c.id ORDER BY record_id DESC LIMIT 1)
                   UNION ALL (SELECT record_id, balance_after FROM grant_settlement WHERE campaign_id = c.id ORDER BY record_id DESC LIMIT 1)
                   UNION ALL (SELECT record_id, balance_after FROM disbursement WHERE campaign_id = c.id ORDER BY record_id DESC LIMIT 1)
                   UNION ALL (SELECT record_id, balance_after FROM refund WHERE campaign_id = c.id ORDER BY record_id DESC LIMIT 1)
                   UNION ALL (SELECT record_id, balance_after FROM correction WHERE campaign_id = c.id ORDER BY record_id DESC LIMIT 1)
                   UNION ALL (SELECT record_id, balance_after FROM correction_approval WHERE campaign_id = c.id ORDER BY record_id DESC LIMIT 1)
                 ) x ORDER BY x.record_id DESC LIMIT 1), 0)::text AS held
           FROM campaign c
           JOIN chain_block bo ON bo.number = c.block_number
           LEFT JOIN chain_block bc ON bc.number = c.closed_block
          WHERE c.org_id = $1::bigint
          ORDER BY c.id`,
        [orgId.toString()],
      );
      return rows.map((c) => ({ ...c, currency: c.currency.trim() }));
    },

    records({ campaignIds, start, end }) {
      return streamRows<LedgerRecordRow>(client, RECORDS_SQL, [campaignIds, start, end]);
    },

    async *iatiTransactions(campaignId) {
      for await (const row of streamRows<IatiRow>(client, IATI_TRANSACTIONS_SQL, [campaignId])) {
        const { cpId, cpName, cpKind, cpRegistration, ...rest } = row;
        yield { ...rest, counterparty: cpId === null ? null : { id: cpId, name: cpName!, kind: cpKind!, registrationNumber: cpRegistration! } };
      }
    },
  };
}

/**
 * Rows of a query through a cursor, a batch at a time. Leaving the loop early (the reader went
 * away) destroys the stream, which closes the cursor, so the connection is free for the snapshot's
 * COMMIT.
 */
async function* streamRows<T>(client: pg.PoolClient, text: string, values: unknown[]): AsyncGenerator<T> {
  const stream = client.query(new QueryStream(text, values, { batchSize: BATCH, highWaterMark: BATCH }));
  try {
    for await (const row of stream) yield row as T;
  } finally {
    stream.destroy();
  }
}

type IatiRow = Omit<IatiTransactionRow, "counterparty"> & { cpId: string | null; cpName: string | null; cpKind: number | null; cpRegistration: string | null };

// One campaign's transactions for IATI. Donations are summed per UTC month and channel (donors
// masked), dated by the month's last gift; grants are answered by settlements: a refusal brings the
// money back to the sender, an acknowledgement is when it entered the receiver.
const IATI_TRANSACTIONS_SQL = `
  SELECT x.kind, x.day, x.amount::text, x.tx_hash AS "txHash", x.record_id::text AS "recordId", x.related::text AS "relatedRecordId",
         x.count, x.month, x.channel, x.first_block::text AS "firstBlock", x.last_block::text AS "lastBlock",
         x.purpose, x.evidence_hash AS "evidenceHash", x.recipient_commitment AS "recipientCommitment",
         x.other_campaign::text AS "counterpartyCampaignId",
         oo.id::text AS "cpId", oo.name AS "cpName", oo.kind::int AS "cpKind", oo.registration_number AS "cpRegistration"
    FROM (
      SELECT 'donations' AS kind, to_char(max(d.block_time) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, sum(d.amount) AS amount,
             NULL::text AS tx_hash, NULL::numeric AS record_id, NULL::numeric AS related,
             count(*)::int AS count, to_char(date_trunc('month', d.block_time AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, d.channel::int AS channel,
             min(d.block_number) AS first_block, max(d.block_number) AS last_block,
             NULL::int AS purpose, NULL::text AS evidence_hash, NULL::text AS recipient_commitment, NULL::bigint AS other_campaign,
             max(d.record_id) AS sort_id
        FROM donation d WHERE d.campaign_id = $1::bigint
       GROUP BY date_trunc('month', d.block_time AT TIME ZONE 'UTC'), d.channel
      UNION ALL
      SELECT 'refund', to_char(r.block_time AT TIME ZONE 'UTC', 'YYYY-MM-DD'), r.amount, r.tx_hash, r.record_id, r.donation_id,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, r.record_id
        FROM refund r WHERE r.campaign_id = $1::bigint
      UNION ALL
      SELECT 'grant_sent', to_char(g.block_time AT TIME ZONE 'UTC', 'YYYY-MM-DD'), g.amount, g.tx_hash, g.record_id, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, g.to_campaign_id, g.record_id
        FROM "grant" g WHERE g.from_campaign_id = $1::bigint
      UNION ALL
      SELECT CASE s.outcome WHEN 'refused' THEN 'grant_refused' ELSE 'grant_received' END,
             to_char(s.block_time AT TIME ZONE 'UTC', 'YYYY-MM-DD'), s.amount, s.tx_hash, s.record_id, s.grant_id,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             CASE s.outcome WHEN 'refused' THEN g.to_campaign_id ELSE g.from_campaign_id END, s.record_id
        FROM grant_settlement s JOIN "grant" g ON g.record_id = s.grant_id
       WHERE s.campaign_id = $1::bigint AND s.outcome IN ('refused', 'acknowledged')
      UNION ALL
      SELECT 'disbursement', to_char(p.block_time AT TIME ZONE 'UTC', 'YYYY-MM-DD'), p.amount, p.tx_hash, p.record_id, NULL,
             NULL, NULL, NULL, NULL, NULL, p.purpose::int, p.evidence_hash, p.recipient_commitment, NULL, p.record_id
        FROM disbursement p WHERE p.campaign_id = $1::bigint
    ) x
    LEFT JOIN campaign oc ON oc.id = x.other_campaign
    LEFT JOIN organisation oo ON oo.id = oc.org_id
   ORDER BY x.day, x.sort_id`;
