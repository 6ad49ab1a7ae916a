import { Router } from "express";
import { z } from "zod";
import { PURPOSES, ZDay, ZIdText } from "../../domain/schemas.ts";
import type { VerificationStatus } from "../../domain/verification.ts";
import { getFlows, type Flows } from "../../services/get-flows.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { json, problemResponses, ZBlockNumber, ZMinorUnits, ZSum, ZVerificationStatus, type RouteOperations, type Agrees, type SameShape } from "../schemas.ts";

/** Public: the flow graph over a range of days, one graph per currency, ready to draw as a Sankey diagram. */
export function flowRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get("/api/v1/flows", async (req, res) => {
    const query = parseOrThrow(ZFlowsQuery, req.query, { path: "query" });
    const flows = await getFlows({ flows: deps.flows, ...query });
    const body: TFlowsResponse = { ...flows, verification: deps.verification() };
    res.set("Cache-Control", "no-store").json(body);
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

/** The flow graph of one currency (server/domain/flow-graph.ts). */
const ZFlowGraph = z
  .object({
    currency: z.string(),
    nodes: z.array(
      z.object({
        id: z.string().meta({ description: "channel:<name>, organisation:<id>, campaign:<id> or purpose:<name>." }),
        kind: z.enum(["channel", "organisation", "campaign", "purpose"]),
        label: z.string(),
        organisation: z.string().optional().meta({ description: "A campaign's organisation node." }),
      }),
    ),
    edges: z.array(
      z.object({
        source: z.string(),
        target: z.string(),
        kind: z.enum(["donation", "grant", "disbursement"]),
        status: z.enum(["acknowledged", "in_transit"]).optional().meta({ description: "A grant's answer as of asOfBlock." }),
        amount: ZMinorUnits,
        count: z.int().min(0),
      }),
    ),
    totals: z.object({ donations: ZSum, grantsAcknowledged: ZSum, grantsInTransit: ZSum, grantsRefused: ZSum, disbursements: ZSum }),
  })
  .meta({ id: "FlowGraph" });

export const ZFlowsResponse = z
  .object({
    from: z.string(),
    to: z.string(),
    organisation: z.string().nullable(),
    category: z.enum(PURPOSES).nullable(),
    currencies: z.array(ZFlowGraph).meta({ description: "One graph per currency." }),
    asOfBlock: ZBlockNumber.nullable(),
    verification: ZVerificationStatus,
  })
  .meta({ id: "Flows" });
export type TFlowsResponse = z.infer<typeof ZFlowsResponse>;
type _FlowsAgree = Agrees<SameShape<TFlowsResponse, Flows & { verification: VerificationStatus }>>;

export const flowOperations: RouteOperations = {
  "/api/v1/flows": {
    get: {
      operationId: "getFlows",
      tags: ["public reads"],
      summary: "The flow graph (channels → campaigns → campaigns → purposes), one per currency",
      requestParams: { query: ZFlowsQuery },
      responses: { "200": json("The flow graph.", ZFlowsResponse), ...problemResponses(400, 404, 429) },
    },
  },
};
