import type pg from "pg";
import { wholePeriod, type FlowKind } from "../domain/flows.ts";
import { cutMonthParams, sumsOverTime } from "./ledger-sums.ts";
import { inSnapshot } from "./transaction.ts";

/** One sum of the flow graph, as Postgres sends it (an array, not an object: there are tens of thousands): campaign id, kind, counterpart, amount, count. */
export type FlowTotalRow = [campaignId: string, kind: FlowKind, counterpart: string, amount: string, count: number];

export interface FlowCampaignRow {
  id: string;
  org_id: string;
  title: string;
  asset: number;
  currency: string;
  token: string | null;
  name: string;
}

/** The reads of one flow graph, all on the snapshot FlowStore.inSnapshot holds. */
export interface FlowReads {
  /**
   * The mirror's block, the first day any money moved, and (given an organisation) whether the
   * mirror holds it and its campaigns' ids. The first read of the snapshot, which it is taken at.
   */
  facts(organisation: bigint | undefined): Promise<{ block: string | null; first: string | null; known: boolean; own: string[] | null }>;
  /**
   * The sums over the range of `kinds`, narrowed to what the filters can keep (the graph applies
   * them exactly): with `own`, flows of those campaigns and grants to or from them; with
   * `category`, disbursements of that purpose only.
   */
  totals(query: { range: { from: string; to: string }; kinds: FlowKind[]; grantKinds: FlowKind[]; own: string[] | null; category: string | null }): Promise<FlowTotalRow[]>;
  /** These campaigns with their organisation's name. */
  campaigns(ids: string[]): Promise<FlowCampaignRow[]>;
}

export interface FlowStore {
  inSnapshot<T>(read: (reads: FlowReads) => Promise<T>): Promise<T>;
}

export function createFlowStore(pool: pg.Pool): FlowStore {
  const readsOn = (client: pg.PoolClient): FlowReads => ({
    async facts(organisation) {
      const { rows } = await client.query<{ block: string | null; first: string | null; known: boolean; own: string[] | null }>(
        `SELECT (SELECT block_number::text FROM indexer_cursor WHERE id = 1) AS block,
                (SELECT to_char(min(day), 'YYYY-MM-DD') FROM flow_daily) AS first,
                EXISTS (SELECT 1 FROM organisation WHERE id = $1::bigint) AS known,
                (SELECT array_agg(id::text) FROM campaign WHERE org_id = $1::bigint) AS own`,
        [organisation?.toString() ?? null],
      );
      return rows[0]!;
    },

    async totals({ range, kinds, grantKinds, own, category }) {
      // A range that is one stored period (a calendar quarter, a month) is read as it is stored;
      // any other is summed from months and days. Rows come as arrays: a quarter of every
      // organisation's flows is tens of thousands of them.
      const period = wholePeriod(range.from, range.to);
      // $1 to $4: the kinds, the organisation's campaigns, the grant kinds and the category.
      const filters = `x.kind = ANY($1::text[])
                AND ($2::bigint[] IS NULL OR x.campaign_id = ANY($2::bigint[]) OR (x.kind = ANY($3::text[]) AND x.counterpart = ANY($2::bigint[]::text[])))
                AND ($4::text IS NULL OR x.kind <> 'disbursement' OR x.counterpart = $4::text)`;
      const filterValues = [kinds, own, grantKinds, category];
      if (period) {
        const date = period.table === "flow_quarterly" ? "quarter" : "month";
        const { rows } = await client.query<FlowTotalRow>({
          rowMode: "array",
          text: `SELECT x.campaign_id::text, x.kind, x.counterpart, x.amount::text, x.count::int FROM ${period.table} x WHERE x.${date} = $5::date AND ${filters}`,
          values: [...filterValues, period.start],
        });
        return rows;
      }
      // Summing a quarter of every campaign's flows takes more than the default 4 MB to stay in memory.
      await client.query(`SET LOCAL work_mem = '64MB'`);
      const { rows } = await client.query<FlowTotalRow>({
        rowMode: "array",
        text: `SELECT x.campaign_id::text, x.kind, x.counterpart, sum(x.amount)::text, sum(x.count)::int
                 FROM ${sumsOverTime(5)} x
                WHERE x.day >= $9::date AND x.day <= $10::date AND ${filters}
                GROUP BY x.campaign_id, x.kind, x.counterpart`,
        values: [...filterValues, ...cutMonthParams(range), range.from, range.to],
      });
      return rows;
    },

    async campaigns(ids) {
      const { rows } = await client.query<FlowCampaignRow>(
        `SELECT c.id::text, c.org_id::text, c.title, c.asset::int, c.currency, c.token, o.name
           FROM campaign c JOIN organisation o ON o.id = c.org_id WHERE c.id = ANY($1::bigint[])`,
        [ids],
      );
      return rows;
    },
  });
  return { inSnapshot: (read) => inSnapshot(pool, (client) => read(readsOn(client))) };
}
