import { Router } from "express";
import { z } from "zod";
import { ZIdText } from "../../domain/schemas.ts";
import { getDonationTrace } from "../../services/get-donation-trace.ts";
import { listFlaggedRecords } from "../../services/list-flagged-records.ts";
import { parseOrThrow } from "../problem.ts";
import type { AppDeps } from "../deps.ts";

export function trackRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get("/api/v1/track/:trackingCode", async (req, res) => {
    const trace = await getDonationTrace({ pool: deps.pool, ...(deps.traces ? { cache: deps.traces } : {}), trackingCode: req.params.trackingCode });
    res.set("Cache-Control", "no-store").json({ ...trace, verification: deps.verification() });
  });
  // Public: records that break a rule the contract leaves to the mirror. Paged by block, newest first.
  router.get("/api/v1/flags", async (req, res) => {
    const query = parseOrThrow(ZFlagsQuery, req.query, { path: "query" });
    const flags = await listFlaggedRecords({ db: deps.db, limit: query.limit, ...(query.before ? { beforeBlock: query.before } : {}) });
    res.set("Cache-Control", "no-store").json({ ...flags, verification: deps.verification() });
  });
  router.get("/health", async (_req, res) => {
    const health = await deps.health();
    res.status(health.status === "ok" ? 200 : 503).set("Cache-Control", "no-store").json(health);
  });
  return router;
}

const ZFlagsQuery = z.strictObject({
  limit: z.string().regex(/^[1-9]\d{0,2}$/, "must be 1 to 500").transform(Number).pipe(z.number().max(500, "must be 1 to 500")).default(100),
  before: ZIdText.optional(),
});
