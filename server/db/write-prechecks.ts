import type pg from "pg";

/**
 * What the API reads from the mirror and the outbox before accepting a write that depends on more
 * than its campaign: a grant still pending, a donation still refundable, a correction still
 * awaiting approval. Writes "in flight" are those accepted and not failed whose transaction the
 * mirror does not hold yet (the same rule as a campaign's money in flight).
 */

export interface WritePrechecks {
  campaign(id: bigint): Promise<MirroredCampaign | undefined>;
  grant(grantId: bigint): Promise<MirroredGrant | undefined>;
  refundableDonation(donationId: bigint): Promise<RefundableDonation | undefined>;
  recordInCampaign(recordId: bigint, campaignId: bigint): Promise<boolean>;
  correction(correctionId: bigint): Promise<MirroredCorrection | undefined>;
}

export function createWritePrechecks(pool: pg.Pool): WritePrechecks {
  return {
    campaign: (id) => readCampaign(pool, id),
    grant: (grantId) => readGrant(pool, grantId),
    refundableDonation: (donationId) => readRefundableDonation(pool, donationId),
    recordInCampaign: (recordId, campaignId) => recordInCampaign(pool, recordId, campaignId),
    correction: (correctionId) => readCorrection(pool, correctionId),
  };
}

const IN_FLIGHT = `o.status IN ('pending', 'submitted', 'confirmed') AND NOT EXISTS (SELECT 1 FROM ledger_event e WHERE e.tx_hash = ANY (o.tx_hashes))`;

export interface MirroredCampaign {
  id: bigint;
  orgId: bigint;
  asset: number;
  currency: string;
  token: string | null;
  closed: boolean;
  organisationSuspended: boolean;
}

async function readCampaign(pool: pg.Pool, id: bigint): Promise<MirroredCampaign | undefined> {
  const { rows } = await pool.query(
    `SELECT c.id::text, c.org_id::text, c.asset, c.currency, c.token, c.closed_block IS NOT NULL AS closed, coalesce(o.suspended_block IS NOT NULL, false) AS suspended
       FROM campaign c LEFT JOIN organisation o ON o.id = c.org_id WHERE c.id = $1`,
    [id.toString()],
  );
  const r = rows[0];
  return r
    ? { id: BigInt(r.id), orgId: BigInt(r.org_id), asset: Number(r.asset), currency: r.currency, token: r.token, closed: r.closed, organisationSuspended: r.suspended }
    : undefined;
}

export interface MirroredGrant {
  id: bigint;
  fromCampaignId: bigint;
  toCampaignId: bigint;
  fromOrgId: bigint;
  toOrgId: bigint;
  amount: bigint;
  /** How the mirror shows it settled, if it is. */
  settled: "acknowledged" | "refused" | null;
  /** An acknowledgement or refusal of it accepted by the API and not failed, if any. */
  settling: { writeId: bigint; kind: string; status: string } | null;
}

async function readGrant(pool: pg.Pool, grantId: bigint): Promise<MirroredGrant | undefined> {
  const { rows } = await pool.query(
    `SELECT g.record_id::text AS id, g.from_campaign_id::text AS from_campaign, g.to_campaign_id::text AS to_campaign, g.amount::text,
            f.org_id::text AS from_org, t.org_id::text AS to_org,
            (SELECT s.outcome FROM grant_settlement s WHERE s.grant_id = g.record_id ORDER BY s.record_id LIMIT 1) AS settled,
            (SELECT jsonb_build_object('id', o.id::text, 'kind', o.kind, 'status', o.status) FROM outbox o
              WHERE o.kind IN ('grant_acknowledgement', 'grant_refusal') AND o.payload->>'grantId' = g.record_id::text AND o.status <> 'failed'
              ORDER BY o.id LIMIT 1) AS settling
       FROM "grant" g JOIN campaign f ON f.id = g.from_campaign_id JOIN campaign t ON t.id = g.to_campaign_id
      WHERE g.record_id = $1`,
    [grantId.toString()],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: BigInt(r.id),
    fromCampaignId: BigInt(r.from_campaign),
    toCampaignId: BigInt(r.to_campaign),
    fromOrgId: BigInt(r.from_org),
    toOrgId: BigInt(r.to_org),
    amount: BigInt(r.amount),
    settled: r.settled,
    settling: r.settling ? { writeId: BigInt(r.settling.id), kind: r.settling.kind, status: r.settling.status } : null,
  };
}

export interface RefundableDonation {
  recordId: bigint;
  campaignId: bigint;
  orgId: bigint;
  amount: bigint;
  /** Refunds of it in the mirror. */
  refunded: bigint;
  /** Refunds of it accepted by the API and not yet mirrored (nor failed). */
  refunding: bigint;
}

async function readRefundableDonation(pool: pg.Pool, donationId: bigint): Promise<RefundableDonation | undefined> {
  const { rows } = await pool.query(
    `SELECT d.record_id::text AS id, d.campaign_id::text AS campaign, c.org_id::text AS org, d.amount::text,
            (SELECT coalesce(sum(r.amount), 0)::text FROM refund r WHERE r.donation_id = d.record_id) AS refunded,
            (SELECT coalesce(sum((o.payload->>'amount')::numeric), 0)::text FROM outbox o
              WHERE o.kind = 'refund' AND o.payload->>'donationId' = d.record_id::text AND ${IN_FLIGHT}) AS refunding
       FROM donation d JOIN campaign c ON c.id = d.campaign_id WHERE d.record_id = $1`,
    [donationId.toString()],
  );
  const r = rows[0];
  return r
    ? { recordId: BigInt(r.id), campaignId: BigInt(r.campaign), orgId: BigInt(r.org), amount: BigInt(r.amount), refunded: BigInt(r.refunded), refunding: BigInt(r.refunding) }
    : undefined;
}

/** Whether the mirror holds record `recordId` in campaign `campaignId` (any kind of record that concerns it). */
async function recordInCampaign(pool: pg.Pool, recordId: bigint, campaignId: bigint): Promise<boolean> {
  const { rows } = await pool.query(
    `SELECT EXISTS (SELECT 1 FROM donation WHERE record_id = $1 AND campaign_id = $2)
         OR EXISTS (SELECT 1 FROM disbursement WHERE record_id = $1 AND campaign_id = $2)
         OR EXISTS (SELECT 1 FROM refund WHERE record_id = $1 AND campaign_id = $2)
         OR EXISTS (SELECT 1 FROM correction WHERE record_id = $1 AND campaign_id = $2)
         OR EXISTS (SELECT 1 FROM correction_approval WHERE record_id = $1 AND campaign_id = $2)
         OR EXISTS (SELECT 1 FROM "grant" WHERE record_id = $1 AND (from_campaign_id = $2 OR to_campaign_id = $2))
         OR EXISTS (SELECT 1 FROM grant_settlement WHERE record_id = $1 AND campaign_id = $2) AS found`,
    [recordId.toString(), campaignId.toString()],
  );
  return rows[0].found;
}

export interface MirroredCorrection {
  recordId: bigint;
  campaignId: bigint;
  orgId: bigint;
  delta: bigint;
  approved: boolean;
  /** An approval of it accepted by the API and not failed, if any. */
  approving: { writeId: bigint; status: string } | null;
}

async function readCorrection(pool: pg.Pool, correctionId: bigint): Promise<MirroredCorrection | undefined> {
  const { rows } = await pool.query(
    `SELECT k.record_id::text AS id, k.campaign_id::text AS campaign, c.org_id::text AS org, k.delta::text,
            (k.approved_block IS NOT NULL OR EXISTS (SELECT 1 FROM correction_approval a WHERE a.correction_id = k.record_id)) AS approved,
            (SELECT jsonb_build_object('id', o.id::text, 'status', o.status) FROM outbox o
              WHERE o.kind = 'correction_approval' AND o.payload->>'correctionId' = k.record_id::text AND o.status <> 'failed'
              ORDER BY o.id LIMIT 1) AS approving
       FROM correction k JOIN campaign c ON c.id = k.campaign_id WHERE k.record_id = $1`,
    [correctionId.toString()],
  );
  const r = rows[0];
  return r
    ? {
        recordId: BigInt(r.id),
        campaignId: BigInt(r.campaign),
        orgId: BigInt(r.org),
        delta: BigInt(r.delta),
        approved: r.approved,
        approving: r.approving ? { writeId: BigInt(r.approving.id), status: r.approving.status } : null,
      }
    : undefined;
}

/** The unique indexes that keep a second settlement of a grant, or approval of a correction, out of the outbox. */
export const SETTLE_ONCE = { grant: "outbox_settles_grant_once", correction: "outbox_approves_correction_once" } as const;

/** Whether `error` is Postgres refusing a row that `constraint` allows only once. */
export function violates(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === "23505" && e.constraint === constraint;
}
