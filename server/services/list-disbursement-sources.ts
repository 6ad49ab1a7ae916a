import { z } from "zod";
import { donorCommitment, maskCommitment } from "../domain/commitments.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { decodeCursor, toPage, type Page } from "../domain/page-cursor.ts";
import type { Principal } from "../domain/principal.ts";
import { CHANNELS, PURPOSES, type Channel, type Purpose } from "../domain/schemas.ts";
import type { ChainRef } from "../domain/trace.ts";
import { parseTrackingCode, TRACKING_CODE_PROBLEMS } from "../domain/tracking-code.ts";
import type { Db, Prisma } from "../db/prisma.ts";
import { readConsistent } from "../db/read-consistent.ts";

/** An organisation's campaign, as every read names it. */
export interface Place {
  organisation: { id: string; name: string };
  campaign: { id: string; title: string };
}

/** Where the money of one source came from: a gift, or an auditor-approved positive correction. */
export type SourceOrigin =
  | (Place & {
      kind: "donation";
      recordId: string;
      /** The whole gift; `Source.amount` is the part of it this disbursement took. */
      amount: string;
      at: string;
      channel: Channel;
      /** The donor commitment, masked: a donor recognises their own with `?trackingCode=`. */
      donor: string;
      chain: ChainRef;
    })
  | (Place & { kind: "correction"; recordId: string; correctionId: string; amount: string; at: string; chain: ChainRef })
  /** Only if the mirror's allocation names an origin it does not hold (verify reports that). */
  | { kind: "unknown"; recordId: string };

export interface DisbursementSource {
  /** What this origin paid of the disbursement (first in, first out). */
  amount: string;
  /** How many grants the money crossed to reach the paying campaign (0: given to it directly). */
  hop: number;
  /** The campaigns the money passed through, from where it was given to the one that paid (hop + 1 places). */
  path: Place[];
  origin: SourceOrigin;
  /** Present only when a tracking code was given: whether this is that donor's gift. */
  yours?: boolean;
}

export interface DisbursementSources {
  disbursement: Place & {
    recordId: string;
    amount: string;
    currency: string;
    at: string;
    purpose: Purpose;
    evidenceSha256: string;
    /** The recipient as the chain shows it: a keyed commitment. */
    recipientCommitment: string;
    confirmed: boolean;
    confirmedBlock: string | null;
    chain: ChainRef & { blockTime: string };
    /** Regulators and the paying organisation only; null when the mirror holds no reference for it. */
    recipientReference?: string | null;
    /** Regulators only: what the ledger says about how the payment is evidenced and attested. */
    evidence?: { sha256: string; authorisedBy: string; payee: string | null; confirmer: string | null; confirmedBy: string | null };
  };
  /** Over all sources, not one page: their number and sum, and whether the sum is the disbursement's amount. */
  totals: { sources: number; amount: string; consistent: boolean };
  sources: Page<DisbursementSource>;
  asOfBlock: string | null;
}

/** A page position: the last slice index served. */
const ZSourcesCursor = z.strictObject({ after: z.int().min(0) });

interface HeaderRow {
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

interface PlaceJson {
  campaignId: string;
  title: string;
  organisationId: string;
  name: string;
}

interface SourceRow {
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
 * Which gifts paid for a disbursement, read from the allocation the indexer keeps (lots and slices,
 * server/domain/lots.ts): the disbursement's slices in first-in-first-out order, each with the gift
 * it came from, how many grants it crossed and through which campaigns. Three statements on one
 * snapshot whatever the size of the ledger: the cursor, the disbursement with its totals, and one
 * page of sources, every row reached by primary key or index. Donors appear only as a masked
 * commitment; a tracking code marks its own gift and reveals nothing about the others. The plain
 * recipient reference is for regulators and the paying organisation, evidence details for regulators.
 */
export async function listDisbursementSources(options: {
  db: Db;
  recordId: bigint;
  limit: number;
  cursor?: string;
  trackingCode?: string;
  /** Absent for the public. */
  principal?: Principal;
}): Promise<DisbursementSources> {
  const after = options.cursor === undefined ? -1 : decodeCursor(ZSourcesCursor, options.cursor).after;
  let commitment: string | null = null;
  if (options.trackingCode !== undefined) {
    const parsed = parseTrackingCode(options.trackingCode);
    if (!parsed.ok) {
      throw new AppError(AppErrorCode.InvalidRequest, "That is not a valid tracking code.", {
        errors: [{ field: "trackingCode", reason: TRACKING_CODE_PROBLEMS[parsed.reason] }],
      });
    }
    commitment = donorCommitment(parsed.code);
  }
  const id = options.recordId.toString();

  const { result, asOfBlock } = await readConsistent(options.db, async (tx) => {
    const header = await readHeader(tx, id, commitment);
    if (!header) {
      throw new AppError(AppErrorCode.NotFound, `No disbursement ${id} is on the ledger (as far as the mirror has read).`, {
        errors: [{ field: "recordId", reason: "unknown disbursement" }],
      });
    }
    return { header, rows: await readSources(tx, id, after, options.limit + 1) };
  });
  const { header, rows } = result;

  const principal = options.principal;
  const regulator = principal?.role === "regulator";
  const ownOrganisation = principal?.role === "charity" && principal.organisationId?.toString() === header.org_id;
  const chainOf = (blockNumber: string, txHash: string, logIndex: number) => ({ blockNumber, txHash, logIndex });

  const sources = toPage(
    rows,
    options.limit,
    (row): DisbursementSource => {
      const origin = originOf(row);
      return {
        amount: row.amount,
        hop: row.hop,
        path: row.path.map(placeOf),
        origin,
        ...(commitment !== null ? { yours: origin.kind === "donation" && origin.recordId === header.yours_id } : {}),
      };
    },
    (row) => ({ after: row.idx }),
  );

  return {
    disbursement: {
      recordId: header.record_id,
      amount: header.amount,
      currency: header.currency,
      at: header.block_time.toISOString(),
      organisation: { id: header.org_id, name: header.org_name },
      campaign: { id: header.campaign_id, title: header.title },
      purpose: PURPOSES[header.purpose]!,
      evidenceSha256: header.evidence_hash,
      recipientCommitment: header.recipient_commitment,
      confirmed: header.confirmed_block !== null,
      confirmedBlock: header.confirmed_block,
      chain: { ...chainOf(header.block_number, header.tx_hash, header.log_index), blockTime: header.block_time.toISOString() },
      ...(regulator || ownOrganisation ? { recipientReference: header.reference } : {}),
      ...(regulator
        ? {
            evidence: {
              sha256: header.evidence_hash,
              authorisedBy: header.authorised_by,
              payee: header.payee,
              confirmer: header.confirmer,
              confirmedBy: header.confirmed_by,
            },
          }
        : {}),
    },
    totals: { sources: header.sources, amount: header.taken, consistent: header.taken === header.amount },
    sources,
    asOfBlock,
  };

  function originOf(row: SourceRow): SourceOrigin {
    const place = row.origin_place ? placeOf(row.origin_place) : undefined;
    if (row.d_amount !== null && place) {
      return {
        kind: "donation",
        recordId: row.origin,
        amount: row.d_amount,
        at: row.d_time!.toISOString(),
        channel: CHANNELS[row.d_channel!]!,
        donor: maskCommitment(row.d_commitment!),
        ...place,
        chain: chainOf(row.d_block!, row.d_tx!, row.d_log!),
      };
    }
    if (row.a_amount !== null && place) {
      return {
        kind: "correction",
        recordId: row.origin,
        correctionId: row.a_correction!,
        amount: row.a_amount,
        at: row.a_time!.toISOString(),
        ...place,
        chain: chainOf(row.a_block!, row.a_tx!, row.a_log!),
      };
    }
    return { kind: "unknown", recordId: row.origin };
  }
}

function placeOf(p: PlaceJson): Place {
  return { organisation: { id: p.organisationId, name: p.name }, campaign: { id: p.campaignId, title: p.title } };
}

/**
 * The disbursement by its primary key, with its campaign and organisation, the count and sum of its
 * slices (a range of the slice primary key), the recipient reference behind its commitment (primary
 * key; the caller decides who sees it) and, given a donor commitment, the first gift that carries it
 * (commitments are public, so a later record could copy one: the first is the gift, as in the trace).
 */
async function readHeader(tx: Prisma.TransactionClient, id: string, commitment: string | null): Promise<HeaderRow | undefined> {
  const rows = await tx.$queryRaw<HeaderRow[]>`
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
