import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { ZLimit } from "../../domain/page-cursor.ts";
import { ZFlagNote, ZIdText } from "../../domain/schemas.ts";
import { clearRegulatorFlag } from "../../services/clear-regulator-flag.ts";
import { listAccessLog, type AccessLogEntryView } from "../../services/list-access-log.ts";
import { listRegulatorFlags, type RegulatorFlags } from "../../services/list-regulator-flags.ts";
import { raiseRegulatorFlag } from "../../services/raise-regulator-flag.ts";
import type { RegulatorFlagView } from "../../services/regulator-flag-view.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { readPrincipal } from "../read-principal.ts";
import { BEARER, json, OPTIONAL_BEARER, problemResponses, ZIdString, type Agrees, type RouteOperations, type SameShape } from "../schemas.ts";

/**
 * What regulators do about an organisation, and what it sees of that: its access log (who read its
 * restricted detail, and why) and regulators' flags with their notes. `auth` is authenticate().
 */
export function oversightRoutes(deps: AppDeps, auth: RequestHandler): Router {
  const router = Router();
  router.get("/api/v1/organisations/:id/access-log", auth, async (req, res) => {
    const organisationId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const query = parseOrThrow(ZAccessLogQuery, req.query, { path: "query" });
    const page = await listAccessLog({ accessLog: deps.accessLog, principal: req.principal!, organisationId, limit: query.limit, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) });
    const body: TAccessLogResponse = { entries: page.items, next: page.next };
    res.set("Cache-Control", "private, no-store").json(body);
  });
  router.get("/api/v1/organisations/:id/regulator-flags", readPrincipal(deps.tokens), async (req, res) => {
    const organisationId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const flags = await listRegulatorFlags({ regulatorFlags: deps.regulatorFlags, organisationId, ...(req.principal ? { principal: req.principal } : {}) });
    const body: TRegulatorFlagsResponse = flags;
    res.set("Cache-Control", req.principal ? "private, no-store" : "no-store").json(body);
  });
  router.post("/api/v1/regulator-flags", auth, async (req, res) => {
    const request = parseOrThrow(ZRaiseFlagRequest, req.body, { path: "body" });
    const target = request.recordId !== undefined ? { recordId: request.recordId } : { organisationId: request.organisationId! };
    const flag: TRegulatorFlag = await raiseRegulatorFlag({ regulatorFlags: deps.regulatorFlags, organisations: deps.organisations, principal: req.principal!, target, note: request.note });
    res.status(201).set("Cache-Control", "no-store").json(flag);
  });
  router.post("/api/v1/regulator-flags/:flagId/clearance", auth, async (req, res) => {
    const flagId = parseOrThrow(ZIdText, req.params.flagId, { path: "flagId" });
    const request = parseOrThrow(ZClearFlagRequest, req.body, { path: "body" });
    const flag: TRegulatorFlag = await clearRegulatorFlag({ regulatorFlags: deps.regulatorFlags, principal: req.principal!, flagId, note: request.note });
    res.set("Cache-Control", "no-store").json(flag);
  });
  return router;
}

export const ZAccessLogQuery = z.strictObject({
  limit: ZLimit(100, 1_000),
  cursor: z.string().max(512, "is not a valid cursor").optional(),
});

const ZHashHex = z.string().regex(/^[0-9a-f]{64}$/);

const ZAccessLogEntry = z
  .object({
    seq: ZIdString.meta({ description: "The entry's place in the whole log (1, 2, 3, …; other organisations' entries fill the gaps)." }),
    at: z.string(),
    clientId: z.string().meta({ description: "The regulator's client." }),
    role: z.string(),
    resource: z.string().meta({ description: "What was read: `disbursement:<id>:recipient-reference,evidence` or `evidence:<sha256>`." }),
    purpose: z.string().meta({ description: "Why, as the regulator said." }),
    prevHash: ZHashHex,
    hash: ZHashHex.meta({ description: "SHA-256 of prevHash, a newline and the entry's fields (README: the access log). Keep it: a later change to the entry, or to any before it, no longer leads to it." }),
  })
  .meta({ id: "AccessLogEntry" });
type _AccessEntryAgrees = Agrees<SameShape<z.infer<typeof ZAccessLogEntry>, AccessLogEntryView>>;

export const ZAccessLogResponse = z.object({
  entries: z.array(ZAccessLogEntry),
  next: z.string().nullable().meta({ description: "Pass it back as `cursor` for the next page." }),
});
export type TAccessLogResponse = z.infer<typeof ZAccessLogResponse>;

const ZRegulatorFlag = z
  .object({
    id: ZIdString,
    organisationId: ZIdString,
    recordId: ZIdString.nullable().meta({ description: "Null when the flag is on the organisation itself." }),
    note: z.string(),
    flaggedBy: z.string(),
    flaggedAt: z.string(),
    cleared: z.object({ at: z.string(), by: z.string(), note: z.string() }).nullable(),
  })
  .meta({ id: "RegulatorFlag" });
export type TRegulatorFlag = z.infer<typeof ZRegulatorFlag>;
type _FlagAgrees = Agrees<SameShape<TRegulatorFlag, RegulatorFlagView>>;

export const ZRegulatorFlagsResponse = z.object({
  open: z.object({ organisation: z.int().min(0), records: z.int().min(0) }).meta({ description: "Open flags on the organisation itself and on its records: public." }),
  flags: z.array(ZRegulatorFlag).optional().meta({ description: "With a regulator's token or the organisation's own: every flag with its note, newest first, cleared ones included." }),
});
export type TRegulatorFlagsResponse = z.infer<typeof ZRegulatorFlagsResponse>;
type _FlagsAgree = Agrees<SameShape<TRegulatorFlagsResponse, RegulatorFlags>>;

const ZIdInBody = z.union([z.string().regex(/^[1-9]\d{0,18}$/, "must be a positive integer id"), z.int().min(1)], { error: "must be a positive integer id" }).transform((v) => BigInt(v));

export const ZRaiseFlagRequest = z
  .strictObject({
    organisationId: ZIdInBody.optional().meta({ description: "Flag the organisation itself." }),
    recordId: ZIdInBody.optional().meta({ description: "Or flag one record in its books (a donation, grant, disbursement, refund or correction)." }),
    note: ZFlagNote.meta({ description: "For regulators and the organisation; never shown to the public, and never a person's ID or phone number." }),
  })
  .refine((r) => (r.organisationId === undefined) !== (r.recordId === undefined), { message: "give either organisationId or recordId, not both", path: ["organisationId"] });

export const ZClearFlagRequest = z.strictObject({ note: ZFlagNote.meta({ description: "Why the flag is cleared." }) });

export const oversightOperations: RouteOperations = {
  "/api/v1/organisations/{id}/access-log": {
    get: {
      operationId: "listAccessLog",
      tags: ["oversight"],
      summary: "Who read this organisation's restricted detail, when, what and why",
      description:
        "For regulators and the organisation's own clients (403 otherwise). Every read of a plain recipient reference or an evidence file by a regulator is logged before it is answered, with the purpose the regulator gave. Oldest first. The log is append-only and hash-chained across all organisations; `npm run verify` checks the chain.",
      security: BEARER,
      requestParams: { path: z.object({ id: ZIdText }), query: ZAccessLogQuery },
      responses: { "200": json("One page of the organisation's access log.", ZAccessLogResponse), ...problemResponses(400, 401, 403, 429) },
    },
  },
  "/api/v1/organisations/{id}/regulator-flags": {
    get: {
      operationId: "listRegulatorFlags",
      tags: ["oversight"],
      summary: "Regulators' flags on an organisation and its records",
      description: "Public as counts of open flags; a regulator's token, or the organisation's own, also reads every flag with its note.",
      security: OPTIONAL_BEARER,
      requestParams: { path: z.object({ id: ZIdText }) },
      responses: { "200": json("The flags.", ZRegulatorFlagsResponse), ...problemResponses(400, 401, 429) },
    },
  },
  "/api/v1/regulator-flags": {
    post: {
      operationId: "raiseRegulatorFlag",
      tags: ["oversight"],
      summary: "Flag an organisation or a record, with a note (regulators)",
      description: "A regulator's client only (403 otherwise). Off-chain: the public sees the count, regulators and the organisation the note. 404 for an organisation or record the mirror does not hold.",
      security: BEARER,
      requestBody: { required: true, content: { "application/json": { schema: ZRaiseFlagRequest } } },
      responses: { "201": json("The flag.", ZRegulatorFlag), ...problemResponses(400, 401, 403, 404, 429) },
    },
  },
  "/api/v1/regulator-flags/{flagId}/clearance": {
    post: {
      operationId: "clearRegulatorFlag",
      tags: ["oversight"],
      summary: "Clear a flag, saying why (regulators)",
      description: "A regulator's client only (403 otherwise); 409 when it was cleared already. The flag stays readable with its clearing.",
      security: BEARER,
      requestParams: { path: z.object({ flagId: ZIdText }) },
      requestBody: { required: true, content: { "application/json": { schema: ZClearFlagRequest } } },
      responses: { "200": json("The cleared flag.", ZRegulatorFlag), ...problemResponses(400, 401, 403, 404, 409, 429) },
    },
  },
};
