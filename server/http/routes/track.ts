import { Router } from "express";
import { z } from "zod";
import { CHANNELS, PURPOSES, ZIdText } from "../../domain/schemas.ts";
import type { DonationTrace } from "../../domain/trace.ts";
import type { VerificationStatus } from "../../domain/verification.ts";
import { getDonationTrace } from "../../services/get-donation-trace.ts";
import type { Health } from "../../services/get-health.ts";
import { listFlaggedRecords, type FlaggedRecord } from "../../services/list-flagged-records.ts";
import { parseOrThrow } from "../problem.ts";
import type { AppDeps } from "../deps.ts";
import {
  json,
  problemResponses,
  ZBlockNumber,
  ZChainRef,
  ZIdString,
  ZMinorUnits,
  ZNamedOrganisation,
  ZTitledCampaign,
  ZVerificationStatus,
  type RouteOperations,
  type Agrees,
  type SameShape,
} from "../schemas.ts";

export function trackRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get("/api/v1/track/:trackingCode", async (req, res) => {
    const trace = await getDonationTrace({ traceRows: deps.traceRows, ...(deps.traces ? { cache: deps.traces } : {}), trackingCode: req.params.trackingCode });
    const body: TTrackResponse = { ...trace, verification: deps.verification() };
    res.set("Cache-Control", "no-store").json(body);
  });
  // Public: records that break a rule the contract leaves to the mirror. Paged by block, newest first.
  router.get("/api/v1/flags", async (req, res) => {
    const query = parseOrThrow(ZFlagsQuery, req.query, { path: "query" });
    const flags = await listFlaggedRecords({ flags: deps.flags, limit: query.limit, ...(query.before ? { beforeBlock: query.before } : {}) });
    const body: TFlagsResponse = { ...flags, verification: deps.verification() };
    res.set("Cache-Control", "no-store").json(body);
  });
  router.get("/health", async (_req, res) => {
    const health: THealthResponse = await deps.health();
    res.status(health.status === "ok" ? 200 : 503).set("Cache-Control", "no-store").json(health);
  });
  return router;
}

const ZFlagsQuery = z.strictObject({
  limit: z.string().regex(/^[1-9]\d{0,2}$/, "must be 1 to 500").transform(Number).pipe(z.number().max(500, "must be 1 to 500")).default(100),
  /** Only records in blocks below this one: the last page's oldest block, for the next page. */
  before: ZIdText.optional(),
});

/** Which organisation's campaign a step happened in; `hop` counts the grants the money crossed to get there (0: the gift's own campaign). */
const ZWhere = z.object({ hop: z.int().min(0), organisation: ZNamedOrganisation, campaign: ZTitledCampaign });
const ZHash = z.string().regex(/^0x[0-9a-f]{64}$/);

const ZTraceStep = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("donated"), at: z.string(), amount: ZMinorUnits, channel: z.enum(CHANNELS) }),
    z.object({ kind: z.literal("recorded"), at: z.string(), amount: ZMinorUnits, recordId: ZIdString, chain: ZChainRef }),
    z.object({
      kind: z.literal("disbursed"),
      at: z.string(),
      where: ZWhere,
      amount: ZMinorUnits.meta({ description: "The part of this gift that paid for the disbursement (first in, first out)." }),
      disbursementAmount: ZMinorUnits,
      recordId: ZIdString,
      recipientCommitment: ZHash.meta({ description: "The recipient as the chain shows it: a keyed commitment, never the reference itself." }),
      purpose: z.enum(PURPOSES),
      evidenceSha256: ZHash,
      confirmed: z.boolean().meta({ description: "The recipient (or an auditor) confirmed on the chain that the payment arrived." }),
      chain: ZChainRef,
    }),
    z.object({
      kind: z.literal("granted"),
      at: z.string(),
      where: ZWhere,
      amount: ZMinorUnits.meta({ description: "The part of this gift passed on to another organisation (first in, first out)." }),
      grantAmount: ZMinorUnits,
      recordId: ZIdString,
      toOrganisation: ZNamedOrganisation,
      toCampaign: ZTitledCampaign,
      acknowledged: z.boolean(),
      refused: z.boolean().meta({ description: "The receiver refused it: this part of the gift flowed back and counts as held again." }),
      chain: ZChainRef,
    }),
    z.object({ kind: z.literal("refunded"), at: z.string(), where: ZWhere, amount: ZMinorUnits, recordId: ZIdString, chain: ZChainRef }),
    z.object({ kind: z.literal("corrected"), at: z.string(), where: ZWhere, amount: ZMinorUnits, recordId: ZIdString, chain: ZChainRef }),
    z.object({ kind: z.literal("failed"), at: z.string(), reason: z.string() }),
  ])
  .meta({ id: "TraceStep" });

/** A gift's journey, by its tracking code (server/domain/trace.ts). */
export const ZTrackResponse = z
  .object({
    trackingCode: z.string(),
    status: z.enum(["pending", "submitted", "confirmed", "failed"]).meta({ description: "The write's state: pending and submitted gifts are not on the ledger yet." }),
    amount: ZMinorUnits,
    currency: z.string(),
    unspent: ZMinorUnits.meta({ description: "Of the gift, how much is still held by the campaign." }),
    summary: z
      .object({
        delivered: ZMinorUnits,
        paidUnconfirmed: ZMinorUnits,
        inTransit: ZMinorUnits,
        heldDownstream: ZMinorUnits,
        heldHere: ZMinorUnits,
        refunded: ZMinorUnits,
        corrected: ZMinorUnits,
      })
      .meta({ description: "Where the gift is now; the parts add up to `amount` once it is on the ledger." }),
    organisation: ZNamedOrganisation,
    campaign: ZTitledCampaign,
    steps: z.array(ZTraceStep),
    flagged: z
      .array(z.object({ recordId: ZIdString, kind: z.enum(["refund", "correction"]), amount: ZMinorUnits, shortfall: ZMinorUnits, reason: z.string() }))
      .meta({ description: "Records that refer to this gift but break the ledger's rules: shown in public, and they moved no other donor's money." }),
    inconsistent: z.boolean().meta({ description: "The mirror's lots and slices of this gift do not add up to it; the journey is then not shown." }),
    asOfBlock: ZBlockNumber.nullable(),
    verification: ZVerificationStatus,
  })
  .meta({ id: "DonationTrace" });
export type TTrackResponse = z.infer<typeof ZTrackResponse>;
type _TraceAgrees = Agrees<SameShape<TTrackResponse, DonationTrace & { verification: VerificationStatus }>>;

export const ZFlagsResponse = z.object({
  flagged: z.array(z.object({ recordId: ZIdString, rule: z.string(), detail: z.string(), chain: ZChainRef })),
  asOfBlock: ZBlockNumber.nullable(),
  verification: ZVerificationStatus,
});
export type TFlagsResponse = z.infer<typeof ZFlagsResponse>;
type _FlagsAgree = Agrees<SameShape<TFlagsResponse, { flagged: FlaggedRecord[]; asOfBlock: string | null; verification: VerificationStatus }>>;

const ZPartStatus = z.object({
  status: z.enum(["running", "restarting", "stopped"]),
  restarts: z.int().min(0),
  lastExit: z.object({ how: z.string(), at: z.string() }).optional(),
  error: z.string().optional(),
});

export const ZHealthResponse = z
  .object({
    status: z.enum(["ok", "degraded", "starting"]),
    step: z.string().optional().meta({ description: "While starting: the step it is in." }),
    chain: z.object({ head: ZBlockNumber.nullable(), error: z.string().optional(), held: z.string().optional(), process: ZPartStatus.optional() }),
    indexer: z.object({ indexedBlock: ZBlockNumber.nullable(), lag: ZBlockNumber.nullable(), error: z.string().optional() }),
    database: z.object({ status: z.enum(["ok", "down"]), error: z.string().optional(), process: ZPartStatus.optional() }),
    verification: ZVerificationStatus,
  })
  .meta({ id: "Health" });
export type THealthResponse = z.infer<typeof ZHealthResponse>;
type _HealthAgrees = Agrees<SameShape<THealthResponse, Health>>;

/** What the port answers before the app is wired (server/startup.ts). */
const ZHealthStarting = z.object({ status: z.literal("starting"), step: z.string() });

export const trackOperations: RouteOperations = {
  "/api/v1/track/{trackingCode}": {
    get: {
      operationId: "getDonationTrace",
      tags: ["public reads"],
      summary: "A gift's journey by its tracking code",
      requestParams: { path: z.object({ trackingCode: z.string().meta({ description: "DN- and 16 letters and digits, in groups of 4 (case and dashes are forgiven)." }) }) },
      responses: { "200": json("Each step with its block and transaction.", ZTrackResponse), ...problemResponses(400, 404, 429) },
    },
  },
  "/api/v1/flags": {
    get: {
      operationId: "listFlaggedRecords",
      tags: ["public reads"],
      summary: "Records the mirror flagged as breaking a rule the contract leaves to it, newest first",
      requestParams: { query: ZFlagsQuery },
      responses: { "200": json("The flagged records.", ZFlagsResponse), ...problemResponses(400, 429) },
    },
  },
  "/health": {
    get: {
      operationId: "getHealth",
      tags: ["operations"],
      summary: "Chain head, indexed block, database, and when the mirror was last verified",
      responses: {
        "200": json("Everything is up and the mirror agrees with the chain.", ZHealthResponse),
        "503": json("Starting (with the step), or degraded: a part is down or a difference with the chain stands.", z.union([ZHealthResponse, ZHealthStarting])),
      },
    },
  },
};
