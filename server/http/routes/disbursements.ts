import { Router } from "express";
import { z } from "zod";
import { ZLimit } from "../../domain/page-cursor.ts";
import { ZIdText } from "../../domain/schemas.ts";
import { listDisbursementSources } from "../../services/list-disbursement-sources.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { readPrincipal } from "../read-principal.ts";

/** Public reads about disbursements; a bearer token, when sent, shows its holder what it may see. */
export function disbursementRoutes(deps: AppDeps): Router {
  const router = Router();
  // Which gifts paid for it: its slices, first in first out, each with the gift and the grants it crossed.
  router.get("/api/v1/disbursements/:recordId/sources", readPrincipal(deps.tokens), async (req, res) => {
    const recordId = parseOrThrow(ZIdText, req.params.recordId, { path: "recordId" });
    const query = parseOrThrow(ZDisbursementSourcesQuery, req.query, { path: "query" });
    const sources = await listDisbursementSources({
      db: deps.db,
      recordId,
      limit: query.limit,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      ...(query.trackingCode !== undefined ? { trackingCode: query.trackingCode } : {}),
      ...(req.principal ? { principal: req.principal } : {}),
    });
    res.set("Cache-Control", "no-store").json({ ...sources, verification: deps.verification() });
  });
  return router;
}

export const ZDisbursementSourcesQuery = z.strictObject({
  limit: ZLimit(100, 500),
  /** The `next` of the previous page, unchanged. */
  cursor: z.string().max(512, "is not a valid cursor").optional(),
  /** A donor's own code: their gift among the sources is marked `yours`. */
  trackingCode: z.string().max(64, "is not a tracking code").optional(),
});
export type TDisbursementSourcesQuery = z.infer<typeof ZDisbursementSourcesQuery>;
