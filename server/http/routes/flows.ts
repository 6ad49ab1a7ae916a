import { Router } from "express";
import { z } from "zod";
import { PURPOSES, ZDay, ZIdText } from "../../domain/schemas.ts";
import { getFlows } from "../../services/get-flows.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";

/** Public: the flow graph over a range of days, one graph per currency, ready to draw as a Sankey diagram. */
export function flowRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get("/api/v1/flows", async (req, res) => {
    const query = parseOrThrow(ZFlowsQuery, req.query, { path: "query" });
    const flows = await getFlows({ pool: deps.pool, ...query });
    res.set("Cache-Control", "no-store").json({ ...flows, verification: deps.verification() });
  });
  return router;
}

/** `from` and `to` are inclusive days (UTC); `organisation` keeps flows touching it; `category` keeps disbursements of one purpose. */
export const ZFlowsQuery = z.strictObject({
  from: ZDay.optional(),
  to: ZDay.optional(),
  organisation: ZIdText.optional(),
  category: z.enum(PURPOSES).optional(),
});
export type TFlowsQuery = z.infer<typeof ZFlowsQuery>;
