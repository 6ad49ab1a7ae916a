import type pg from "pg";
import type { GrantListRow } from "./grant-list.ts";

/** Where a row sits on the chain. */
export interface RowChain {
  blockNumber: string;
  blockTime: Date;
  txHash: string;
  logIndex: number;
}

/** A disbursement as the public pages list it: no recipient, only whether delivery was confirmed and by whom. */
export interface PageDisbursementRow extends RowChain {
  recordId: string;
  campaignId: string;
  campaignTitle: string;
  amount: string;
  /** Index into PURPOSES. */
  purpose: number;
  evidenceHash: string;
  /** The address the ledger named to confirm delivery (a recipient organisation's key), if any. */
  confirmer: string | null;
  confirmedBy: string | null;
  confirmedBlock: string | null;
}

/**
 * A grant made or received by one of the campaigns, with the campaign and organisation at the
 * other end: the reports' row (db/grant-list.ts) without its money unit, which a campaign's page
 * knows already.
 */
export type PageGrantRow = Omit<GrantListRow, "asset" | "currency" | "token">;

export interface PageFlagRow {
  recordId: string;
  rule: string;
  detail: string;
  blockNumber: string;
  txHash: string;
  logIndex: number;
}

/**
 * The bounded reads behind the public campaign and organisation pages: the newest few records of
 * some campaigns, each read through the (campaign, record id) indexes one campaign at a time, so
 * a page costs its limit per campaign, never the size of the campaign's history.
 */
export interface LedgerPageRows {
  /** The mirror's block as "number:hash", undefined before the indexer wrote its first: what cached pages are keyed by. */
  mirrorBlock(): Promise<string | undefined>;
  /** The newest `limit` disbursements of the campaigns (record ids grow with the chain). */
  latestDisbursements(campaignIds: bigint[], limit: number): Promise<PageDisbursementRow[]>;
  /** The newest `limit` grants the campaigns made to, or received from, campaigns not among them. */
  latestGrants(campaignIds: bigint[], limit: number): Promise<PageGrantRow[]>;
  /** The newest `limit` records of the campaigns the mirror flagged under its trust rules. */
  flaggedRecords(campaignIds: bigint[], limit: number): Promise<PageFlagRow[]>;
}

export function createLedgerPageRows(pool: pg.Pool): LedgerPageRows {
  const ids = (campaignIds: bigint[]) => campaignIds.map(String);
  return {
    async mirrorBlock() {
      const { rows } = await pool.query<{ block: string }>(`SELECT block_number::text || ':' || block_hash AS block FROM indexer_cursor WHERE id = 1`);
      return rows[0]?.block;
    },
    async latestDisbursements(campaignIds, limit) {
      if (campaignIds.length === 0) return [];
      const { rows } = await pool.query<PageDisbursementRow>(
        `SELECT d.record_id::text AS "recordId", d.campaign_id::text AS "campaignId", c.title AS "campaignTitle", d.amount::text AS amount,
                d.purpose::int AS purpose, d.evidence_hash AS "evidenceHash", d.confirmer, d.confirmed_by AS "confirmedBy",
                d.confirmed_block::text AS "confirmedBlock", d.block_number::text AS "blockNumber", d.block_time AS "blockTime", d.tx_hash AS "txHash", d.log_index AS "logIndex"
           FROM unnest($1::bigint[]) AS own(id)
           CROSS JOIN LATERAL (SELECT * FROM disbursement WHERE campaign_id = own.id ORDER BY record_id DESC LIMIT $2) d
           JOIN campaign c ON c.id = d.campaign_id
          ORDER BY d.record_id DESC LIMIT $2`,
        [ids(campaignIds), limit],
      );
      return rows;
    },
    async latestGrants(campaignIds, limit) {
      if (campaignIds.length === 0) return [];
      const { rows } = await pool.query<PageGrantRow>(
        `WITH own AS (SELECT unnest($1::bigint[]) AS id),
              g AS (
                SELECT x.*, 'given' AS direction, x.from_campaign_id AS campaign_id, x.to_campaign_id AS other_id
                  FROM own CROSS JOIN LATERAL (SELECT * FROM "grant" WHERE from_campaign_id = own.id ORDER BY record_id DESC LIMIT $2) x
                 WHERE x.to_campaign_id NOT IN (SELECT id FROM own)
                UNION ALL
                SELECT x.*, 'received', x.to_campaign_id, x.from_campaign_id
                  FROM own CROSS JOIN LATERAL (SELECT * FROM "grant" WHERE to_campaign_id = own.id ORDER BY record_id DESC LIMIT $2) x
                 WHERE x.from_campaign_id NOT IN (SELECT id FROM own))
         SELECT g.record_id::text AS "recordId", g.direction, g.campaign_id::text AS "campaignId", c.title AS "campaignTitle",
                g.other_id::text AS "counterpartCampaignId", oc.title AS "counterpartCampaignTitle",
                o.id::text AS "counterpartOrgId", o.name AS "counterpartOrgName", g.amount::text AS amount,
                CASE WHEN g.acknowledged_block IS NOT NULL THEN 'acknowledged' WHEN g.refused_block IS NOT NULL THEN 'refused' ELSE 'in_transit' END AS status,
                g.block_number::text AS "blockNumber", g.block_time AS "blockTime", g.tx_hash AS "txHash", g.log_index AS "logIndex"
           FROM g
           JOIN campaign c ON c.id = g.campaign_id
           JOIN campaign oc ON oc.id = g.other_id
           JOIN organisation o ON o.id = oc.org_id
          ORDER BY g.record_id DESC LIMIT $2`,
        [ids(campaignIds), limit],
      );
      return rows;
    },
    async flaggedRecords(campaignIds, limit) {
      if (campaignIds.length === 0) return [];
      // Flags are few (each is a broken reference); each is matched to its record by primary key.
      const own = (table: string, column = "campaign_id") => `EXISTS (SELECT 1 FROM ${table} r WHERE r.record_id = f.record_id AND r.${column} = ANY($1::bigint[]))`;
      const { rows } = await pool.query<PageFlagRow>(
        `SELECT f.record_id::text AS "recordId", f.rule, f.detail, f.block_number::text AS "blockNumber", f.tx_hash AS "txHash", f.log_index AS "logIndex"
           FROM record_flag f
          WHERE ${[own("donation"), own("disbursement"), own(`"grant"`, "from_campaign_id"), own(`"grant"`, "to_campaign_id"), own("refund"), own("correction"), own("grant_settlement"), own("correction_approval")].join(" OR ")}
          ORDER BY f.block_number DESC, f.log_index DESC LIMIT $2`,
        [ids(campaignIds), limit],
      );
      return rows;
    },
  };
}
