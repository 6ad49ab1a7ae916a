import { Router, type Response } from "express";
import QRCode from "qrcode";
import { AppError, AppErrorCode } from "../../domain/errors.ts";
import { parseTrackingCode } from "../../domain/tracking-code.ts";
import { getDonationTrace } from "../../services/get-donation-trace.ts";
import type { AppDeps } from "../deps.ts";
import { renderHomePage, renderTrackPage, renderTrackProblemPage } from "../pages/index.ts";

/** The donor's pages: plain HTML that works without JavaScript. */
export function pageRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get("/", (_req, res) => html(res, 200, renderHomePage({})));

  // The home page's form submits here; a well-formed code goes to its canonical address.
  router.get("/track", (req, res) => {
    const code = typeof req.query.code === "string" ? req.query.code : "";
    const parsed = parseTrackingCode(code);
    if (parsed.ok) return res.redirect(303, `/track/${parsed.code}`);
    if (parsed.reason === "empty") return html(res, 400, renderHomePage({ error: "Please type the tracking code from your receipt.", code }));
    return html(res, 400, renderTrackProblemPage({ code, reason: "mistyped", detail: problemText[parsed.reason] }));
  });

  router.get("/track/:code", async (req, res) => {
    const code = req.params.code;
    const parsed = parseTrackingCode(code);
    if (!parsed.ok) return html(res, 400, renderTrackProblemPage({ code, reason: "mistyped", detail: problemText[parsed.reason] }));
    if (parsed.code !== code) return res.redirect(301, `/track/${parsed.code}`);
    try {
      const trace = await getDonationTrace({ traceRows: deps.traceRows, ...(deps.traces ? { cache: deps.traces } : {}), trackingCode: parsed.code });
      const pageUrl = `${deps.publicUrl ?? `${req.protocol}://${req.get("host")}`}/track/${parsed.code}`;
      const qrSvg = await QRCode.toString(pageUrl, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
      html(res, 200, renderTrackPage(trace, { qrSvg, pageUrl, verification: deps.verification(), ...(deps.explorerTxUrl ? { explorerTxUrl: deps.explorerTxUrl } : {}) }));
    } catch (error) {
      if (error instanceof AppError && error.code === AppErrorCode.NotFound) {
        return html(res, 404, renderTrackProblemPage({ code, reason: "not-found" }));
      }
      throw error;
    }
  });

  return router;
}

const problemText = {
  empty: "The box was empty.",
  length: "A tracking code is DN- followed by 16 letters and digits.",
  characters: "A tracking code has only letters and digits.",
  checksum: "One of the characters does not match; please compare it with your receipt.",
} as const;

function html(res: Response, status: number, body: string): void {
  res.status(status).type("html").set("Cache-Control", "no-store").send(body);
}
