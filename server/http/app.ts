import express, { type Express } from "express";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { authenticate } from "./authenticate.ts";
import type { AppDeps } from "./deps.ts";
import { renderStatusPage } from "./pages/index.ts";
import { errorPageContextOf } from "./routes/page-context-of.ts";
import { problemHandler, sendProblem } from "./problem.ts";
import { createRateLimiters } from "./rate-limits.ts";
import { authRoutes } from "./routes/auth.ts";
import { campaignRoutes } from "./routes/campaigns.ts";
import { complianceRoutes } from "./routes/compliance.ts";
import { openApiDocument } from "./openapi.ts";
import { disbursementWriteRoutes } from "./routes/disbursement-writes.ts";
import { disbursementRoutes } from "./routes/disbursements.ts";
import { disclosureRoutes } from "./routes/disclosures.ts";
import { docsRoutes } from "./routes/docs.ts";
import { evidenceRoutes } from "./routes/evidence.ts";
import { exportRoutes } from "./routes/exports.ts";
import { flowRoutes } from "./routes/flows.ts";
import { ledgerPageRoutes } from "./routes/ledger-pages.ts";
import { ledgerRoutes } from "./routes/ledgers.ts";
import { oversightRoutes } from "./routes/oversight.ts";
import { pageRoutes } from "./routes/pages.ts";
import { receiptRoutes } from "./routes/receipts.ts";
import { reportRoutes } from "./routes/reports.ts";
import { regulatorAssetRoutes } from "./routes/regulator-assets.ts";
import { regulatorPageRoutes } from "./routes/regulator-pages.ts";
import { regulatorSignInRoutes } from "./routes/regulator-sign-in.ts";
import { trackRoutes } from "./routes/track.ts";
import { grantAndCorrectionRoutes } from "./routes/grants-and-corrections.ts";
import { writeRoutes } from "./routes/writes.ts";

/** Builds the HTTP application apart from `listen`, so tests and the entry point share it. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use((_req, res, next) => {
    res.set({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    });
    next();
  });

  // Per-IP limits come before the body is read, so a flood costs as little as possible.
  const limits = createRateLimiters(deps.rateLimits, deps.logger);
  // Signing in on the regulator pages checks the same secrets with the same scrypt: it shares the token endpoint's counters.
  app.post(["/api/v1/auth/token", "/regulator/sign-in"], limits.tokenPerIp);
  app.use("/api/v1", limits.writesPerIp);
  app.get(
    [
      "/api/v1/track/:trackingCode",
      "/api/v1/flags",
      "/api/v1/disbursements/:recordId/sources",
      "/api/v1/campaigns/:id/ledger",
      "/api/v1/campaigns/:id/disclosures",
      "/api/v1/organisations/:id/ledger",
      "/api/v1/organisations/:id/regulator-flags",
      "/api/v1/compliance",
      "/api/v1/compliance-rules",
      "/api/v1/flows",
      "/api/v1/flows/records",
      "/api/v1/evidence/:sha256",
      "/api/v1/organisations/:id/records.csv",
      "/api/v1/campaigns/:id/records.csv",
      "/api/v1/organisations/:id/iati.xml",
      "/track/:code",
      "/receipts/:code",
      // Each one is a Chromium print: counted like a public read, token or not.
      "/api/v1/donations/:trackingCode/receipt.pdf",
      "/reports/organisations/:id/:year",
      "/reports/campaigns/:id",
      "/campaigns/:id",
      "/organisations/:id",
      "/track",
      "/regulator",
      "/regulator/flows",
      "/regulator/flows/records",
      "/regulator/organisations/:id/flags",
    ],
    limits.readsPerIp,
  );
  const auth = authenticate(deps.tokens, limits.writesPerClient);

  // Evidence files are raw bytes of their own media type, read (up to LIMITS.evidenceBytes) only
  // after authentication: these routes come before the JSON parser, which never sees them.
  app.use(evidenceRoutes(deps, auth));
  app.use(disbursementWriteRoutes(deps, auth));
  app.use("/api", express.json({ limit: "64kb", type: ["application/json", "application/*+json"] }));
  app.use("/api/v1/auth", express.urlencoded({ extended: false, limit: "8kb" }));
  app.post("/api/v1/auth/token", limits.tokenPerClient);
  app.post("/regulator/sign-in", express.urlencoded({ extended: false, limit: "8kb" }), limits.tokenPerClient);

  app.use(authRoutes(deps));
  app.use(writeRoutes(deps, auth));
  app.use(grantAndCorrectionRoutes(deps, auth));
  app.use(campaignRoutes(deps, auth));
  app.use(disclosureRoutes(deps, auth));
  app.use(trackRoutes(deps));
  app.use(disbursementRoutes(deps));
  app.use(ledgerRoutes(deps));
  app.use(oversightRoutes(deps, auth));
  app.use(complianceRoutes(deps, auth));
  app.use(flowRoutes(deps));
  app.use(exportRoutes(deps));
  app.use(pageRoutes(deps));
  app.use(receiptRoutes(deps, auth));
  app.use(reportRoutes(deps));
  app.use(ledgerPageRoutes(deps));
  app.use(regulatorSignInRoutes(deps));
  app.use(regulatorPageRoutes(deps));
  app.use(regulatorAssetRoutes());
  app.use(docsRoutes(openApiDocument()));

  app.use("/api", (req, res) => sendProblem(res, new AppError(AppErrorCode.NotFound, `No API route ${req.method} ${req.originalUrl}.`)));
  app.use((req, res) => {
    res.status(404).type("html").send(renderStatusPage(errorPageContextOf(req, deps), 404));
  });
  app.use(problemHandler(deps.logger, (status, req) => renderStatusPage(errorPageContextOf(req, deps), status)));
  return app;
}
