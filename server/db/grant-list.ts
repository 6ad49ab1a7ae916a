import type pg from "pg";

/** One grant, sent or received by an organisation's campaigns, with the organisation at its other end. */
export interface GrantListRow {
  recordId: string;
  direction: "given" | "received";
  campaignId: string;
  campaignTitle: string;
  counterpartCampaignId: string;
  counterpartCampaignTitle: string;
  counterpartOrgId: string;
  counterpartOrgName: string;
  asset: number;
  currency: string;
  token: string | null;
  amount: string;
  status: "acknowledged" | "refused" | "in_transit";
  blockNumber: string;
  blockTime: Date;
  txHash: string;
  logIndex: number;
}

export interface GrantListStore {
  /**
   * Up to `limit` grants sent or received in the range (UTC days, inclusive) by the campaigns
   * given, largest first: the figures a report lists one by one, each with its transaction.
   * Read through the grant table's campaign indexes, so it costs the grants of those campaigns,
   * never the year's other records.
   */
  list(query: { campaignIds: string[]; from: string; to: string; limit: number }): Promise<{ rows: GrantListRow[]; more: boolean }>;
}

export function createGrantListStore(pool: pg.Pool): GrantListStore {
  return {
    async list({ campaignIds, from, to, limit }) {
      if (campaignIds.length === 0) return { rows: [], more: false };
      const { rows } = await pool.query<GrantListRow>(
        `WITH own AS (SELECT unnest($1::bigint[]) AS id),
              g AS (
                SELECT g.*, 'given' AS direction, g.from_campaign_id AS campaign_id, g.to_campaign_id AS other_id
                  FROM "grant" g WHERE g.from_campaign_id IN (SELECT id FROM own)
                   AND g.to_campaign_id NOT IN (SELECT id FROM own)
                UNION ALL
                SELECT g.*, 'received', g.to_campaign_id, g.from_campaign_id
                  FROM "grant" g WHERE g.to_campaign_id IN (SELECT id FROM own)
                   AND g.from_campaign_id NOT IN (SELECT id FROM own))
         SELECT g.record_id::text AS "recordId", g.direction, g.campaign_id::text AS "campaignId", c.title AS "campaignTitle",
                g.other_id::text AS "counterpartCampaignId", oc.title AS "counterpartCampaignTitle",
                o.id::text AS "counterpartOrgId", o.name AS "counterpartOrgName",
                c.asset::int AS asset, c.currency, c.token, g.amount::text AS amount,
                CASE WHEN g.acknowledged_block IS NOT NULL THEN 'acknowledged' WHEN g.refused_block IS NOT NULL THEN 'refused' ELSE 'in_transit' END AS status,
                g.block_number::text AS "blockNumber", g.block_time AS "blockTime", g.tx_hash AS "txHash", g.log_index AS "logIndex"
           FROM g
           JOIN campaign c ON c.id = g.campaign_id
           JOIN campaign oc ON oc.id = g.other_id
           JOIN organisation o ON o.id = oc.org_id
          WHERE g.block_time >= $2::date AND g.block_time < $3::date + 1
          ORDER BY g.amount DESC, g.record_id
          LIMIT $4`,
        [campaignIds, from, to, limit + 1],
      );
      return { rows: rows.slice(0, limit), more: rows.length > limit };
    },
  };
}
