import { Router } from "express";
import { z } from "zod";
import { PURPOSES, ZDay, ZIdText } from "../../domain/schemas.ts";
import type { VerificationStatus } from "../../domain/verification.ts";
import { ZLimit } from "../../domain/page-cursor.ts";
import { getFlows, type Flows } from "../../services/get-flows.ts";
import { listFlowRecords, type FlowRecords } from "../../services/list-flow-records.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { json, problemResponses, ZBlockNumber, ZIdString, ZMinorUnits, ZSum, ZVerificationStatus, type RouteOperations, type Agrees, type SameShape } from "../schemas.ts";

/** Public: the flow graph over a range of days, one graph per currency, ready to draw as a Sankey diagram. */
export function flowRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get("/api/v1/flows", async (req, res) => {
    const query = parseOrThrow(ZFlowsQuery, req.query, { path: "query" });
    const flows = await getFlows({ flows: deps.flows, ...query });
    const body: TFlowsResponse = { ...flows, verification: deps.verification() };
    res.set("Cache-Control", "no-store").json(body);
  });
  router.get("/api/v1/flows/records", async (req, res) => {
    const query = parseOrThrow(ZFlowRecordsQuery, req.query, { path: "query" });
    const body: TFlowRecordsResponse = await listFlowRecords({ flowRecords: deps.flowRecords, ...query });
    res.set("Cache-Control", "no-store").json(body);
  });
  return router;
}

/** One edge of the graph by its two node ids, as GET /api/v1/flows names them, over the same days. */
export const ZFlowRecordsQuery = z.strictObject({
  source: z.string().max(80).meta({ description: "The edge's source node: channel:<name> or campaign:<id>." }),
  target: z.string().max(80).meta({ description: "The edge's target node: campaign:<id> or purpose:<name>." }),
  from: ZDay.optional(),
  to: ZDay.optional(),
  cursor: z.string().max(600).optional().meta({ description: "The `next` of the previous page, unchanged." }),
  limit: ZLimit(100, 500),
});

export const ZFlowRecordsResponse = z
  .object({
    from: z.string(),
    to: z.string(),
    kind: z.enum(["donation", "grant", "disbursement"]),
    items: z.array(
      z.object({
        recordId: ZIdString,
        blockNumber: ZBlockNumber,
        txHash: z.string(),
        logIndex: z.int().min(0),
        amount: ZMinorUnits,
        time: z.string().meta({ description: "The block's time, ISO 8601." }),
        status: z.enum(["acknowledged", "in_transit"]).optional().meta({ description: "A grant's answer so far." }),
      }),
    ),
    next: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }),
  })
  .meta({ id: "FlowRecords" });
export type TFlowRecordsResponse = z.infer<typeof ZFlowRecordsResponse>;
type _FlowRecordsAgree = Agrees<SameShape<TFlowRecordsResponse, FlowRecords>>;

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
  "/api/v1/flows/records": {
    get: {
      operationId: "listFlowRecords",
      tags: ["public reads"],
      summary: "The records behind one edge of the flow graph, each with its block, transaction and log index",
      description:
        "The donations (channel → campaign), grants (campaign → campaign) or disbursements (campaign → purpose) of one edge of GET /api/v1/flows over the same days (UTC), in chain order, a page at a time. Their amounts add up to the edge's amount; for grants, to the acknowledged and in-transit edges together (refused grants are not edges).",
      requestParams: { query: ZFlowRecordsQuery },
      responses: { "200": json("One page of the records.", ZFlowRecordsResponse), ...problemResponses(400, 429) },
    },
  },
};
