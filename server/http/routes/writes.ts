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
} from "../../domain/schemas.ts";
import { WRITE_KIND_NAMES } from "../../domain/writes/registry.ts";
import type { AcceptedWrite } from "../../services/accept-write.ts";
import { eraseDonor } from "../../services/erase-donor.ts";
import { getWriteStatus, type WriteStatusView } from "../../services/get-write-status.ts";
import { recordDisbursement } from "../../services/record-disbursement.ts";
import { recordDonation } from "../../services/record-donation.ts";
import { recordDonationBatch } from "../../services/record-donation-batch.ts";
import { relaySignedWrite } from "../../services/relay-signed-write.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { BEARER, json, problemResponses, ZIdString, ZTxHash, type Agrees, type RouteOperations, type SameShape } from "../schemas.ts";

/** `auth` is authenticate(): it also applies the per-client write limit. */
export function writeRoutes(deps: AppDeps, auth: RequestHandler): Router {
  const router = Router();

  router.post(
    "/api/v1/donations",
    auth,
    writeHandler(deps, (req, idempotencyKey) =>
      recordDonation({ outbox: deps.outbox, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request: parseOrThrow(ZRecordDonationRequest, req.body) }),
    ),
  );

  // Up to 500 donations, all accepted or none; each its own write with its own tracking code.
  router.post("/api/v1/donations/batch", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZRecordDonationBatchRequest, req.body);
    const accepted = await recordDonationBatch({ outbox: deps.outbox, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    answerAcceptedBatch(req, res, deps, accepted);
  });

  router.post("/api/v1/disbursements", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZRecordDisbursementRequest, req.body);
    const accepted = await recordDisbursement({
      outbox: deps.outbox,
      secrets: deps.secrets,
      confirmers: { orgSigners: deps.orgSigners, disbursements: deps.disbursements },
      principal: req.principal!,
      idempotencyKey,
      request,
    });
    answerAccepted(req, res, deps, accepted);
  });

  // A write the organisation signed with its own key; the server only relays it.
  router.post("/api/v1/relay", auth, async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    const request = parseOrThrow(ZRelayRequest, req.body);
    const accepted = await relaySignedWrite({
      organisations: deps.organisations,
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
 * A write route's handler: the Idempotency-Key read, the service given it, and its write answered
 * with 202. Only what differs between write routes (the body, the path, the service) is left to each.
 */
export function writeHandler(deps: AppDeps, accept: (req: Request, idempotencyKey: string) => Promise<AcceptedWrite>): RequestHandler {
  return async (req, res) => {
    const idempotencyKey = parseOrThrow(ZIdempotencyKey, req.get("idempotency-key"), { header: "Idempotency-Key" });
    answerAccepted(req, res, deps, await accept(req, idempotencyKey));
  };
}

/**
 * 202 with the write's id and where to follow it. A retry with the same key and body gets the same
 * status code and body as the first answer (a new write is always "pending" then), with
 * `Idempotent-Replayed: true` and the write's status now in `Write-Status`.
 */
export function answerAccepted(req: Request, res: Response, deps: AppDeps, accepted: AcceptedWrite): void {
  if (!accepted.replayed) deps.onWriteAccepted();
  const body = acceptedBody(baseUrl(req, deps), accepted);
  res.status(202).location(body.statusUrl).set("Idempotent-Replayed", String(accepted.replayed)).set("Write-Status", accepted.status).json(body);
}

/** 202 with each write of a batch, in the order sent. A retry gets the first answer again; each write's status now is at its statusUrl. */
export function answerAcceptedBatch(req: Request, res: Response, deps: AppDeps, accepted: AcceptedWrite[]): void {
  const replayed = accepted[0]!.replayed;
  if (!replayed) deps.onWriteAccepted();
  const base = baseUrl(req, deps);
  const body: TAcceptedDonationBatchResponse = { writes: accepted.map((write) => acceptedBody(base, write)) };
  res.status(202).set("Idempotent-Replayed", String(replayed)).json(body);
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

/** Where absolute links in answers point: PUBLIC_URL, or the address the server listens on; never the request's Host. */
export function baseUrl(_req: Request, deps: AppDeps): string {
  return deps.publicUrl;
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

export const ZIdempotencyHeaders = z.object({
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

export function writeOperation(operationId: string, summary: string, description: string, body: z.ZodType, statuses: Parameters<typeof problemResponses>) {
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

/** A write of many records in one request: each its own write, all accepted or none. */
export function batchWriteOperation(operationId: string, summary: string, description: string, body: z.ZodType, answer: { what: string; schema: z.ZodType }) {
  const statuses = [400, 401, 403, 404, 409, 422, 429] as const;
  return {
    ...writeOperation(operationId, summary, description, body, [...statuses]),
    responses: {
      "202": {
        description: `Accepted: every ${answer.what} stored in the outbox and on its way to the chain.`,
        headers: z.object({ "idempotent-replayed": z.enum(["true", "false"]).meta({ description: "true when this answers a retry of an earlier request." }) }),
        content: { "application/json": { schema: answer.schema } },
      },
      ...problemResponses(...statuses),
    },
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
    post: batchWriteOperation(
      "recordDonationBatch",
      "Record up to 500 donations in one request",
      `All accepted or none (at most ${LIMITS.batchSize}); each donation is its own write with its own tracking code and status URL.`,
      ZRecordDonationBatchRequest,
      { what: "donation", schema: ZAcceptedDonationBatchResponse },
    ),
  },
  "/api/v1/disbursements": {
    post: writeOperation(
      "recordDisbursement",
      "Record a disbursement",
      `Money out of a campaign to a recipient. Purposes: ${PURPOSES.join(", ")}. \`confirmerOrganisationId\` (optional) names the recipient organisation: its key on this server now becomes the disbursement's on-chain confirmer, so its own client can confirm delivery (POST /api/v1/disbursements/{recordId}/confirmation); never the paying organisation itself. \`recipientRef\` is the charity's own reference for the recipient (up to 31 printable ASCII characters), kept off-chain; \`evidenceSha256\` is the SHA-256 of the invoice, receipt or photo, as 64 hex characters: the \`sha256\` that POST /api/v1/evidence answered for the file. Any hash is taken (the file may be uploaded later); only the hash goes on-chain.`,
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
