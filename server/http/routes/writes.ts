import { Router, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import {
  CHANNELS,
  LIMITS,
  PURPOSES,
  ZIdempotencyKey,
  ZIdText,
  ZRecordDisbursementRequest,
  ZRecordDonationBatchRequest,
  ZRecordDonationRequest,
  ZRelayRequest,
  ZAcknowledgeGrantRequest,
  ZApproveCorrectionRequest,
  ZCorrectRecordRequest,
  ZMakeGrantRequest,
  ZRefundDonationRequest,
  ZRefuseGrantRequest,
} from "../../domain/schemas.ts";
import { WRITE_KIND_NAMES } from "../../domain/writes/registry.ts";
import type { AcceptedWrite } from "../../services/accept-write.ts";
import { eraseDonor } from "../../services/erase-donor.ts";
import { getWriteStatus, type WriteStatusView } from "../../services/get-write-status.ts";
import { recordDisbursement } from "../../services/record-disbursement.ts";
import { recordDonation } from "../../services/record-donation.ts";
import { recordDonationBatch } from "../../services/record-donation-batch.ts";
import { relaySignedWrite } from "../../services/relay-signed-write.ts";
import { acknowledgeGrant } from "../../services/acknowledge-grant.ts";
import { approveCorrection } from "../../services/approve-correction.ts";
import { correctRecord } from "../../services/correct-record.ts";
import { makeGrant } from "../../services/make-grant.ts";
import { refundDonation } from "../../services/refund-donation.ts";
import { refuseGrant } from "../../services/refuse-grant.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { BEARER, json, problemResponses, ZIdString, ZTxHash, type Agrees, type RouteOperations, type SameShape } from "../schemas.ts";

/** `auth` is authenticate(): it also applies the per-client write limit. */
export function writeRoutes(deps: AppDeps, auth: RequestHandler): Router {
  const router = Router();

  router.post("/api/v1/donations", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZRecordDonationRequest, req.body);
    const accepted = await recordDonation({ outbox: deps.outbox, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    answerAccepted(req, res, deps, accepted);
  });

  // Up to 500 donations, all accepted or none; each its own write with its own tracking code.
  router.post("/api/v1/donations/batch", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZRecordDonationBatchRequest, req.body);
    const accepted = await recordDonationBatch({ outbox: deps.outbox, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    const replayed = accepted[0]!.replayed;
    if (!replayed) deps.onWriteAccepted();
    const base = baseUrl(req, deps);
    // A retry gets the first answer again; each write's status now is at its statusUrl.
    const body: TAcceptedDonationBatchResponse = { writes: accepted.map((write) => acceptedBody(base, write)) };
    res.status(202).set("Idempotent-Replayed", String(replayed)).json(body);
  });

  router.post("/api/v1/disbursements", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZRecordDisbursementRequest, req.body);
    const accepted = await recordDisbursement({ outbox: deps.outbox, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    answerAccepted(req, res, deps, accepted);
  });

  // A write the organisation signed with its own key; the server only relays it.
  router.post("/api/v1/relay", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZRelayRequest, req.body);
    const accepted = await relaySignedWrite({
      db: deps.db,
      outbox: deps.outbox,
      secrets: deps.secrets,
      relay: deps.relay,
      ledgerAddress: deps.ledgerAddress,
      principal: req.principal!,
      idempotencyKey,
      request,
    });
    answerAccepted(req, res, deps, accepted);
  });

  router.post("/api/v1/grants", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZMakeGrantRequest, req.body);
    const accepted = await makeGrant({ outbox: deps.outbox, pool: deps.pool, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    answerAccepted(req, res, deps, accepted);
  });

  // The receiving organisation takes the grant in; the body, if any, is an empty object.
  router.post("/api/v1/grants/:grantId/acknowledgement", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const grantId = parseOrThrow(ZIdText, req.params.grantId, { path: "grantId" });
    parseOrThrow(ZAcknowledgeGrantRequest, req.body ?? {});
    const accepted = await acknowledgeGrant({ outbox: deps.outbox, pool: deps.pool, secrets: deps.secrets, principal: req.principal!, idempotencyKey, grantId });
    answerAccepted(req, res, deps, accepted);
  });

  // The receiver refuses a pending grant, or its sender withdraws it: the money goes back to the sender.
  router.post("/api/v1/grants/:grantId/refusal", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const grantId = parseOrThrow(ZIdText, req.params.grantId, { path: "grantId" });
    const request = parseOrThrow(ZRefuseGrantRequest, req.body ?? {});
    const accepted = await refuseGrant({ outbox: deps.outbox, pool: deps.pool, secrets: deps.secrets, principal: req.principal!, idempotencyKey, grantId, request });
    answerAccepted(req, res, deps, accepted);
  });

  router.post("/api/v1/refunds", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZRefundDonationRequest, req.body);
    const accepted = await refundDonation({ outbox: deps.outbox, pool: deps.pool, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    answerAccepted(req, res, deps, accepted);
  });

  router.post("/api/v1/corrections", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZCorrectRecordRequest, req.body);
    const accepted = await correctRecord({ outbox: deps.outbox, pool: deps.pool, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    answerAccepted(req, res, deps, accepted);
  });

  // A regulator's client vouches for a positive correction; the server's auditor key sends it.
  router.post("/api/v1/corrections/:correctionId/approval", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const correctionId = parseOrThrow(ZIdText, req.params.correctionId, { path: "correctionId" });
    parseOrThrow(ZApproveCorrectionRequest, req.body ?? {});
    const accepted = await approveCorrection({ outbox: deps.outbox, pool: deps.pool, secrets: deps.secrets, principal: req.principal!, idempotencyKey, correctionId });
    answerAccepted(req, res, deps, accepted);
  });

  // The donation's id is the id its write was accepted under (the `id` of the 202 answer).
  router.delete("/api/v1/donations/:id/donor", auth, async (req, res) => {
    const writeId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const result: TEraseDonorResponse = await eraseDonor({ outbox: deps.outbox, principal: req.principal!, writeId });
    res.set("Cache-Control", "no-store").json(result);
  });

  router.get("/api/v1/writes/:id", auth, async (req, res) => {
    const id = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const status: TWriteStatusResponse = await getWriteStatus({ outbox: deps.outbox, principal: req.principal!, id });
    res.json(status);
  });

  return router;
}

/**
 * 202 with the write's id and where to follow it. A retry with the same key and body gets the same
 * status code and body as the first answer (a new write is always "pending" then), with
 * `Idempotent-Replayed: true` and the write's status now in `Write-Status`.
 */
function answerAccepted(req: Request, res: Response, deps: AppDeps, accepted: AcceptedWrite): void {
  if (!accepted.replayed) deps.onWriteAccepted();
  const body = acceptedBody(baseUrl(req, deps), accepted);
  res.status(202).location(body.statusUrl).set("Idempotent-Replayed", String(accepted.replayed)).set("Write-Status", accepted.status).json(body);
}

/** What the first answer said of a write: it was pending then, whatever it is now. */
function acceptedBody(base: string, accepted: AcceptedWrite): TAcceptedWriteResponse {
  return {
    id: accepted.id.toString(),
    kind: accepted.kind,
    status: "pending" as const,
    statusUrl: `${base}/api/v1/writes/${accepted.id}`,
    ...(accepted.trackingCode ? { trackingCode: accepted.trackingCode, trackingUrl: `${base}/track/${accepted.trackingCode}` } : {}),
  };
}

/** Where absolute links in answers point: PUBLIC_URL, or the request's own host. */
export function baseUrl(req: Request, deps: AppDeps): string {
  return deps.publicUrl ?? `${req.protocol}://${req.get("host")}`;
}

const WRITE_STATUSES = ["pending", "submitted", "confirmed", "failed"] as const;

/** The answer to every accepted write: where to follow it. */
export const ZAcceptedWriteResponse = z
  .object({
    id: ZIdString.meta({ description: "The write's id in the outbox; a donation's id for DELETE /api/v1/donations/{id}/donor." }),
    kind: z.enum(WRITE_KIND_NAMES),
    status: z.literal("pending").meta({ description: "What the first answer said; a retry gets that answer again, with the status now in the Write-Status header." }),
    statusUrl: z.string().meta({ description: "Absolute: GET it (with the same token) to follow the write to the chain." }),
    trackingCode: z.string().optional().meta({ description: "A donation's tracking code, for the donor's receipt." }),
    trackingUrl: z.string().optional().meta({ description: "The donor's tracking page." }),
  })
  .meta({ id: "AcceptedWrite" });
export type TAcceptedWriteResponse = z.infer<typeof ZAcceptedWriteResponse>;

/** Each donation of the batch, in the order sent, as its own write with its own tracking code. */
export const ZAcceptedDonationBatchResponse = z.object({ writes: z.array(ZAcceptedWriteResponse) });
export type TAcceptedDonationBatchResponse = z.infer<typeof ZAcceptedDonationBatchResponse>;

export const ZWriteStatusResponse = z
  .object({
    id: ZIdString,
    kind: z.enum(WRITE_KIND_NAMES),
    status: z.enum(WRITE_STATUSES).meta({ description: "pending → submitted → confirmed, or failed with the contract's reason." }),
    recordId: ZIdString.nullable().meta({ description: "The record in the mirror, once it is there; null for a write that makes no record (a confirmation, a campaign change)." }),
    event: z
      .object({
        name: z.string().meta({ description: "The ledger event that proves the write landed, e.g. DonationRecorded, GrantAcknowledged, CampaignOpened." }),
        blockNumber: ZIdString,
        txHash: ZTxHash,
        logIndex: z.number().int(),
        args: z.record(z.string(), z.string()).meta({ description: "The event's arguments as the mirror holds them (a new campaign's id is args.campaignId)." }),
      })
      .nullable()
      .meta({ description: "Where the write landed, read from the mirror, once it is there." }),
    txHash: ZTxHash.nullable(),
    error: z
      .object({ error: z.string().meta({ description: "The contract's custom error." }), args: z.record(z.string(), z.string()), message: z.string() })
      .nullable()
      .meta({ description: "Why the ledger refused the write (status failed)." }),
    createdAt: z.string(),
    settledAt: z.string().nullable(),
  })
  .meta({ id: "WriteStatus" });
export type TWriteStatusResponse = z.infer<typeof ZWriteStatusResponse>;
type _WriteStatusAgrees = Agrees<SameShape<TWriteStatusResponse, WriteStatusView>>;

export const ZEraseDonorResponse = z.object({ erased: z.boolean().meta({ description: "false when there was no link left to erase." }) });
export type TEraseDonorResponse = z.infer<typeof ZEraseDonorResponse>;
type _EraseAgrees = Agrees<SameShape<TEraseDonorResponse, Awaited<ReturnType<typeof eraseDonor>>>>;

const ZIdempotencyHeaders = z.object({
  "idempotency-key": ZIdempotencyKey.meta({ description: "Your own key for this write: a retry with the same key and body is answered as the first time, and written once." }),
});

const acceptedResponse = {
  description: "Accepted: stored in the outbox and on its way to the chain.",
  headers: z.object({
    location: z.string().meta({ description: "The write's status URL." }),
    "idempotent-replayed": z.enum(["true", "false"]).meta({ description: "true when this answers a retry of an earlier request." }),
    "write-status": z.enum(WRITE_STATUSES).meta({ description: "The write's status now (for a retry, where it has got to since the first answer)." }),
  }),
  content: { "application/json": { schema: ZAcceptedWriteResponse } },
};

/** What every memo and reason is told: it stays off-chain, and it must not name anyone. */
const NOTE_TEXT = (field: string) =>
  `\`${field}\` (optional text, up to ${LIMITS.noteLength} characters) never goes on-chain: only its SHA-256 does, and the text is kept with the write on the server. It must not contain personal data (no names, ID numbers, phone numbers or addresses of donors or recipients); what looks like an ID or a mobile number is refused.`;

function writeOperation(operationId: string, summary: string, description: string, body: z.ZodType, statuses: Parameters<typeof problemResponses>) {
  return {
    operationId,
    tags: ["writes"],
    summary,
    description,
    security: BEARER,
    requestParams: { header: ZIdempotencyHeaders },
    requestBody: { required: true, content: { "application/json": { schema: body } } },
    responses: { "202": acceptedResponse, ...problemResponses(...statuses) },
  };
}

export const writeOperations: RouteOperations = {
  "/api/v1/donations": {
    post: writeOperation(
      "recordDonation",
      "Record a donation",
      `For the client's own organisation. Channels: ${CHANNELS.join(", ")}. The donor's identity never goes on-chain: the answer's tracking code is the donor's, and the ledger holds only a commitment to it.`,
      ZRecordDonationRequest,
      [400, 401, 403, 404, 409, 422, 429],
    ),
  },
  "/api/v1/donations/batch": {
    post: {
      ...writeOperation(
        "recordDonationBatch",
        "Record up to 500 donations in one request",
        `All accepted or none (at most ${LIMITS.batchSize}); each donation is its own write with its own tracking code and status URL.`,
        ZRecordDonationBatchRequest,
        [400, 401, 403, 404, 409, 422, 429],
      ),
      responses: {
        "202": {
          description: "Accepted: every donation stored in the outbox and on its way to the chain.",
          headers: z.object({ "idempotent-replayed": z.enum(["true", "false"]).meta({ description: "true when this answers a retry of an earlier request." }) }),
          content: { "application/json": { schema: ZAcceptedDonationBatchResponse } },
        },
        ...problemResponses(400, 401, 403, 404, 409, 422, 429),
      },
    },
  },
  "/api/v1/disbursements": {
    post: writeOperation(
      "recordDisbursement",
      "Record a disbursement",
      `Money out of a campaign to a recipient. Purposes: ${PURPOSES.join(", ")}. \`recipientRef\` is the charity's own reference for the recipient (up to 31 printable ASCII characters), kept off-chain; \`evidenceSha256\` is the SHA-256 of the invoice, receipt or photo, as 64 hex characters: the \`sha256\` that POST /api/v1/evidence answered for the file. Any hash is taken (the file may be uploaded later); only the hash goes on-chain.`,
      ZRecordDisbursementRequest,
      [400, 401, 403, 404, 409, 422, 429],
    ),
  },
  "/api/v1/relay": {
    post: writeOperation(
      "relaySignedWrite",
      "Relay a ledger call the organisation signed itself",
      "An EIP-712 ForwardRequest for the ledger's forwarder (domain DonationLedger, version 1, nonce forwarder.nonces(from)), signed with the organisation's own operator key; the server only pays the gas.",
      ZRelayRequest,
      [400, 401, 403, 422, 429, 503],
    ),
  },
  "/api/v1/grants": {
    post: writeOperation(
      "makeGrant",
      "Grant money to another organisation's campaign",
      `From a campaign of the client's own organisation to an open campaign of another organisation, in the same currency. The amount leaves the sending campaign at once (never more than it holds, counting writes on their way: 409 otherwise) and counts for the receiver once it acknowledges the grant; until then the receiver may refuse it, or the sender withdraw it. ${NOTE_TEXT("memo")} The grant's record id, for acknowledging or refusing it, is the \`recordId\` of the write's status once confirmed (proof event GrantMade).`,
      ZMakeGrantRequest,
      [400, 401, 403, 404, 409, 422, 429],
    ),
  },
  "/api/v1/grants/{grantId}/acknowledgement": {
    post: {
      ...writeOperation(
        "acknowledgeGrant",
        "Acknowledge a grant sent to your organisation",
        "By the receiving organisation's own client only (403 otherwise): the grant's amount then counts in its receiving campaign, which must be open (409 if closed). The grant must be in the mirror and still pending: 409 if it is already acknowledged or refused, or an acknowledgement or refusal of it was already accepted and has not failed. No body, or `{}`. Proof event GrantAcknowledged.",
        ZAcknowledgeGrantRequest,
        [400, 401, 403, 404, 409, 422, 429],
      ),
      requestParams: { header: ZIdempotencyHeaders, path: z.object({ grantId: ZIdText.meta({ description: "The grant's record id (its GrantMade event's recordId)." }) }) },
      requestBody: { required: false, content: { "application/json": { schema: ZAcknowledgeGrantRequest } } },
    },
  },
  "/api/v1/grants/{grantId}/refusal": {
    post: {
      ...writeOperation(
        "refuseGrant",
        "Refuse a grant sent to your organisation, or withdraw one it sent",
        `While the grant is pending: by the receiving organisation's client (a refusal) or the sending one's (a withdrawal); 403 for anyone else, 409 once it is settled or being settled. The amount goes back to the sending campaign. ${NOTE_TEXT("reason")} Proof event GrantRefused.`,
        ZRefuseGrantRequest,
        [400, 401, 403, 404, 409, 422, 429],
      ),
      requestParams: { header: ZIdempotencyHeaders, path: z.object({ grantId: ZIdText.meta({ description: "The grant's record id (its GrantMade event's recordId)." }) }) },
      requestBody: { required: false, content: { "application/json": { schema: ZRefuseGrantRequest } } },
    },
  },
  "/api/v1/refunds": {
    post: writeOperation(
      "refundDonation",
      "Refund (part of) a donation",
      `\`donationId\` is the donation's record id on the ledger (its write status's \`recordId\`), in \`campaignId\` of the client's own organisation. The amount leaves the campaign; it may be at most what is still refundable (the gift less its refunds, mirrored or on their way): 409 with \`refundable\` otherwise. ${NOTE_TEXT("reason")} Proof event DonationRefunded.`,
      ZRefundDonationRequest,
      [400, 401, 403, 404, 409, 422, 429],
    ),
  },
  "/api/v1/corrections": {
    post: writeOperation(
      "correctRecord",
      "Correct an earlier record of an attested campaign",
      `\`correctedId\` is a record in \`campaignId\` of the client's own organisation; \`delta\` a signed whole number of minor units as a string. A negative delta takes money out of the campaign's books at once (never more than it holds: 409); a positive one counts only once a regulator approves it (POST /api/v1/corrections/{correctionId}/approval). \`reason\` is required. ${NOTE_TEXT("reason")} Proof event RecordCorrected; the correction's id is its \`recordId\`.`,
      ZCorrectRecordRequest,
      [400, 401, 403, 404, 409, 422, 429],
    ),
  },
  "/api/v1/corrections/{correctionId}/approval": {
    post: {
      ...writeOperation(
        "approveCorrection",
        "Approve a positive correction (regulators)",
        "A regulator's client only (403 otherwise); the server's auditor key sends it. The correction must be in the mirror, positive, and neither approved nor being approved (409). Its amount then counts in its campaign. No body, or `{}`. Proof event CorrectionApproved.",
        ZApproveCorrectionRequest,
        [400, 401, 403, 404, 409, 422, 429],
      ),
      requestParams: { header: ZIdempotencyHeaders, path: z.object({ correctionId: ZIdText.meta({ description: "The correction's record id (its RecordCorrected event's recordId)." }) }) },
      requestBody: { required: false, content: { "application/json": { schema: ZApproveCorrectionRequest } } },
    },
  },
  "/api/v1/donations/{id}/donor": {
    delete: {
      operationId: "eraseDonor",
      tags: ["writes"],
      summary: "Erase the link between a donation and its donor",
      description: "The ledger and the trace are unchanged; the charity's donor reference is deleted. Erasing twice is not an error.",
      security: BEARER,
      requestParams: { path: z.object({ id: ZIdText.meta({ description: "The donation's write id (the `id` of its 202 answer)." }) }) },
      responses: { "200": json("The link is gone.", ZEraseDonorResponse), ...problemResponses(400, 401, 403, 404, 429) },
    },
  },
  "/api/v1/writes/{id}": {
    get: {
      operationId: "getWriteStatus",
      tags: ["writes"],
      summary: "Follow a write to the chain",
      description: "A charity sees only its own writes, a regulator all.",
      security: BEARER,
      requestParams: { path: z.object({ id: ZIdText }) },
      responses: { "200": json("The write's status.", ZWriteStatusResponse), ...problemResponses(400, 401, 404) },
    },
  },
};
