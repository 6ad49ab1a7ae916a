import { spreadsheetText } from "./csv.ts";
import { addDays } from "./ledger.ts";
import { AppError, AppErrorCode } from "./errors.ts";
import { moneyUnit } from "./money.ts";
import { CHANNELS, PURPOSES } from "./schemas.ts";

/**
 * One ledger record as an export lists it: every event the mirror holds about a campaign, with
 * where it came from on the chain. Only public data: commitments and hashes, never a donor's or a
 * recipient's plain reference (those stay off-chain and out of the mirror's public tables).
 */
export const RECORD_KINDS = [
  "campaign_opened",
  "campaign_target_changed",
  "campaign_closed",
  "donation",
  "grant_sent",
  "grant_received",
  "grant_acknowledged",
  "grant_refused",
  "disbursement",
  "disbursement_confirmed",
  "refund",
  "correction",
  "correction_approved",
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** A record as the database gives it: numbers that may exceed 2^53 as strings of digits. */
export interface LedgerRecordRow {
  /** The block's time, ISO 8601 in UTC ("2026-04-01T08:30:00Z"). */
  time: string;
  blockNumber: string;
  txHash: string;
  logIndex: number;
  kind: RecordKind;
  /** The record's id on the ledger; null for campaign events and confirmations, which make none. */
  recordId: string | null;
  /** What it refers to: the grant answered, the donation refunded, the record corrected, the correction approved, the disbursement confirmed. */
  relatedRecordId: string | null;
  /** The campaign of the exported organisation (or the exported campaign) that the record concerns. */
  campaignId: string;
  campaignTitle: string;
  /** What the campaign counts in (server/domain/money.ts moneyUnit). */
  asset: number;
  currency: string;
  token: string | null;
  /** For grants and their answers: the campaign at the other end, and its organisation. */
  counterpartyCampaignId: string | null;
  counterpartyOrganisationId: string | null;
  counterpartyOrganisationName: string | null;
  /** Minor units; signed for a correction (its delta). Null for records that move no money. */
  amount: string | null;
  /** The campaign's target for its opening and target changes, minor units (0: none). */
  target: string | null;
  channel: number | null;
  purpose: number | null;
  evidenceHash: string | null;
  recipientCommitment: string | null;
  /** SHA-256 of the off-chain memo or reason of a grant, refusal, refund or correction. */
  noteHash: string | null;
  balanceAfter: string | null;
  /** The key that authorised the record. */
  authorisedBy: string | null;
  /** The rules the mirror found the record breaking (record_flag), ";"-separated; null when none. */
  flags: string | null;
}

/** The CSV's columns, in order: each its header and how a record fills it. One description, so header and rows never disagree. */
export const RECORD_CSV_COLUMNS: readonly (readonly [header: string, value: (r: LedgerRecordRow) => string | null])[] = [
  ["time_utc", (r) => r.time],
  ["block_number", (r) => r.blockNumber],
  ["tx_hash", (r) => r.txHash],
  ["log_index", (r) => String(r.logIndex)],
  ["kind", (r) => r.kind],
  ["record_id", (r) => r.recordId],
  ["related_record_id", (r) => r.relatedRecordId],
  ["campaign_id", (r) => r.campaignId],
  ["campaign_title", (r) => spreadsheetText(r.campaignTitle)],
  ["counterparty_organisation_id", (r) => r.counterpartyOrganisationId],
  ["counterparty_organisation_name", (r) => spreadsheetText(r.counterpartyOrganisationName)],
  ["counterparty_campaign_id", (r) => r.counterpartyCampaignId],
  ["amount_minor_units", (r) => r.amount],
  ["currency", (r) => moneyUnit(r)],
  ["target_minor_units", (r) => r.target],
  ["channel", (r) => (r.channel === null ? null : (CHANNELS[r.channel] ?? `unknown:${r.channel}`))],
  ["purpose", (r) => (r.purpose === null ? null : (PURPOSES[r.purpose] ?? `unknown:${r.purpose}`))],
  ["evidence_sha256", (r) => r.evidenceHash],
  ["recipient_commitment", (r) => r.recipientCommitment],
  ["note_hash", (r) => r.noteHash],
  ["balance_after", (r) => r.balanceAfter],
  ["authorised_by", (r) => r.authorisedBy],
  ["flags", (r) => r.flags],
];

export const RECORD_CSV_HEADER: readonly string[] = RECORD_CSV_COLUMNS.map(([header]) => header);

/** A record's CSV fields, in RECORD_CSV_COLUMNS order. */
export function recordCsvFields(row: LedgerRecordRow): (string | null)[] {
  return RECORD_CSV_COLUMNS.map(([, value]) => value(row));
}

/** The days an export covers (inclusive, UTC) and the instants that bound them: [start, end). */
export interface ExportPeriod {
  from?: string;
  to?: string;
  /** The first instant included, or none. */
  start: string | null;
  /** The first instant after the period, or none. */
  end: string | null;
}

/** `from` and `to` as days (YYYY-MM-DD, validated by the request schema), either optional; a range that ends before it begins is refused. */
export function exportPeriod(asked: { from?: string | undefined; to?: string | undefined }): ExportPeriod {
  const { from, to } = asked;
  if (from !== undefined && to !== undefined && to < from) {
    throw new AppError(AppErrorCode.InvalidRequest, "The period ends before it begins.", { errors: [{ field: "to", reason: `must not be before from (${from})` }] });
  }
  return {
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    start: from !== undefined ? `${from}T00:00:00Z` : null,
    end: to !== undefined ? `${addDays(to, 1)}T00:00:00Z` : null,
  };
}

/** The download's file name: what, whose, and which days ("organisation-1-records-2026-01-01-to-2026-06-30.csv"). */
export function exportFilename(scope: { organisation: string } | { campaign: string }, what: string, period: { from?: string; to?: string }, extension: string): string {
  const owner = "organisation" in scope ? `organisation-${scope.organisation}` : `campaign-${scope.campaign}`;
  const days = period.from !== undefined || period.to !== undefined ? `-${period.from ?? "start"}-to-${period.to ?? "now"}` : "";
  return `${owner}-${what}${days}.${extension}`;
}
