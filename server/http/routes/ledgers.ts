import { Router } from "express";
import { z } from "zod";
import { PERIODS } from "../../domain/ledger.ts";
import { ZLimit } from "../../domain/page-cursor.ts";
import { CHANNELS, PURPOSES, ZDay, ZIdText } from "../../domain/schemas.ts";
import type { VerificationStatus } from "../../domain/verification.ts";
import { getCampaignLedger, type CampaignLedger } from "../../services/get-campaign-ledger.ts";
import { getOrganisationLedger, type OrganisationLedger } from "../../services/get-organisation-ledger.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { json, problemResponses, ZBlockNumber, ZChainRef, ZIdString, ZMinorUnits, ZNamedOrganisation, ZSum, ZVerificationStatus, type RouteOperations, type Agrees, type SameShape } from "../schemas.ts";

/** Public: money in, out and held by period, per campaign and per organisation. */
export function ledgerRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get("/api/v1/campaigns/:id/ledger", async (req, res) => {
    const campaignId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const query = parseOrThrow(ZCampaignLedgerQuery, req.query, { path: "query" });
    const ledger = await getCampaignLedger({ ledgers: deps.ledgers, campaignId, ...query });
    const body: TCampaignLedgerResponse = { ...ledger, verification: deps.verification() };
    res.set("Cache-Control", "no-store").json(body);
  });
  router.get("/api/v1/organisations/:id/ledger", async (req, res) => {
    const orgId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const query = parseOrThrow(ZOrganisationLedgerQuery, req.query, { path: "query" });
    const ledger = await getOrganisationLedger({ ledgers: deps.ledgers, orgId, ...query });
    const body: TOrganisationLedgerResponse = { ...ledger, verification: deps.verification() };
    res.set("Cache-Control", "no-store").json(body);
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

/** Money in and out over some span (server/domain/ledger.ts). */
const ZLedgerFigures = z.object({
  in: z.object({ donations: ZSum, grantsReceived: ZSum, grantsReturned: ZSum, corrections: ZSum, total: ZMinorUnits }),
  out: z.object({ grantsSent: ZSum, disbursements: ZSum, refunds: ZSum, corrections: ZSum, total: ZMinorUnits }),
  net: ZMinorUnits.meta({ description: 'In minus out: what the span added to the money held (negative as "-…").' }),
  donationsByChannel: z.array(ZSum.extend({ channel: z.enum(CHANNELS) })),
  spending: z
    .array(ZSum.extend({ purpose: z.enum(PURPOSES), shareBasisPoints: z.int().min(0).max(10_000) }))
    .meta({ description: "Disbursements by purpose, each one's share of all disbursed in basis points (adding up to 10,000)." }),
});

const ZLedgerBody = {
  totals: ZLedgerFigures.extend({ heldAtStart: ZMinorUnits, heldAtEnd: ZMinorUnits }).meta({ id: "LedgerTotals" }),
  periods: z.array(
    ZLedgerFigures.extend({
      period: z.string().meta({ description: "2026-04, 2026-Q2 or 2026." }),
      from: z.string(),
      to: z.string(),
      blocks: z.object({ first: ZBlockNumber, last: ZBlockNumber }).nullable().meta({ description: "The first and last block of the period's days; null when the mirror holds none." }),
      heldAtStart: ZMinorUnits,
      heldAtEnd: ZMinorUnits,
    }).meta({ id: "LedgerPeriod" }),
  ),
  held: z.object({ now: ZMinorUnits, grantsInTransit: ZSum }).meta({ description: "Now: what is held, and the grants sent that no one has answered yet." }),
  age: z
    .object({
      agedAt: z.string(),
      total: ZMinorUnits,
      buckets: z.array(z.object({ bucket: z.string(), fromDays: z.int().min(0), toDays: z.int().min(0).nullable(), amount: ZMinorUnits, lots: z.int().min(0) })),
    })
    .meta({ id: "MoneyAge", description: "The money held now, by how long ago it arrived." }),
};

const ZCampaignSummary = z.object({
  id: ZIdString,
  title: z.string(),
  currency: z.string().meta({ description: 'ISO 4217 code, "native" or "erc20:<token>": what every amount of this campaign is counted in.' }),
  closed: z.boolean(),
});

export const ZCampaignLedgerResponse = z
  .object({
    campaign: ZCampaignSummary.extend({
      organisation: ZNamedOrganisation,
      target: ZMinorUnits.meta({ description: 'Fundraising target in minor units, "0" for none: the newest the ledger shows (PUT /api/v1/campaigns/{id}/target changes it while the campaign is open).' }),
    }),
    period: z.enum(PERIODS),
    from: z.string(),
    to: z.string(),
    ...ZLedgerBody,
    asOfBlock: ZBlockNumber.nullable(),
    verification: ZVerificationStatus,
  })
  .meta({ id: "CampaignLedger" });
export type TCampaignLedgerResponse = z.infer<typeof ZCampaignLedgerResponse>;
type _CampaignLedgerAgrees = Agrees<SameShape<TCampaignLedgerResponse, CampaignLedger & { verification: VerificationStatus }>>;

export const ZOrganisationLedgerResponse = z
  .object({
    organisation: ZNamedOrganisation.extend({ suspended: z.boolean() }),
    publicFundraising: z
      .object({
        qualified: z.boolean(),
        since: ZChainRef.extend({ blockTime: z.string() }).meta({ description: "The registrar's PublicFundraisingStatusChanged event that began the status it holds now." }),
      })
      .nullable()
      .meta({
        description:
          "Whether the organisation holds the civil-affairs public-fundraising qualification (公开募捐资格), as the ledger's registrar recorded it, and since when; null when no status was ever recorded.",
      }),
    period: z.enum(PERIODS),
    from: z.string(),
    to: z.string(),
    totals: z
      .array(z.object({ currency: z.string(), campaigns: z.int().min(0), ...ZLedgerBody }))
      .meta({ description: "All its campaigns together, one ledger per currency (amounts of different currencies are never added)." }),
    campaigns: z
      .object({ items: z.array(z.object({ campaign: ZCampaignSummary, ...ZLedgerBody })), next: z.string().nullable().meta({ description: "Pass it back as `cursor` for the next page." }) })
      .meta({ description: "Each campaign's own ledger, a page at a time in campaign id order." }),
    asOfBlock: ZBlockNumber.nullable(),
    verification: ZVerificationStatus,
  })
  .meta({ id: "OrganisationLedger" });
export type TOrganisationLedgerResponse = z.infer<typeof ZOrganisationLedgerResponse>;
type _OrganisationLedgerAgrees = Agrees<SameShape<TOrganisationLedgerResponse, OrganisationLedger & { verification: VerificationStatus }>>;

export const ledgerOperations: RouteOperations = {
  "/api/v1/campaigns/{id}/ledger": {
    get: {
      operationId: "getCampaignLedger",
      tags: ["public reads"],
      summary: "A campaign's money in, out and held, by period",
      requestParams: { path: z.object({ id: ZIdText }), query: ZCampaignLedgerQuery },
      responses: { "200": json("The campaign's ledger.", ZCampaignLedgerResponse), ...problemResponses(400, 404, 429) },
    },
  },
  "/api/v1/organisations/{id}/ledger": {
    get: {
      operationId: "getOrganisationLedger",
      tags: ["public reads"],
      summary: "An organisation's ledger per currency, and each of its campaigns', paged",
      requestParams: { path: z.object({ id: ZIdText }), query: ZOrganisationLedgerQuery },
      responses: { "200": json("The organisation's ledger.", ZOrganisationLedgerResponse), ...problemResponses(400, 404, 429) },
    },
  },
};
