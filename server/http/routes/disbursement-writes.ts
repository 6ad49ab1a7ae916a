import express, { Router, type RequestHandler } from "express";
import { z } from "zod";
import { ZConfirmDisbursementRequest, ZRecordDisbursementBatchRequest } from "../../domain/disbursement-requests.ts";
import { LIMITS, ZIdempotencyKey, ZIdText } from "../../domain/schemas.ts";
import { confirmDisbursement } from "../../services/confirm-disbursement.ts";
import { recordDisbursementBatch } from "../../services/record-disbursement-batch.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { problemResponses, type RouteOperations } from "../schemas.ts";
import { answerAccepted, answerAcceptedBatch, batchWriteOperation, writeOperation, ZAcceptedWriteResponse } from "./writes.ts";

const JSON_TYPES = ["application/json", "application/*+json"];

/**
 * A batch of 500 disbursements is larger than the 64 kB every other JSON body may be (each carries
 * a 64-hex-digit evidence hash), so these routes are mounted before the app's JSON parser and read
 * their bodies themselves, only once the client is known.
 */
const batchBody = express.json({ limit: "256kb", type: JSON_TYPES });
const smallBody = express.json({ limit: "1kb", type: JSON_TYPES });

/** Disbursement batches and delivery confirmations. `auth` is authenticate() (with the per-client write limit). */
export function disbursementWriteRoutes(deps: AppDeps, auth: RequestHandler): Router {
  const router = Router();

  router.post("/api/v1/disbursements/batch", auth, batchBody, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZRecordDisbursementBatchRequest, req.body);
    const accepted = await recordDisbursementBatch({
      outbox: deps.outbox,
      secrets: deps.secrets,
      confirmers: { orgSigners: deps.orgSigners, disbursements: deps.disbursements },
      principal: req.principal!,
      idempotencyKey,
      request,
    });
    answerAcceptedBatch(req, res, deps, accepted);
  });

  router.post("/api/v1/disbursements/:recordId/confirmation", auth, smallBody, async (req, res) => {
    const recordId = parseOrThrow(ZIdText, req.params.recordId, { path: "recordId" });
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    parseOrThrow(ZConfirmDisbursementRequest, req.body ?? {});
    const accepted = await confirmDisbursement({
      outbox: deps.outbox,
      secrets: deps.secrets,
      orgSigners: deps.orgSigners,
      disbursements: deps.disbursements,
      principal: req.principal!,
      idempotencyKey,
      recordId,
    });
    answerAccepted(req, res, deps, accepted);
  });

  return router;
}

/** Each disbursement of the batch, in the order sent, as its own write. */
export const ZAcceptedDisbursementBatchResponse = z.object({ writes: z.array(ZAcceptedWriteResponse) });

const confirmation = writeOperation(
  "confirmDisbursement",
  "Confirm that a disbursement arrived",
  "The parcel's \"delivered and signed\", once per disbursement, sent to the ledger's confirmDisbursement. A regulator's client confirms as an auditor (with the server's auditor key); a charity's client confirms with its organisation's own key, which must be the confirmer the disbursement named (`confirmerOrganisationId` when it was recorded). If that organisation's key was rotated since, only an auditor can confirm it. Refused at once: 404 when the mirror has no such disbursement, 409 when it is confirmed already or a confirmation is on its way, 403 for any other caller. The write makes no record: its status shows the DisbursementConfirmed event, `recordId` null.",
  ZConfirmDisbursementRequest,
  [400, 401, 403, 404, 409, 422, 429],
);

export const disbursementWriteOperations: RouteOperations = {
  "/api/v1/disbursements/batch": {
    post: batchWriteOperation(
      "recordDisbursementBatch",
      "Record up to 500 disbursements in one request",
      `All accepted or none (at most ${LIMITS.batchSize}), from one or several of the organisation's campaigns; each item as POST /api/v1/disbursements takes it, each its own write with its own status URL. A batch that together asks more of a campaign than it can pay is refused with 409, naming the first item that does not fit (\`disbursements[i].amount\`).`,
      ZRecordDisbursementBatchRequest,
      { what: "disbursement", schema: ZAcceptedDisbursementBatchResponse },
    ),
  },
  "/api/v1/disbursements/{recordId}/confirmation": {
    post: {
      ...confirmation,
      requestParams: { ...confirmation.requestParams, path: z.object({ recordId: ZIdText.meta({ description: "The disbursement's record id (its write's `recordId`)." }) }) },
      requestBody: { required: false, content: confirmation.requestBody.content },
    },
  },
};
