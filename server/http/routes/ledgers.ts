import { Router } from "express";
import { z } from "zod";
import { PERIODS } from "../../domain/ledger.ts";
import { ZLimit } from "../../domain/page-cursor.ts";
import { ZDay, ZIdText } from "../../domain/schemas.ts";
import { getCampaignLedger } from "../../services/get-campaign-ledger.ts";
import { getOrganisationLedger } from "../../services/get-organisation-ledger.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";

/** Public: money in, out and held by period, per campaign and per organisation. */
export function ledgerRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get("/api/v1/campaigns/:id/ledger", async (req, res) => {
    const campaignId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const query = parseOrThrow(ZCampaignLedgerQuery, req.query, { path: "query" });
    const ledger = await getCampaignLedger({ db: deps.db, campaignId, ...query });
    res.set("Cache-Control", "no-store").json({ ...ledger, verification: deps.verification() });
  });
  router.get("/api/v1/organisations/:id/ledger", async (req, res) => {
    const orgId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const query = parseOrThrow(ZOrganisationLedgerQuery, req.query, { path: "query" });
    const ledger = await getOrganisationLedger({ db: deps.db, orgId, ...query });
    res.set("Cache-Control", "no-store").json({ ...ledger, verification: deps.verification() });
  });
  return router;
}

/** `from` and `to` are inclusive days (UTC); `period` cuts the range into months, quarters or years. */
export const ZCampaignLedgerQuery = z.strictObject({
  from: ZDay.optional(),
  to: ZDay.optional(),
  period: z.enum(PERIODS).default("month"),
});
export type TCampaignLedgerQuery = z.infer<typeof ZCampaignLedgerQuery>;

/** As a campaign's, with the organisation's campaigns paged (`limit`, and `cursor` from the last page's `next`). */
export const ZOrganisationLedgerQuery = ZCampaignLedgerQuery.extend({
  limit: ZLimit(20, 100),
  cursor: z.string().optional(),
});
export type TOrganisationLedgerQuery = z.infer<typeof ZOrganisationLedgerQuery>;
