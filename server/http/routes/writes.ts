import { Router, type Request, type RequestHandler, type Response } from "express";
import { ZIdempotencyKey, ZIdText, ZRecordDisbursementRequest, ZRecordDonationBatchRequest, ZRecordDonationRequest, ZRelayRequest } from "../../domain/schemas.ts";
import type { AcceptedWrite } from "../../services/accept-write.ts";
import { eraseDonor } from "../../services/erase-donor.ts";
import { getWriteStatus } from "../../services/get-write-status.ts";
import { recordDisbursement } from "../../services/record-disbursement.ts";
import { recordDonation } from "../../services/record-donation.ts";
import { recordDonationBatch } from "../../services/record-donation-batch.ts";
import { relaySignedWrite } from "../../services/relay-signed-write.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";

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
    res
      .status(202)
      .set("Idempotent-Replayed", String(replayed))
      .json({ writes: accepted.map((write) => acceptedBody(base, write)) });
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

  // The donation's id is the id its write was accepted under (the `id` of the 202 answer).
  router.delete("/api/v1/donations/:id/donor", auth, async (req, res) => {
    const writeId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const result = await eraseDonor({ db: deps.db, principal: req.principal!, writeId });
    res.set("Cache-Control", "no-store").json(result);
  });

  router.get("/api/v1/writes/:id", auth, async (req, res) => {
    const id = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    res.json(await getWriteStatus({ db: deps.db, principal: req.principal!, id }));
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
function acceptedBody(base: string, accepted: AcceptedWrite) {
  return {
    id: accepted.id.toString(),
    kind: accepted.kind,
    status: "pending" as const,
    statusUrl: `${base}/api/v1/writes/${accepted.id}`,
    ...(accepted.trackingCode ? { trackingCode: accepted.trackingCode, trackingUrl: `${base}/track/${accepted.trackingCode}` } : {}),
  };
}

function baseUrl(req: Request, deps: AppDeps): string {
  return deps.publicUrl ?? `${req.protocol}://${req.get("host")}`;
}
