import { Router, type Response } from "express";
import { AppError, AppErrorCode } from "../../domain/errors.ts";
import { getCampaignPage, type CampaignPage } from "../../services/get-campaign-page.ts";
import { getOrganisationPage, type OrganisationPage } from "../../services/get-organisation-page.ts";
import { createPageDataCache, type PageDataCache } from "../../services/page-data-cache.ts";
import type { AppDeps } from "../deps.ts";
import { renderCampaignPage } from "../pages/campaign-page.tsx";
import { renderLedgerNotFoundPage } from "../pages/ledger-not-found-page.tsx";
import { renderOrganisationPage } from "../pages/organisation-page.tsx";
import type { PageContext } from "../pages/page-context.ts";
import { pageContextOf } from "./page-context-of.ts";
import { renderedOnce, variantOf } from "./rendered-once.ts";

/** Pages kept per kind; each is a few kilobytes of figures. */
const CACHED_PAGES = 2_000;
/** Held money ages with the clock: a kept page is read again after this long even if no block came. */
const CACHED_MS = 60_000;

/**
 * The public campaign and organisation pages: plain HTML, no script. A malformed id names
 * nothing, so it gets the same friendly 404 as an unknown one.
 */
export function ledgerPageRoutes(deps: AppDeps, caches?: { campaigns?: PageDataCache<CampaignPage>; organisations?: PageDataCache<OrganisationPage> }): Router {
  const router = Router();
  const campaigns = caches?.campaigns ?? createPageDataCache<CampaignPage>({ entries: CACHED_PAGES, maxAgeMs: CACHED_MS });
  const organisations = caches?.organisations ?? createPageDataCache<OrganisationPage>({ entries: CACHED_PAGES, maxAgeMs: CACHED_MS });
  const rendered = renderedOnce();

  router.get("/campaigns/:id", async (req, res) => {
    const context = pageContextOf(req, res, deps);
    if (!isId(req.params.id)) return notFound(res, context, "campaignPage");
    await answer(res, context, "campaignPage", async () => {
      const data = await getCampaignPage({ stores: deps, campaignId: BigInt(req.params.id), cache: campaigns });
      return rendered(data, shownOf(context, deps), () => renderCampaignPage(context, data, options(deps)));
    });
  });

  router.get("/organisations/:id", async (req, res) => {
    const context = pageContextOf(req, res, deps);
    if (!isId(req.params.id)) return notFound(res, context, "organisationPage");
    await answer(res, context, "organisationPage", async () => {
      const data = await getOrganisationPage({ stores: deps, orgId: BigInt(req.params.id), cache: organisations });
      return rendered(data, shownOf(context, deps), () => renderOrganisationPage(context, data, options(deps)));
    });
  });

  return router;
}

/**
 * These pages show the mirror's last check: its state, how many differences, and when, to the
 * minute (the background check runs every few seconds; a page re-rendered on each would be
 * rendered hundreds of times a second across a thousand campaigns).
 */
const shownOf = (context: PageContext, deps: AppDeps) => {
  const v = deps.verification();
  return variantOf(context, v.state, v.verifiedAt?.slice(0, 16), v.differences);
};

const options = (deps: AppDeps) => ({ verification: deps.verification(), ...(deps.explorerTxUrl ? { explorerTxUrl: deps.explorerTxUrl } : {}) });

async function answer(res: Response, context: PageContext, kind: "campaignPage" | "organisationPage", page: () => Promise<string>): Promise<void> {
  try {
    send(res, 200, await page());
  } catch (error) {
    if (error instanceof AppError && error.code === AppErrorCode.NotFound) return notFound(res, context, kind);
    throw error;
  }
}

function notFound(res: Response, context: PageContext, kind: "campaignPage" | "organisationPage"): void {
  send(res, 404, renderLedgerNotFoundPage(context, kind));
}

function send(res: Response, status: number, body: string): void {
  // The language comes from the query, the cookie or Accept-Language.
  res.status(status).type("html").set({ "Cache-Control": "no-store", Vary: "Accept-Language, Cookie" }).send(body);
}

/** An id the database can hold (a bigint); any other names nothing. */
const isId = (id: string) => /^\d{1,19}$/.test(id) && BigInt(id) <= 9_223_372_036_854_775_807n;
