import { Router } from "express";
import { getDonationTrace } from "../../services/get-donation-trace.ts";
import type { AppDeps } from "../deps.ts";

export function trackRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get("/api/v1/track/:trackingCode", async (req, res) => {
    const trace = await getDonationTrace({ db: deps.db, trackingCode: req.params.trackingCode });
    res.set("Cache-Control", "no-store").json(trace);
  });
  router.get("/health", async (_req, res) => {
    const health = await deps.health();
    res.status(health.status === "ok" ? 200 : 503).set("Cache-Control", "no-store").json(health);
  });
  return router;
}
