import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Router, type Response } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import { AppError, AppErrorCode } from "../../domain/errors.ts";
import { ZDay, ZIdText } from "../../domain/schemas.ts";
import { exportIatiActivities } from "../../services/export-iati-activities.ts";
import { exportRecordsCsv, type ExportFile } from "../../services/export-records-csv.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { redactError } from "../redact.ts";
import { problemResponses, type RouteOperations } from "../schemas.ts";

/**
 * Exports sent at once by this process: each holds one database connection (its snapshot) until the
 * file is out, and the API's pool is shared with every other request, so a few slow downloads
 * must not take it all. Past this, a 503 with Retry-After.
 */
const MAX_EXPORTS_AT_ONCE = 3;

/** Public: every record as CSV (of an organisation or a campaign), and an organisation's IATI 2.03 activity file. Both streamed. */
export function exportRoutes(deps: AppDeps): Router {
  const router = Router();
  let running = 0;
  // Takes a slot for the whole export, or refuses with 503 before anything is read.
  const slot = async (res: Response, work: () => Promise<void>) => {
    if (running >= MAX_EXPORTS_AT_ONCE) {
      res.set("Retry-After", "5");
      throw new AppError(AppErrorCode.Unavailable, `${MAX_EXPORTS_AT_ONCE} exports are being sent already; try again in a few seconds.`);
    }
    running++;
    try {
      await work();
    } finally {
      running--;
    }
  };
  const send = (res: Response, type: string) => (file: ExportFile, body: AsyncIterable<string>) => sendExport(res, type, file, body, deps.logger);

  router.get("/api/v1/organisations/:id/records.csv", async (req, res) => {
    const organisationId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const query = parseOrThrow(ZExportQuery, req.query, { path: "query" });
    await slot(res, () => exportRecordsCsv({ exports: deps.exports, scope: { organisationId }, ...query, send: send(res, CSV_TYPE) }));
  });
  router.get("/api/v1/campaigns/:id/records.csv", async (req, res) => {
    const campaignId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const query = parseOrThrow(ZExportQuery, req.query, { path: "query" });
    await slot(res, () => exportRecordsCsv({ exports: deps.exports, scope: { campaignId }, ...query, send: send(res, CSV_TYPE) }));
  });
  router.get("/api/v1/organisations/:id/iati.xml", async (req, res) => {
    const organisationId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    parseOrThrow(z.strictObject({}), req.query, { path: "query" });
    await slot(res, () => exportIatiActivities({ exports: deps.exports, organisationId, ledgerAddress: deps.ledgerAddress, send: send(res, XML_TYPE) }));
  });
  return router;
}

const CSV_TYPE = "text/csv; charset=utf-8; header=present";
const XML_TYPE = "application/xml; charset=utf-8";

/**
 * Streams an export as it is read, the client's pace setting the database's (a cursor read waits
 * for the socket). Once the headers are out an error can no longer become a problem document: the
 * connection is cut instead, so the client sees a broken download, never a short file that looks whole.
 */
async function sendExport(res: Response, type: string, file: ExportFile, body: AsyncIterable<string>, logger: Logger): Promise<void> {
  res.status(200).set({
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${file.filename}"`,
    "Cache-Control": "no-store",
    ...(file.asOfBlock !== null ? { "X-As-Of-Block": file.asOfBlock } : {}),
  });
  try {
    await pipeline(Readable.from(body), res);
  } catch (error) {
    // The client going away mid-download is normal; anything else is worth a line in the log.
    if ((error as { code?: string }).code !== "ERR_STREAM_PREMATURE_CLOSE") logger.warn({ err: redactError(error), file: file.filename }, "export cut short");
    res.destroy();
  }
}

/** `from` and `to` are inclusive days (UTC), each optional: without them, from the first record to the newest. */
export const ZExportQuery = z.strictObject({
  from: ZDay.optional(),
  to: ZDay.optional(),
});
export type TExportQuery = z.infer<typeof ZExportQuery>;

const CSV_DESCRIPTION =
  "UTF-8 with a byte-order mark, RFC 4180 (CRLF, quoted fields), a header row. One row per ledger event about the campaigns in scope, in chain order: " +
  "time_utc, block_number, tx_hash, log_index, kind (campaign_opened, campaign_target_changed, campaign_closed, donation, grant_sent, grant_received, grant_acknowledged, " +
  "grant_refused, disbursement, disbursement_confirmed, refund, correction, correction_approved), record_id, related_record_id, campaign_id, campaign_title, " +
  "counterparty_organisation_id, counterparty_organisation_name, counterparty_campaign_id, amount_minor_units (integer digits; a correction's signed delta), currency, " +
  "target_minor_units, channel, purpose, evidence_sha256, recipient_commitment, note_hash, balance_after, authorised_by, flags (record_flag rules, `;`-separated). " +
  "`X-As-Of-Block` says up to which mirrored block it is current.";

const csvFile = (description: string) => ({
  description,
  headers: {
    "Content-Disposition": { description: "attachment; filename=…", schema: { type: "string" as const } },
    "X-As-Of-Block": { description: "The mirrored block the file is current to.", schema: { type: "string" as const } },
  },
  content: { "text/csv": { schema: { type: "string" as const, description: CSV_DESCRIPTION } } },
});

export const exportOperations: RouteOperations = {
  "/api/v1/organisations/{id}/records.csv": {
    get: {
      operationId: "exportOrganisationRecordsCsv",
      tags: ["public reads"],
      summary: "Every record of an organisation's campaigns over a period, as CSV",
      requestParams: { path: z.object({ id: ZIdText }), query: ZExportQuery },
      responses: { "200": csvFile("The records, streamed."), ...problemResponses(400, 404, 429, 503) },
    },
  },
  "/api/v1/campaigns/{id}/records.csv": {
    get: {
      operationId: "exportCampaignRecordsCsv",
      tags: ["public reads"],
      summary: "Every record of one campaign over a period, as CSV",
      requestParams: { path: z.object({ id: ZIdText }), query: ZExportQuery },
      responses: { "200": csvFile("The records, streamed."), ...problemResponses(400, 404, 429, 503) },
    },
  },
  "/api/v1/organisations/{id}/iati.xml": {
    get: {
      operationId: "exportOrganisationIati",
      tags: ["public reads"],
      summary: "An organisation's campaigns as IATI 2.03 activities (XML)",
      description:
        "One `iati-activity` per campaign, identified by the organisation's unified social credit code (`CN-USCI-…`) and the campaign id. Donations are summed per campaign, month and channel " +
        "as incoming funds (type 1) from masked individual donors; refunds are negative incoming funds; grants sent are disbursements (3, a refused one a negative 3), grants received incoming funds (1) " +
        "once acknowledged; disbursements are expenditure (4) with the purpose as a sector of vocabulary 99. Each single-record transaction's `ref` is its chain transaction hash. 404 when the " +
        "organisation is unknown, has no campaign, or its registration number is not a unified social credit code.",
      requestParams: { path: z.object({ id: ZIdText }) },
      responses: {
        "200": {
          description: "The IATI activity file, streamed; it validates against iati-activities-schema.xsd of version 2.03.",
          headers: {
            "Content-Disposition": { description: "attachment; filename=…", schema: { type: "string" } },
            "X-As-Of-Block": { description: "The mirrored block the file is current to.", schema: { type: "string" } },
          },
          content: { "application/xml": { schema: { type: "string", description: "An `iati-activities` document, version 2.03." } } },
        },
        ...problemResponses(400, 404, 429, 503),
      },
    },
  },
};
