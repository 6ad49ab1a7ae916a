import type { ExportReads, ExportStore } from "../db/exports.ts";
import { chunked, CSV_BOM, csvLine } from "../domain/csv.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { exportFilename, exportPeriod, RECORD_CSV_HEADER, recordCsvFields } from "../domain/record-export.ts";

/** What the caller is given to send: the file's name and block, and its text as it is read. */
export interface ExportFile {
  filename: string;
  asOfBlock: string | null;
}

/** Sends an export: called once, before any row is read, so an unknown id or a bad period is refused before the first byte. */
export type SendExport = (file: ExportFile, body: AsyncIterable<string>) => Promise<void>;

/**
 * Every record of an organisation (all its campaigns) or of one campaign, over a period of days,
 * as CSV: one row per ledger event with its block, transaction and log index, amounts as integer
 * minor units, only public fields (commitments, never plain references). Rows are read from one
 * snapshot of the mirror and handed to `send` as they come; `send` resolves when the file is out.
 */
export async function exportRecordsCsv(options: {
  exports: ExportStore;
  scope: { organisationId: bigint } | { campaignId: bigint };
  from?: string | undefined;
  to?: string | undefined;
  send: SendExport;
}): Promise<void> {
  const period = exportPeriod(options);
  await options.exports.inSnapshot(async (reads) => {
    const campaignIds = await campaignsInScope(reads, options.scope);
    const scope = "organisationId" in options.scope ? { organisation: options.scope.organisationId.toString() } : { campaign: options.scope.campaignId.toString() };
    await options.send({ filename: exportFilename(scope, "records", period, "csv"), asOfBlock: reads.asOfBlock }, chunked(lines(reads, campaignIds, period)));
  });
}

async function campaignsInScope(reads: ExportReads, scope: { organisationId: bigint } | { campaignId: bigint }): Promise<string[]> {
  if ("campaignId" in scope) {
    const campaign = await reads.campaign(scope.campaignId);
    if (!campaign) throw new AppError(AppErrorCode.NotFound, `No campaign ${scope.campaignId} is in the ledger.`, { errors: [{ field: "id", reason: "unknown campaign" }] });
    return [campaign.id];
  }
  const organisation = await reads.organisation(scope.organisationId);
  if (!organisation) throw new AppError(AppErrorCode.NotFound, `No organisation ${scope.organisationId} is in the ledger.`, { errors: [{ field: "id", reason: "unknown organisation" }] });
  return reads.campaignIds(scope.organisationId);
}

async function* lines(reads: ExportReads, campaignIds: string[], period: { start: string | null; end: string | null }): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(RECORD_CSV_HEADER);
  if (campaignIds.length === 0) return;
  for await (const row of reads.records({ campaignIds, start: period.start, end: period.end })) yield csvLine(recordCsvFields(row));
}
