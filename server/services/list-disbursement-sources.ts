import { z } from "zod";
import { donorCommitment, maskCommitment } from "../domain/commitments.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { decodeCursor, toPage, type Page } from "../domain/page-cursor.ts";
import type { AccessLogStore } from "../db/access-log.ts";
import type { Principal } from "../domain/principal.ts";
import { CHANNELS, PURPOSES, type Channel, type Purpose } from "../domain/schemas.ts";
import type { ChainRef } from "../domain/trace.ts";
import { parseTrackingCode, TRACKING_CODE_PROBLEMS } from "../domain/tracking-code.ts";
import type { DisbursementSourceStore, PlaceJson, SourceRow } from "../db/disbursement-sources.ts";
import { logRestrictedRead } from "./log-restricted-read.ts";

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
  sources: DisbursementSourceStore;
  recordId: bigint;
  limit: number;
  cursor?: string;
  trackingCode?: string;
  /** Absent for the public. */
  principal?: Principal;
  /** A regulator's reads of restricted detail are logged, with their purpose. */
  accessLog: AccessLogStore;
  purpose?: string;
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

  const { result, asOfBlock } = await options.sources.read({ recordId: id, commitment, after, take: options.limit + 1 });
  if (!result) {
    throw new AppError(AppErrorCode.NotFound, `No disbursement ${id} is on the ledger (as far as the mirror has read).`, {
      errors: [{ field: "recordId", reason: "unknown disbursement" }],
    });
  }
  const { header, rows } = result;

  const principal = options.principal;
  const regulator = principal?.role === "regulator";
  if (regulator) {
    const read = { resource: `disbursement:${id}:recipient-reference,evidence`, organisationId: BigInt(header.org_id) };
    await logRestrictedRead({ accessLog: options.accessLog, principal, purpose: options.purpose, read });
  }
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
