import { Router } from "express";
import { z } from "zod";
import { ZLimit } from "../../domain/page-cursor.ts";
import { CHANNELS, PURPOSES, ZAccessPurpose, ZIdText } from "../../domain/schemas.ts";
import type { VerificationStatus } from "../../domain/verification.ts";
import { listDisbursementSources, type DisbursementSources } from "../../services/list-disbursement-sources.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { readPrincipal } from "../read-principal.ts";
import {
  json,
  OPTIONAL_BEARER,
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

/** Public reads about disbursements; a bearer token, when sent, shows its holder what it may see. */
export function disbursementRoutes(deps: AppDeps): Router {
  const router = Router();
  // Which gifts paid for it: its slices, first in first out, each with the gift and the grants it crossed.
  router.get("/api/v1/disbursements/:recordId/sources", readPrincipal(deps.tokens), async (req, res) => {
    const recordId = parseOrThrow(ZIdText, req.params.recordId, { path: "recordId" });
    const query = parseOrThrow(ZDisbursementSourcesQuery, req.query, { path: "query" });
    const sources = await listDisbursementSources({
      sources: deps.sources,
      recordId,
      limit: query.limit,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      ...(query.trackingCode !== undefined ? { trackingCode: query.trackingCode } : {}),
      ...(req.principal ? { principal: req.principal } : {}),
      accessLog: deps.accessLog,
      ...(query.purpose !== undefined ? { purpose: query.purpose } : {}),
    });
    const body: TDisbursementSourcesResponse = { ...sources, verification: deps.verification() };
    res.set("Cache-Control", "no-store").json(body);
  });
  return router;
}

export const ZDisbursementSourcesQuery = z.strictObject({
  limit: ZLimit(100, 500),
  /** The `next` of the previous page, unchanged. */
  cursor: z.string().max(512, "is not a valid cursor").optional(),
  /** A donor's own code: their gift among the sources is marked `yours`. */
  trackingCode: z.string().max(64, "is not a tracking code").optional(),
  /** Required with a regulator's token, which shows restricted detail: the read goes to the access log. */
  purpose: ZAccessPurpose.optional(),
});
export type TDisbursementSourcesQuery = z.infer<typeof ZDisbursementSourcesQuery>;

const ZPlace = { organisation: ZNamedOrganisation, campaign: ZTitledCampaign };
const ZAddress = z.string().regex(/^0x[0-9a-f]{40}$/);
const ZHash = z.string().regex(/^0x[0-9a-f]{64}$/);

/** Where the money of one source came from: a gift, or an auditor-approved positive correction. */
const ZSourceOrigin = z.discriminatedUnion("kind", [
  z.object({
    ...ZPlace,
    kind: z.literal("donation"),
    recordId: ZIdString,
    amount: ZMinorUnits.meta({ description: "The whole gift; the source's `amount` is the part of it this disbursement took." }),
    at: z.string(),
    channel: z.enum(CHANNELS),
    donor: z.string().meta({ description: "The donor commitment, masked: a donor recognises their own with `?trackingCode=`." }),
    chain: ZChainRef,
  }),
  z.object({ ...ZPlace, kind: z.literal("correction"), recordId: ZIdString, correctionId: ZIdString, amount: ZMinorUnits, at: z.string(), chain: ZChainRef }),
  z.object({ kind: z.literal("unknown"), recordId: ZIdString }).meta({ description: "Only if the mirror's allocation names an origin it does not hold (verify reports that)." }),
]);

export const ZDisbursementSourcesResponse = z
  .object({
    disbursement: z.object({
      ...ZPlace,
      recordId: ZIdString,
      amount: ZMinorUnits,
      currency: z.string(),
      at: z.string(),
      purpose: z.enum(PURPOSES),
      evidenceSha256: ZHash,
      recipientCommitment: ZHash.meta({ description: "The recipient as the chain shows it: a keyed commitment." }),
      confirmed: z.boolean(),
      confirmedBlock: ZBlockNumber.nullable(),
      chain: ZChainRef.extend({ blockTime: z.string() }),
      recipientReference: z.string().nullable().optional().meta({ description: "Regulators and the paying organisation only; null when the mirror holds no reference for it." }),
      evidence: z
        .object({ sha256: ZHash, authorisedBy: ZAddress, payee: ZAddress.nullable(), confirmer: ZAddress.nullable(), confirmedBy: ZAddress.nullable() })
        .optional()
        .meta({ description: "Regulators only: what the ledger says about how the payment is evidenced and attested." }),
    }),
    totals: z
      .object({ sources: z.int().min(0), amount: ZMinorUnits, consistent: z.boolean() })
      .meta({ description: "Over all sources, not one page: their number and sum, and whether the sum is the disbursement's amount." }),
    sources: z.object({
      items: z.array(
        z.object({
          amount: ZMinorUnits.meta({ description: "What this origin paid of the disbursement (first in, first out)." }),
          hop: z.int().min(0).meta({ description: "How many grants the money crossed to reach the paying campaign." }),
          path: z.array(z.object(ZPlace)).meta({ description: "The campaigns the money passed through, from where it was given to the one that paid." }),
          origin: ZSourceOrigin,
          yours: z.boolean().optional().meta({ description: "Only when a tracking code was given: whether this is that donor's gift." }),
        }),
      ),
      next: z.string().nullable().meta({ description: "Pass it back as `cursor` for the next page." }),
    }),
    asOfBlock: ZBlockNumber.nullable(),
    verification: ZVerificationStatus,
  })
  .meta({ id: "DisbursementSources" });
export type TDisbursementSourcesResponse = z.infer<typeof ZDisbursementSourcesResponse>;
type _SourcesAgree = Agrees<SameShape<TDisbursementSourcesResponse, DisbursementSources & { verification: VerificationStatus }>>;

export const disbursementOperations: RouteOperations = {
  "/api/v1/disbursements/{recordId}/sources": {
    get: {
      operationId: "listDisbursementSources",
      tags: ["public reads"],
      summary: "Which gifts paid for a disbursement, oldest money first, with the grants each crossed",
      description:
        "Public; a regulator's or the paying charity's token shows the recipient reference too, a regulator's the evidence. A regulator must say why in `purpose` (400 otherwise): the read is written to the access log, which the paying organisation reads.",
      security: OPTIONAL_BEARER,
      requestParams: { path: z.object({ recordId: ZIdText }), query: ZDisbursementSourcesQuery },
      responses: { "200": json("The disbursement and a page of its sources.", ZDisbursementSourcesResponse), ...problemResponses(400, 401, 404, 429) },
    },
  },
};
