import type pg from "pg";
import type { FlowEdgeRef } from "../domain/flow-edge.ts";

/** One record behind an edge of the flow graph, where it sits on the chain. */
export interface FlowRecordRow {
  record_id: string;
  block_number: string;
  tx_hash: string;
  log_index: number;
  amount: string;
  block_time: Date;
  /** A grant's answer so far; null for donations and disbursements. */
  status: "acknowledged" | "in_transit" | null;
}

export interface FlowRecordStore {
  /**
   * The records of one edge whose block falls on a day from..to (UTC, inclusive: the days
   * flow_daily sums them by), in chain order after `after`, at most `limit`. Grants are those sent
   * in the range and not refused, as the graph counts them.
   */
  list(query: { edge: FlowEdgeRef; from: string; to: string; after: { block: string; log: number } | null; limit: number }): Promise<FlowRecordRow[]>;
}

const COLUMNS = `record_id::text, block_number::text, tx_hash, log_index, amount::text, block_time`;

export function createFlowRecordStore(pool: pg.Pool): FlowRecordStore {
  return {
    async list({ edge, from, to, after, limit }) {
      // $1..$5: the days, the cursor (or nulls) and the limit; $6, $7: the edge's own values.
      const common = `block_time >= ($1::date AT TIME ZONE 'UTC') AND block_time < (($2::date + 1) AT TIME ZONE 'UTC')
          AND ($3::bigint IS NULL OR (block_number, log_index) > ($3::bigint, $4::int))`;
      // The table's columns, not the text the SELECT makes of block_number: text orders "1000" before "999".
      const order = `ORDER BY x.block_number, x.log_index LIMIT $5`;
      const values = [from, to, after?.block ?? null, after?.log ?? null, limit];
      const sql =
        edge.kind === "donation"
          ? `SELECT ${COLUMNS}, NULL AS status FROM donation x WHERE campaign_id = $6 AND channel = $7 AND ${common} ${order}`
          : edge.kind === "disbursement"
            ? `SELECT ${COLUMNS}, NULL AS status FROM disbursement x WHERE campaign_id = $6 AND purpose = $7 AND ${common} ${order}`
            : `SELECT ${COLUMNS}, CASE WHEN acknowledged_block IS NULL THEN 'in_transit' ELSE 'acknowledged' END AS status
                 FROM "grant" x WHERE from_campaign_id = $6 AND to_campaign_id = $7 AND refused_block IS NULL AND ${common} ${order}`;
      const own =
        edge.kind === "donation" ? [edge.campaignId.toString(), edge.channelCode] : edge.kind === "disbursement" ? [edge.campaignId.toString(), edge.purposeCode] : [edge.fromCampaignId.toString(), edge.toCampaignId.toString()];
      const { rows } = await pool.query<FlowRecordRow>(sql, [...values, ...own]);
      return rows;
    },
  };
}
