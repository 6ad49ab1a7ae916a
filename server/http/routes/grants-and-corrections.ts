import { Router, type RequestHandler } from "express";
import { z } from "zod";
import {
  LIMITS,
  ZAcknowledgeGrantRequest,
  ZApproveCorrectionRequest,
  ZCorrectRecordRequest,
  ZIdText,
  ZMakeGrantRequest,
  ZRefundDonationRequest,
  ZRefuseGrantRequest,
} from "../../domain/schemas.ts";
import { acknowledgeGrant } from "../../services/acknowledge-grant.ts";
import { approveCorrection } from "../../services/approve-correction.ts";
import { correctRecord } from "../../services/correct-record.ts";
import { makeGrant } from "../../services/make-grant.ts";
import { refundDonation } from "../../services/refund-donation.ts";
import { refuseGrant } from "../../services/refuse-grant.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import type { RouteOperations } from "../schemas.ts";
import { writeHandler, writeOperation, ZIdempotencyHeaders } from "./writes.ts";

/**
 * Money between organisations and money put right: grants with their acknowledgement or refusal
 * by the receiver, refunds, corrections and a regulator's approval of a positive one.
 * `auth` is authenticate(): it also applies the per-client write limit.
 */
export function grantAndCorrectionRoutes(deps: AppDeps, auth: RequestHandler): Router {
  const router = Router();

  router.post(
    "/api/v1/grants",
    auth,
    writeHandler(deps, async (req, idempotencyKey) => {
      const request = parseOrThrow(ZMakeGrantRequest, req.body);
      return makeGrant({ outbox: deps.outbox, prechecks: deps.prechecks, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    }),
  );

  // The receiving organisation takes the grant in; the body, if any, is an empty object.
  router.post(
    "/api/v1/grants/:grantId/acknowledgement",
    auth,
    writeHandler(deps, async (req, idempotencyKey) => {
      const grantId = parseOrThrow(ZIdText, req.params.grantId, { path: "grantId" });
      parseOrThrow(ZAcknowledgeGrantRequest, req.body ?? {});
      return acknowledgeGrant({ outbox: deps.outbox, prechecks: deps.prechecks, secrets: deps.secrets, principal: req.principal!, idempotencyKey, grantId });
    }),
  );

  // The receiver refuses a pending grant, or its sender withdraws it: the money goes back to the sender.
  router.post(
    "/api/v1/grants/:grantId/refusal",
    auth,
    writeHandler(deps, async (req, idempotencyKey) => {
      const grantId = parseOrThrow(ZIdText, req.params.grantId, { path: "grantId" });
      const request = parseOrThrow(ZRefuseGrantRequest, req.body ?? {});
      return refuseGrant({ outbox: deps.outbox, prechecks: deps.prechecks, secrets: deps.secrets, principal: req.principal!, idempotencyKey, grantId, request });
    }),
  );

  router.post(
    "/api/v1/refunds",
    auth,
    writeHandler(deps, async (req, idempotencyKey) => {
      const request = parseOrThrow(ZRefundDonationRequest, req.body);
      return refundDonation({ outbox: deps.outbox, prechecks: deps.prechecks, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    }),
  );

  router.post(
    "/api/v1/corrections",
    auth,
    writeHandler(deps, async (req, idempotencyKey) => {
      const request = parseOrThrow(ZCorrectRecordRequest, req.body);
      return correctRecord({ outbox: deps.outbox, prechecks: deps.prechecks, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    }),
  );

  // A regulator's client vouches for a positive correction; the server's auditor key sends it.
  router.post(
    "/api/v1/corrections/:correctionId/approval",
    auth,
    writeHandler(deps, async (req, idempotencyKey) => {
      const correctionId = parseOrThrow(ZIdText, req.params.correctionId, { path: "correctionId" });
      parseOrThrow(ZApproveCorrectionRequest, req.body ?? {});
      return approveCorrection({ outbox: deps.outbox, prechecks: deps.prechecks, secrets: deps.secrets, principal: req.principal!, idempotencyKey, correctionId });
    }),
  );

  return router;
}

/** What every memo and reason is told: it stays off-chain, and it must not name anyone. */
const NOTE_TEXT = (field: string) =>
  `\`${field}\` (optional text, up to ${LIMITS.noteLength} characters) never goes on-chain: only its SHA-256 does, and the text is kept with the write on the server. It must not contain personal data (no names, ID numbers, phone numbers or addresses of donors or recipients); what looks like an ID or a mobile number is refused.`;

export const grantAndCorrectionOperations: RouteOperations = {
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
};
