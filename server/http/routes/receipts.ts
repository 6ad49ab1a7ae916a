import { Router, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { AppError, AppErrorCode } from "../../domain/errors.ts";
import type { DonationReceipt } from "../../domain/receipt.ts";
import { parseTrackingCode } from "../../domain/tracking-code.ts";
import { getDonationReceipt } from "../../services/get-donation-receipt.ts";
import type { AppDeps } from "../deps.ts";
import { DEFAULT_TIME_ZONE, LANGS } from "../i18n/locale.ts";
import { langOfRequest, switchHref } from "../i18n/request-lang.ts";
import { renderReceiptPage, renderTrackProblemPage } from "../pages/index.ts";
import type { PageContext } from "../pages/page-context.ts";
import { parseOrThrow, sendProblem } from "../problem.ts";
import { BEARER, problemResponses, type RouteOperations } from "../schemas.ts";
import { pageContextOf } from "./page-context-of.ts";

/**
 * The donor's receipt: a page anyone holding the code may open (like the tracking page), and the
 * same page printed by Chromium on A6 for the charity that received the gift (or a regulator),
 * through the API with its token: the charity hands or mails it to the donor. `auth` is authenticate().
 */
export function receiptRoutes(deps: AppDeps, auth: RequestHandler): Router {
  const router = Router();

  router.get("/receipts/:code", async (req, res) => {
    const context = pageContextOf(req, res, deps);
    const code = req.params.code;
    const parsed = parseTrackingCode(code);
    if (!parsed.ok) return html(res, 400, renderTrackProblemPage(context, { code, reason: "mistyped", why: parsed.reason }));
    if (parsed.code !== code) return res.redirect(301, `/receipts/${parsed.code}`);
    let receipt: DonationReceipt;
    try {
      receipt = await getDonationReceipt({ traceRows: deps.traceRows, ...(deps.traces ? { cache: deps.traces } : {}), trackingCode: parsed.code });
    } catch (error) {
      if (error instanceof AppError && error.code === AppErrorCode.NotFound) return html(res, 404, renderTrackProblemPage(context, { code, reason: "not-found" }));
      throw error;
    }
    html(res, 200, await receiptHtml(deps, context, receipt));
  });

  router.get("/api/v1/donations/:trackingCode/receipt.pdf", auth, async (req, res) => {
    const query = parseOrThrow(ZReceiptQuery, req.query, { path: "query" });
    const receipt = await getDonationReceipt({
      traceRows: deps.traceRows,
      ...(deps.traces ? { cache: deps.traces } : {}),
      trackingCode: String(req.params.trackingCode),
      principal: req.principal!,
    });
    if (!deps.pdf) return sendProblem(res, new AppError(AppErrorCode.Unavailable, "This server prints no PDFs: it was started without a printer (CHROMIUM_PATH).", { extra: { setting: "CHROMIUM_PATH" } }));
    const context = apiPageContext(req, deps, query.lang);
    const pdf = await deps.pdf.print(await receiptHtml(deps, context, receipt), { paper: "A6" });
    res
      .status(200)
      .type("application/pdf")
      .set({
        "Cache-Control": "private, no-store",
        "Content-Language": context.lang === "zh" ? "zh-CN" : "en",
        "Content-Disposition": `inline; filename="receipt-${receipt.trackingCode}-${context.lang}.pdf"`,
      })
      .send(pdf);
  });

  return router;
}

async function receiptHtml(deps: AppDeps, context: PageContext, receipt: DonationReceipt): Promise<string> {
  // From the deployment's public address only, never the request's Host: a printed code must lead home.
  const journeyUrl = `${deps.publicUrl}/track/${receipt.trackingCode}`;
  const qrSvg = await deps.qrCodes.svgFor(journeyUrl);
  return renderReceiptPage(context, receipt, { qrSvg, journeyUrl, ledgerAddress: deps.ledgerAddress, ...(deps.publicRpcUrl ? { publicRpcUrl: deps.publicRpcUrl } : {}) });
}

/** The PDF's language: ?lang=, else the client's Accept-Language; an API call leaves no cookie. */
function apiPageContext(req: Request, deps: AppDeps, lang: (typeof LANGS)[number] | undefined): PageContext {
  const chosen = lang ?? langOfRequest(req);
  return { lang: chosen, switchHref: switchHref(req, chosen), timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE, publicUrl: deps.publicUrl };
}

function html(res: Response, status: number, body: string): void {
  res.status(status).type("html").set({ "Cache-Control": "no-store", Vary: "Accept-Language, Cookie" }).send(body);
}

const ZReceiptQuery = z.strictObject({
  lang: z.enum(LANGS).optional().meta({ description: "The receipt's language: `zh` (Simplified Chinese) or `en`; without it, the request's Accept-Language." }),
});

export const receiptOperations: RouteOperations = {
  "/api/v1/donations/{trackingCode}/receipt.pdf": {
    get: {
      operationId: "getDonationReceiptPdf",
      tags: ["receipts"],
      summary: "A gift's receipt as a PDF on A6, for the organisation that received it or a regulator",
      description:
        "The donor's receipt (also at `/receipts/{trackingCode}` for whoever holds the code), printed by Chromium: amount, organisation, campaign, " +
        "when it was received (in the server's TIME_ZONE, Beijing time by default), the tracking code, whether it is on the ledger, a QR code to the " +
        "gift's journey page at PUBLIC_URL, and how to check it with `npm run find-gift`. A client of another organisation is told 404, as for an unknown code. " +
        "503 when the server has no Chromium (CHROMIUM_PATH).",
      security: BEARER,
      requestParams: {
        path: z.object({ trackingCode: z.string().meta({ description: "DN- and 16 letters and digits, in groups of 4 (case and dashes are forgiven)." }) }),
        query: ZReceiptQuery,
      },
      responses: {
        "200": {
          description: "The receipt, one A6 page.",
          headers: z.object({
            "content-disposition": z.string().meta({ description: "inline, with a file name: receipt-{trackingCode}-{lang}.pdf" }),
            "content-language": z.enum(["zh-CN", "en"]),
          }),
          content: { "application/pdf": { schema: z.string().meta({ format: "binary", description: "A PDF file." }) } },
        },
        ...problemResponses(400, 401, 404, 429, 503),
      },
    },
  },
};
