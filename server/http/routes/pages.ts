import { Router, type Response } from "express";
import { AppError, AppErrorCode } from "../../domain/errors.ts";
import { parseTrackingCode } from "../../domain/tracking-code.ts";
import { getDonationTrace } from "../../services/get-donation-trace.ts";
import type { AppDeps } from "../deps.ts";
import { renderHomePage, renderTrackPage, renderTrackProblemPage } from "../pages/index.ts";
import { pageTools } from "../pages/page-context.ts";
import { pageContextOf } from "./page-context-of.ts";
import { renderedOnce, variantOf } from "./rendered-once.ts";

/** The donor's pages: plain HTML that works without JavaScript. */
export function pageRoutes(deps: AppDeps): Router {
  const router = Router();
  const rendered = renderedOnce();

  router.get("/", (req, res) => html(res, 200, renderHomePage(pageContextOf(req, res, deps), {})));

  // The home page's form submits here; a well-formed code goes to its canonical address.
  router.get("/track", (req, res) => {
    const context = pageContextOf(req, res, deps);
    const code = typeof req.query.code === "string" ? req.query.code : "";
    const parsed = parseTrackingCode(code);
    if (parsed.ok) return res.redirect(303, `/track/${parsed.code}`);
    if (parsed.reason === "empty") return html(res, 400, renderHomePage(context, { error: pageTools(context).t.problem.emptyCode, code }));
    return html(res, 400, renderTrackProblemPage(context, { code, reason: "mistyped", why: parsed.reason }));
  });

  router.get("/track/:code", async (req, res) => {
    const context = pageContextOf(req, res, deps);
    const code = req.params.code;
    const parsed = parseTrackingCode(code);
    if (!parsed.ok) return html(res, 400, renderTrackProblemPage(context, { code, reason: "mistyped", why: parsed.reason }));
    if (parsed.code !== code) return res.redirect(301, `/track/${parsed.code}`);
    try {
      const trace = await getDonationTrace({ traceRows: deps.traceRows, ...(deps.traces ? { cache: deps.traces } : {}), trackingCode: parsed.code });
      const pageUrl = `${deps.publicUrl}/track/${parsed.code}`;
      const qrSvg = await deps.qrCodes.svgFor(pageUrl);
      const verification = deps.verification();
      // A gift on the ledger is the same object while the mirror stays at its block (the trace
      // cache), so its page is rendered once per language; the page shows only whether the
      // mirror's last check found differences.
      const page = rendered(trace, variantOf(context, verification.state), () =>
        renderTrackPage(context, trace, { qrSvg, pageUrl, verification, ...(deps.explorerTxUrl ? { explorerTxUrl: deps.explorerTxUrl } : {}) }),
      );
      html(res, 200, page, TRACK_PAGE_POLICY);
    } catch (error) {
      if (error instanceof AppError && error.code === AppErrorCode.NotFound) {
        return html(res, 404, renderTrackProblemPage(context, { code, reason: "not-found" }));
      }
      throw error;
    }
  });

  return router;
}

/**
 * A gift's page: the app's policy, plus its one script from this server (which watches a gift
 * still being written) and the API it asks. Nothing inline; the other donor pages keep no script.
 */
const TRACK_PAGE_POLICY =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function html(res: Response, status: number, body: string, policy?: string): void {
  // The language comes from the query, the cookie or Accept-Language.
  res.status(status).type("html").set({ "Cache-Control": "no-store", Vary: "Accept-Language, Cookie", ...(policy ? { "Content-Security-Policy": policy } : {}) }).send(body);
}
