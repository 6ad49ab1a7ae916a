import { Router, type Request, type Response } from "express";
import { AppError, AppErrorCode } from "../../domain/errors.ts";
import { buildCampaignReport } from "../../services/build-campaign-report.ts";
import { buildOrganisationReport, type Report } from "../../services/build-organisation-report.ts";
import type { AppDeps } from "../deps.ts";
import type { Lang } from "../i18n/locale.ts";
import { langOf } from "../i18n/request-lang.ts";
import { renderReportNotFoundPage, renderReportPage } from "../pages/report-page.tsx";
import { sendProblem } from "../problem.ts";

/**
 * The reports, for people: an organisation's year and a campaign, as printable HTML pages and as
 * PDFs printed from those same pages by Chromium (`….pdf`). The language is chosen as for every
 * page (?lang=, the `lang` cookie the switch leaves, Accept-Language).
 */
export function reportRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get("/reports/organisations/:id/:year", async (req, res) => {
    const year = /^(\d{4})(\.pdf)?$/.exec(req.params.year);
    const id = req.params.id;
    const lang = langOf(req, res);
    if (!year || !isId(id)) return notFound(res, lang, req.params.year.endsWith(".pdf"));
    const asPdf = year[2] !== undefined;
    const path = `/reports/organisations/${id}/${year[1]}`;
    await answer(req, res, deps, { lang, asPdf, path, file: `report-organisation-${id}-${year[1]}-${lang}.pdf` }, () =>
      buildOrganisationReport({ stores: deps, orgId: BigInt(id), year: Number(year[1]) }),
    );
  });

  router.get("/reports/campaigns/:id", async (req, res) => {
    const match = /^(\d{1,19})(\.pdf)?$/.exec(req.params.id);
    const lang = langOf(req, res);
    if (!match || !isId(match[1]!)) return notFound(res, lang, req.params.id.endsWith(".pdf"));
    const asPdf = match[2] !== undefined;
    await answer(req, res, deps, { lang, asPdf, path: `/reports/campaigns/${match[1]}`, file: `report-campaign-${match[1]}-${lang}.pdf` }, () =>
      buildCampaignReport({ stores: deps, campaignId: BigInt(match[1]!) }),
    );
  });

  return router;
}

async function answer(
  req: Request,
  res: Response,
  deps: AppDeps,
  how: { lang: Lang; asPdf: boolean; path: string; file: string },
  build: () => Promise<Report>,
): Promise<void> {
  let report: Report;
  try {
    report = await build();
  } catch (error) {
    if (error instanceof AppError && error.code === AppErrorCode.NotFound) return notFound(res, how.lang, how.asPdf, error);
    throw error;
  }
  const baseUrl = deps.publicUrl;
  const html = renderReportPage(report, how.lang, { baseUrl, path: how.path, ...(deps.explorerTxUrl ? { explorerTxUrl: deps.explorerTxUrl } : {}) });
  res.set({ "Cache-Control": "no-store", Vary: "Accept-Language, Cookie", "Content-Language": how.lang === "zh" ? "zh-CN" : "en" });
  if (!how.asPdf) {
    res.status(200).type("html").send(html);
    return;
  }
  if (!deps.pdf) return sendProblem(res, new AppError(AppErrorCode.Unavailable, "This server prints no PDFs: it was started without a printer (CHROMIUM_PATH).", { extra: { setting: "CHROMIUM_PATH" } }));
  try {
    const pdf = await deps.pdf.print(html);
    res.status(200).type("application/pdf").set("Content-Disposition", `inline; filename="${how.file}"`).send(pdf);
  } catch (error) {
    if (error instanceof AppError) return sendProblem(res, error);
    throw error;
  }
}

/** An id the database can hold (a bigint); any other names nothing. */
const isId = (id: string) => /^\d{1,19}$/.test(id) && BigInt(id) <= 9_223_372_036_854_775_807n;

function notFound(res: Response, lang: Lang, asPdf: boolean, error?: AppError): void {
  if (asPdf) return sendProblem(res, error ?? new AppError(AppErrorCode.NotFound, "There is no such report."));
  res.status(404).type("html").set("Cache-Control", "no-store").send(renderReportNotFoundPage(lang));
}
