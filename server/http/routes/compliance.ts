import { DISCLOSURE_PROBLEM_KEYS, REASON_KEYS } from "../../domain/compliance.ts";
import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { RULE_KINDS, RULE_SCOPES } from "../../domain/compliance.ts";
import { ZIdText } from "../../domain/schemas.ts";
import { checkCompliance, type ComplianceReport } from "../../services/check-compliance.ts";
import { editComplianceRule } from "../../services/edit-compliance-rule.ts";
import { listComplianceRules, type ComplianceRuleView } from "../../services/list-compliance-rules.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { BEARER, json, problemResponses, ZBlockNumber, ZIdString, type Agrees, type RouteOperations, type SameShape } from "../schemas.ts";
import { baseUrl } from "./writes.ts";

/** Compliance checks over the ledger (public, as the ledger is), and the rules they apply (edited by regulators). */
export function complianceRoutes(deps: AppDeps, auth: RequestHandler): Router {
  const router = Router();
  router.get("/api/v1/compliance", async (req, res) => {
    const query = parseOrThrow(ZComplianceQuery, req.query, { path: "query" });
    const report = await checkCompliance({ compliance: deps.compliance, year: query.year, ...(query.organisation !== undefined ? { organisationId: query.organisation } : {}) });
    // Links are absolute, as every other link the API gives.
    const base = baseUrl(req, deps);
    const body: TComplianceResponse = {
      ...report,
      organisations: report.organisations.map((o) => ({ ...o, results: o.results.map((r) => ({ ...r, links: r.links.map((l) => ({ ...l, href: base + l.href })) })) })),
    };
    res.set("Cache-Control", "no-store").json(body);
  });
  router.get("/api/v1/compliance-rules", async (_req, res) => {
    const body: TComplianceRulesResponse = await listComplianceRules({ compliance: deps.compliance });
    res.set("Cache-Control", "no-store").json(body);
  });
  router.patch("/api/v1/compliance-rules/:code", auth, async (req, res) => {
    const code = parseOrThrow(ZRuleCode, req.params.code, { path: "code" });
    const change = parseOrThrow(ZEditRuleRequest, req.body, { path: "body" });
    const body: TComplianceRule = await editComplianceRule({ compliance: deps.compliance, principal: req.principal!, code, change });
    res.set("Cache-Control", "no-store").json(body);
  });
  return router;
}

const ZRuleCode = z.string().regex(/^[a-z0-9-]{1,64}$/, "must be a rule's code");

export const ZComplianceQuery = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, "must be a year, four digits")
    .transform(Number)
    .pipe(z.number().min(2000, "must be 2000 or later").max(2999, "must be before 3000")),
  organisation: ZIdText.optional(),
});

export const ZEditRuleRequest = z
  .strictObject({
    parameters: z.record(z.string().regex(/^[A-Za-z]{1,40}$/), z.int().min(0).max(Number.MAX_SAFE_INTEGER)).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((r) => r.parameters !== undefined || r.enabled !== undefined, { message: "change parameters or enabled", path: ["parameters"] });

const ZComplianceRule = z
  .object({
    code: z.string(),
    kind: z.enum(RULE_KINDS),
    title: z.object({ en: z.string(), zh: z.string() }),
    source: z.string().meta({ description: "Where the rule comes from in regulation." }),
    appliesTo: z.enum(RULE_SCOPES),
    parameters: z.record(z.string(), z.number()),
    enabled: z.boolean(),
    parameterMeanings: z.record(z.string(), z.string()),
  })
  .meta({ id: "ComplianceRule" });
export type TComplianceRule = z.infer<typeof ZComplianceRule>;
type _RuleAgrees = Agrees<SameShape<TComplianceRule, ComplianceRuleView>>;

export const ZComplianceRulesResponse = z.object({ rules: z.array(ZComplianceRule) });
export type TComplianceRulesResponse = z.infer<typeof ZComplianceRulesResponse>;

const ZOutcome = z.enum(["pass", "fail", "warn", "not-applicable"]);

const ZComplianceResult = z
  .object({
    rule: z.string(),
    title: z.object({ en: z.string(), zh: z.string() }),
    source: z.string(),
    outcome: ZOutcome,
    explanation: z.string().meta({ description: "The result in one English sentence, with the figures." }),
    reason: z
      .object({
        key: z.enum(REASON_KEYS),
        values: z.record(z.string(), z.union([z.string(), z.number()])),
        problems: z.array(z.object({ key: z.enum(DISCLOSURE_PROBLEM_KEYS), values: z.record(z.string(), z.string()) })).optional(),
      })
      .meta({ description: "The same as data, for wording it in another language: a key, its values (amounts in minor units, shares in basis points, days, dates YYYY-MM-DD) and, for late disclosures, each way they were late." }),
    measured: z.record(z.string(), z.union([z.string(), z.number()])).meta({ description: "What was measured and held against: amounts as strings of minor units, shares in basis points, days." }),
    currency: z.string().optional(),
    campaign: z.object({ id: ZIdString, title: z.string() }).optional(),
    links: z
      .array(z.object({ rel: z.enum(["ledger", "records", "disclosures"]), href: z.string() }))
      .meta({ description: "The query the figures come from (ledger), the records themselves (records: CSV with block, transaction and log index), the disclosures read." }),
  })
  .meta({ id: "ComplianceResult" });

export const ZComplianceResponse = z.object({
  year: z.int(),
  asOf: z.object({ block: ZBlockNumber, time: z.string() }).nullable(),
  organisations: z.array(
    z.object({
      organisation: z.object({ id: ZIdString, name: z.string(), registrationNumber: z.string(), suspended: z.boolean(), publicFundraising: z.boolean() }),
      results: z.array(ZComplianceResult),
      summary: z.record(ZOutcome, z.int().min(0)),
    }),
  ),
});
export type TComplianceResponse = z.infer<typeof ZComplianceResponse>;
type _ReportAgrees = Agrees<SameShape<TComplianceResponse, ComplianceReport>>;

export const complianceOperations: RouteOperations = {
  "/api/v1/compliance": {
    get: {
      operationId: "checkCompliance",
      tags: ["oversight"],
      summary: "Compliance checks per organisation for a calendar year",
      description:
        "Every enabled rule of GET /api/v1/compliance-rules over the year (UTC), for one organisation (`organisation`) or all, from one snapshot of the mirror (`asOf`). Each result says pass, fail, warn or not-applicable with its figures and links to the query and the records they come from. Public: the figures are the ledger's.",
      requestParams: { query: ZComplianceQuery },
      responses: { "200": json("The results.", ZComplianceResponse), ...problemResponses(400, 404, 429) },
    },
  },
  "/api/v1/compliance-rules": {
    get: {
      operationId: "listComplianceRules",
      tags: ["oversight"],
      summary: "The compliance rules, each with its source in regulation",
      responses: { "200": json("The rules.", ZComplianceRulesResponse), ...problemResponses(429) },
    },
  },
  "/api/v1/compliance-rules/{code}": {
    patch: {
      operationId: "editComplianceRule",
      tags: ["oversight"],
      summary: "Change a rule's figures, or switch it off or on (regulators)",
      description: "A regulator's client only (403 otherwise). `parameters` may set only the names the rule's kind reads (see `parameterMeanings`), as whole numbers; the others keep their values.",
      security: BEARER,
      requestParams: { path: z.object({ code: ZRuleCode }) },
      requestBody: { required: true, content: { "application/json": { schema: ZEditRuleRequest } } },
      responses: { "200": json("The rule as changed.", ZComplianceRule), ...problemResponses(400, 401, 403, 404, 429) },
    },
  },
};
