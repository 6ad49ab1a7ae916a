import type { Db, Prisma } from "./prisma.ts";
import { readConsistent } from "./read-consistent.ts";

/**
 * The reads behind a disbursement's sources (services/list-disbursement-sources.ts): the
 * disbursement with its totals, then one page of its slices followed back to their gifts, both on
 * one snapshot of the mirror. Rows as Postgres gives them; the service decides who sees what.
 */
export interface DisbursementSourceStore {
  /** Undefined `result` when the mirror holds no such disbursement. `commitment` marks a donor's own gift. */
  read(query: { recordId: string; commitment: string | null; after: number; take: number }): Promise<{
    result: { header: SourceHeaderRow; rows: SourceRow[] } | undefined;
    asOfBlock: string | null;
  }>;
}

export function createDisbursementSourceStore(db: Db): DisbursementSourceStore {
  return {
    read: ({ recordId, commitment, after, take }) =>
      readConsistent(db, async (tx) => {
        const header = await readHeader(tx, recordId, commitment);
        return header ? { header, rows: await readSources(tx, recordId, after, take) } : undefined;
      }),
  };
}

export interface SourceHeaderRow {
  record_id: string;
  amount: string;
  purpose: number;
  evidence_hash: string;
  recipient_commitment: string;
  payee: string | null;
  confirmer: string | null;
  confirmed_block: string | null;
  confirmed_by: string | null;
  authorised_by: string;
  block_number: string;
  block_time: Date;
  tx_hash: string;
  log_index: number;
  campaign_id: string;
  title: string;
  currency: string;
  org_id: string;
  org_name: string;
  sources: number;
  taken: string;
  reference: string | null;
  yours_id: string | null;
}

export interface PlaceJson {
  campaignId: string;
  title: string;
  organisationId: string;
  name: string;
}

export interface SourceRow {
  idx: number;
  amount: string;
  origin: string;
  hop: number;
  path: PlaceJson[];
  origin_place: PlaceJson | null;
  d_amount: string | null;
  d_channel: number | null;
  d_commitment: string | null;
  d_block: string | null;
  d_time: Date | null;
  d_tx: string | null;
  d_log: number | null;
  a_correction: string | null;
  a_amount: string | null;
  a_block: string | null;
  a_time: Date | null;
  a_tx: string | null;
  a_log: number | null;
}

/**
 * The disbursement by its primary key, with its campaign and organisation, the count and sum of its
 * slices (a range of the slice primary key), the recipient reference behind its commitment (primary
 * key; the caller decides who sees it) and, given a donor commitment, the first gift that carries it
 * (commitments are public, so a later record could copy one: the first is the gift, as in the trace).
 */
async function readHeader(tx: Prisma.TransactionClient, id: string, commitment: string | null): Promise<SourceHeaderRow | undefined> {
  const rows = await tx.$queryRaw<SourceHeaderRow[]>`
    SELECT d.record_id::text AS record_id, d.amount::text AS amount, d.purpose, d.evidence_hash, d.recipient_commitment,
           d.payee, d.confirmer, d.confirmed_block::text AS confirmed_block, d.confirmed_by, d.authorised_by,
           d.block_number::text AS block_number, d.block_time, d.tx_hash, d.log_index,
           c.id::text AS campaign_id, c.title, c.currency, o.id::text AS org_id, o.name AS org_name,
           t.sources, t.taken, rr.reference,
           (SELECT min(record_id)::text FROM donation WHERE donor_commitment = ${commitment}::text) AS yours_id
      FROM disbursement d
      JOIN campaign c ON c.id = d.campaign_id
      JOIN organisation o ON o.id = c.org_id
      CROSS JOIN LATERAL (SELECT count(*)::int AS sources, coalesce(sum(s.amount), 0)::text AS taken FROM slice s WHERE s.movement = d.record_id) t
      LEFT JOIN recipient_reference rr ON rr.org_id = c.org_id AND rr.commitment = d.recipient_commitment
     WHERE d.record_id = ${id}::numeric`;
  return rows[0];
}

/**
 * One page of the disbursement's slices (primary key range), each followed back to where its money
 * was given: the lot a slice took from, and while that lot was carried in by a grant, the grant's
 * slice and the lot it took from, one hop further (all primary keys). The walk is as long as the
 * hops, so a page costs its size times the hops, never the size of a campaign.
 */
async function readSources(tx: Prisma.TransactionClient, id: string, after: number, take: number): Promise<SourceRow[]> {
  return tx.$queryRaw<SourceRow[]>`
    WITH RECURSIVE page AS (
      SELECT s.idx, s.amount, s.origin, s.lot_record, s.lot_idx
        FROM slice s
       WHERE s.movement = ${id}::numeric AND s.idx > ${after}::int
       ORDER BY s.idx
       LIMIT ${take}::int
    ), walk AS (
      SELECT p.idx AS source, l.campaign_id, l.from_movement, l.from_idx, 0 AS hop, ARRAY[l.campaign_id] AS path
        FROM page p JOIN lot l ON l.record = p.lot_record AND l.idx = p.lot_idx
      UNION ALL
      SELECT w.source, l.campaign_id, l.from_movement, l.from_idx, w.hop + 1, l.campaign_id || w.path
        FROM walk w
        JOIN slice g ON g.movement = w.from_movement AND g.idx = w.from_idx
        JOIN lot l ON l.record = g.lot_record AND l.idx = g.lot_idx
    ), reached AS (
      SELECT DISTINCT ON (source) source, hop, path FROM walk ORDER BY source, hop DESC
    )
    SELECT p.idx, p.amount::text AS amount, p.origin::text AS origin,
           coalesce(r.hop, 0) AS hop,
           coalesce((
             SELECT json_agg(json_build_object('campaignId', c.id::text, 'title', c.title, 'organisationId', o.id::text, 'name', o.name) ORDER BY u.n)
               FROM unnest(r.path) WITH ORDINALITY AS u(campaign_id, n)
               JOIN campaign c ON c.id = u.campaign_id
               JOIN organisation o ON o.id = c.org_id
           ), '[]'::json) AS path,
           (SELECT json_build_object('campaignId', c.id::text, 'title', c.title, 'organisationId', o.id::text, 'name', o.name)
              FROM campaign c JOIN organisation o ON o.id = c.org_id
             WHERE c.id = coalesce(d.campaign_id, a.campaign_id)) AS origin_place,
           d.amount::text AS d_amount, d.channel::int AS d_channel, d.donor_commitment AS d_commitment,
           d.block_number::text AS d_block, d.block_time AS d_time, d.tx_hash AS d_tx, d.log_index AS d_log,
           a.correction_id::text AS a_correction, a.amount::text AS a_amount,
           a.block_number::text AS a_block, a.block_time AS a_time, a.tx_hash AS a_tx, a.log_index AS a_log
      FROM page p
      LEFT JOIN reached r ON r.source = p.idx
      LEFT JOIN donation d ON d.record_id = p.origin
      LEFT JOIN correction_approval a ON a.record_id = p.origin
     ORDER BY p.idx`;
}
