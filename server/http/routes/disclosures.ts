import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { ZPublishDisclosureRequest } from "../../domain/disclosure-requests.ts";
import { ZLimit } from "../../domain/page-cursor.ts";
import { ZIdText } from "../../domain/schemas.ts";
import type { VerificationStatus } from "../../domain/verification.ts";
import { listDisclosures, type CampaignDisclosures } from "../../services/list-disclosures.ts";
import { publishDisclosure } from "../../services/publish-disclosure.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { json, problemResponses, ZBlockNumber, ZChainRef, ZIdString, ZVerificationStatus, type Agrees, type RouteOperations, type SameShape } from "../schemas.ts";
import { writeHandler, writeOperation, ZIdempotencyHeaders } from "./writes.ts";

/** A campaign's disclosures (信息公开): published by its organisation like any write, read by anyone. */
export function disclosureRoutes(deps: AppDeps, auth: RequestHandler): Router {
  const router = Router();

  router.post(
    "/api/v1/campaigns/:id/disclosures",
    auth,
    writeHandler(deps, async (req, idempotencyKey) => {
      const campaignId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
      const request = parseOrThrow(ZPublishDisclosureRequest, req.body);
      return publishDisclosure({ outbox: deps.outbox, secrets: deps.secrets, principal: req.principal!, idempotencyKey, campaignId, request });
    }),
  );

  router.get("/api/v1/campaigns/:id/disclosures", async (req, res) => {
    const campaignId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const query = parseOrThrow(ZDisclosuresQuery, req.query, { path: "query" });
    const disclosures = await listDisclosures({ disclosures: deps.disclosures, campaignId, limit: query.limit, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) });
    const body: TDisclosuresResponse = { ...disclosures, verification: deps.verification() };
    res.set("Cache-Control", "no-store").json(body);
  });

  return router;
}

export const ZDisclosuresQuery = z.strictObject({
  limit: ZLimit(50, 200),
  /** The `next` of the previous page, unchanged. */
  cursor: z.string().max(512, "is not a valid cursor").optional(),
});

const ZIsoTime = z.string().meta({ description: "ISO 8601, UTC, whole seconds." });

export const ZDisclosuresResponse = z
  .object({
    campaign: z.object({ id: ZIdString, organisationId: ZIdString }),
    disclosures: z.object({
      items: z.array(
        z.object({
          coversFrom: ZIsoTime,
          coversTo: ZIsoTime.meta({ description: "The period's end, inclusive; ISO 8601, UTC." }),
          documentSha256: z.string().regex(/^0x[0-9a-f]{64}$/).meta({ description: "SHA-256 of the published document: hash the document you were given and compare." }),
          final: z.boolean().meta({ description: "The full disclosure after the drive ended, rather than an interim one." }),
          publishedAt: ZIsoTime.meta({ description: "Its block's time." }),
          authorisedBy: z.string().regex(/^0x[0-9a-f]{40}$/).meta({ description: "The operator key of the campaign's organisation that published it." }),
          chain: ZChainRef,
        }),
      ),
      next: z.string().nullable().meta({ description: "Pass it back as `cursor` for the next page." }),
    }),
    asOfBlock: ZBlockNumber.nullable(),
    verification: ZVerificationStatus,
  })
  .meta({ id: "CampaignDisclosures" });
export type TDisclosuresResponse = z.infer<typeof ZDisclosuresResponse>;
type _DisclosuresAgrees = Agrees<SameShape<TDisclosuresResponse, CampaignDisclosures & { verification: VerificationStatus }>>;

const ZCampaignPath = z.object({ id: ZIdText.meta({ description: "The campaign's id on the ledger." }) });

export const disclosureOperations: RouteOperations = {
  "/api/v1/campaigns/{id}/disclosures": {
    post: {
      ...writeOperation(
        "publishDisclosure",
        "Publish a disclosure of a campaign's funds over a period",
        "For a campaign of the client's own organisation, open or closed (the full disclosure, `final: true`, comes after the drive ended). " +
          "Upload the published document first (POST /api/v1/evidence) and send its `sha256` as `documentSha256`; only the hash goes on-chain. " +
          "`coversFrom` and `coversTo` are ISO 8601: a date (`coversFrom` its first second, `coversTo` its last, UTC) or a date and time with its offset. " +
          "Refused at once: another organisation's campaign (403) or none (404), a suspended organisation (409), a period that ends before it starts or has not ended yet (422). " +
          "Makes no record: the write's status shows the DisclosurePublished event once mirrored.",
        ZPublishDisclosureRequest,
        [400, 401, 403, 404, 409, 422, 429],
      ),
      requestParams: { header: ZIdempotencyHeaders, path: ZCampaignPath },
    },
    get: {
      operationId: "listDisclosures",
      tags: ["public reads"],
      summary: "A campaign's disclosures, newest first",
      requestParams: { path: ZCampaignPath, query: ZDisclosuresQuery },
      responses: { "200": json("The campaign's disclosures, a page at a time.", ZDisclosuresResponse), ...problemResponses(400, 404, 429) },
    },
  },
};
