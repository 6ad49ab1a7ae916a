import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { CAMPAIGN_TITLE_LENGTH, ZCloseCampaignRequest, ZOpenCampaignRequest, ZSetCampaignTargetRequest } from "../../domain/campaign-requests.ts";
import { ZIdText } from "../../domain/schemas.ts";
import { closeCampaign } from "../../services/close-campaign.ts";
import { openCampaign } from "../../services/open-campaign.ts";
import { setCampaignTarget } from "../../services/set-campaign-target.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { type RouteOperations } from "../schemas.ts";
import { writeHandler, writeOperation, ZIdempotencyHeaders } from "./writes.ts";

/** Opening, closing and retargeting a campaign: writes like any other, idempotent by key, 202 and a status to follow. */
export function campaignRoutes(deps: AppDeps, auth: RequestHandler): Router {
  const router = Router();

  router.post(
    "/api/v1/campaigns",
    auth,
    writeHandler(deps, async (req, idempotencyKey) => {
      const request = parseOrThrow(ZOpenCampaignRequest, req.body);
      return openCampaign({ outbox: deps.outbox, secrets: deps.secrets, principal: req.principal!, idempotencyKey, request });
    }),
  );

  router.post(
    "/api/v1/campaigns/:id/closure",
    auth,
    writeHandler(deps, async (req, idempotencyKey) => {
      const campaignId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
      // No body, or an empty object: anything in it is a mistake worth telling.
      parseOrThrow(ZCloseCampaignRequest, req.body ?? {});
      return closeCampaign({ outbox: deps.outbox, campaigns: deps.campaigns, secrets: deps.secrets, principal: req.principal!, idempotencyKey, campaignId });
    }),
  );

  router.put(
    "/api/v1/campaigns/:id/target",
    auth,
    writeHandler(deps, async (req, idempotencyKey) => {
      const campaignId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
      const request = parseOrThrow(ZSetCampaignTargetRequest, req.body);
      return setCampaignTarget({ outbox: deps.outbox, secrets: deps.secrets, principal: req.principal!, idempotencyKey, campaignId, request });
    }),
  );

  return router;
}

const ZCampaignPath = z.object({ id: ZIdText.meta({ description: "The campaign's id on the ledger (for a campaign opened through the API: its opening write's `event.args.campaignId`)." }) });

export const campaignOperations: RouteOperations = {
  "/api/v1/campaigns": {
    post: writeOperation(
      "openCampaign",
      "Open a campaign",
      `For the client's own organisation (refused while it is suspended), in attested fiat: \`currency\` is an ISO 4217 code (three upper-case letters); campaigns holding the chain's native currency or a token are opened with the organisation's own key. The title (1–${CAMPAIGN_TITLE_LENGTH} characters) is public on the ledger for good. The ledger gives the campaign its id: follow the status URL until \`confirmed\`; the new campaign's id is then \`event.args.campaignId\` (the CampaignOpened event).`,
      ZOpenCampaignRequest,
      [400, 401, 403, 409, 422, 429],
    ),
  },
  "/api/v1/campaigns/{id}/closure": {
    post: {
      ...writeOperation(
        "closeCampaign",
        "Close a campaign",
        "A closed campaign takes no more donations or grants and can still pay out. Refused at once (409) when the campaign is already closed or a closure of it is already on its way. " +
          "Donations are refused at once (409) from the moment the mirror shows the campaign closed; one accepted while the closure is still on its way goes to the chain, which takes the writes in the order they were accepted, and ends `failed` (LedgerCampaignClosed) if the closure landed first. " +
          "No body, or an empty JSON object.",
        ZCloseCampaignRequest,
        [400, 401, 403, 404, 409, 422, 429],
      ),
      requestParams: { header: ZIdempotencyHeaders, path: ZCampaignPath },
      requestBody: { required: false, content: { "application/json": { schema: ZCloseCampaignRequest } } },
    },
  },
  "/api/v1/campaigns/{id}/target": {
    put: {
      ...writeOperation(
        "setCampaignTarget",
        "Change a campaign's fundraising target",
        "Replaces the target (0 for none) of an open campaign; a closed campaign's target is final (409). Idempotent by key like every write: the same key and body are written once. The campaign ledger (GET /api/v1/campaigns/{id}/ledger) shows the newest target once mirrored.",
        ZSetCampaignTargetRequest,
        [400, 401, 403, 404, 409, 422, 429],
      ),
      requestParams: { header: ZIdempotencyHeaders, path: ZCampaignPath },
    },
  },
};
