import type pg from "pg";

/** What deciding on a change to a campaign reads of the mirror and the outbox. */
export interface CampaignState {
  orgId: bigint;
  /** The mirror shows it closed. */
  closed: boolean;
  /** A write of `closureKind` for it that has not failed: on its way, or mined and not yet mirrored. */
  closureInFlight: boolean;
}

export interface CampaignFacts {
  /** The campaign as the mirror holds it, or undefined when the mirror has no such campaign. */
  state(campaignId: bigint, closureKind: string): Promise<CampaignState | undefined>;
}

export function createCampaignFacts(pool: pg.Pool): CampaignFacts {
  return {
    async state(campaignId, closureKind) {
      const { rows } = await pool.query<{ org_id: string; closed: boolean; closure_in_flight: boolean }>(
        `SELECT c.org_id::text, c.closed_block IS NOT NULL AS closed,
                EXISTS (SELECT 1 FROM outbox o WHERE o.campaign_id = c.id AND o.kind = $2 AND o.status <> 'failed') AS closure_in_flight
           FROM campaign c WHERE c.id = $1`,
        [campaignId.toString(), closureKind],
      );
      const r = rows[0];
      return r ? { orgId: BigInt(r.org_id), closed: r.closed, closureInFlight: r.closure_in_flight } : undefined;
    },
  };
}
