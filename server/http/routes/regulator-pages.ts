import { Router } from "express";
import { z } from "zod";
import { AppError, AppErrorCode } from "../../domain/errors.ts";
import { ZDay, ZIdText } from "../../domain/schemas.ts";
import { getFlows } from "../../services/get-flows.ts";
import { getRegulatorDashboard } from "../../services/get-regulator-dashboard.ts";
import { listFlowRecords } from "../../services/list-flow-records.ts";
import { listRegulatorFlags } from "../../services/list-regulator-flags.ts";
import type { AppDeps } from "../deps.ts";
import { DEFAULT_TIME_ZONE } from "../i18n/locale.ts";
import { renderDashboardPage } from "../pages/regulator/dashboard-page.tsx";
import { renderFlagsPage } from "../pages/regulator/flags-page.tsx";
import { renderFlowRecordsPage } from "../pages/regulator/flow-records-page.tsx";
import { nodeLabel, recordsHref, renderFlowsPage } from "../pages/regulator/flows-page.tsx";
import { regulatorText } from "../pages/regulator/strings.ts";
import { parseOrThrow } from "../problem.ts";
import { pageContext, requireRegulator, sendPage, type SignedIn } from "./regulator-context.ts";

/** The regulators' pages, for a signed-in regulator only: compliance, flags, and the money flows. */
export function regulatorPageRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = requireRegulator(deps);
  const regulator = (res: { locals: Record<string, unknown> }) => res.locals.regulator as SignedIn;

  router.get("/regulator", signedIn, async (req, res) => {
    const query = parseOrThrow(ZDashboardQuery, req.query, { path: "query" });
    const year = query.year ?? beijingYear(new Date());
    const dashboard = await getRegulatorDashboard({ compliance: deps.compliance, regulatorFlags: deps.regulatorFlags, year });
    sendPage(res, 200, renderDashboardPage(pageContext(req, res, regulator(res)), dashboard));
  });

  router.get("/regulator/organisations/:id/flags", signedIn, async (req, res) => {
    const organisationId = parseOrThrow(ZIdText, req.params.id, { path: "id" });
    const name = await deps.organisations.name(organisationId);
    if (name === undefined) throw new AppError(AppErrorCode.NotFound, `No organisation ${organisationId} is on the ledger.`);
    const me = regulator(res);
    const flags = await listRegulatorFlags({ regulatorFlags: deps.regulatorFlags, principal: { clientId: me.clientId, role: "regulator" }, organisationId });
    sendPage(res, 200, renderFlagsPage(pageContext(req, res, me), { id: organisationId.toString(), name }, flags));
  });

  router.get("/regulator/flows", signedIn, async (req, res) => {
    const query = parseOrThrow(ZFlowsPageQuery, req.query, { path: "query" });
    const flows = await getFlows({ flows: deps.flows, ...pick(query) });
    sendPage(res, 200, renderFlowsPage(pageContext(req, res, regulator(res)), flows, deps.explorerTxUrl ? { explorerTxUrl: deps.explorerTxUrl } : {}));
  });

  // The records of one flow, for the flows page's table: the chart lists the same from /api/v1/flows/records.
  router.get("/regulator/flows/records", signedIn, async (req, res) => {
    const query = parseOrThrow(ZRecordsPageQuery, req.query, { path: "query" });
    const context = pageContext(req, res, regulator(res));
    const records = await listFlowRecords({ flowRecords: deps.flowRecords, ...query, limit: 100 });
    // The flow's names and currency, as the flows page showed them.
    const flows = await getFlows({ flows: deps.flows, from: records.from, to: records.to });
    const graph = flows.currencies.find((g) => g.edges.some((e) => e.source === query.source && e.target === query.target));
    const nodes = new Map((graph?.nodes ?? []).map((n) => [n.id, n]));
    const label = (id: string) => (nodes.has(id) ? nodeLabel(nodes.get(id)!, nodes, regulatorText[context.lang]) : id);
    const more = records.next ? `${recordsHref(records, query.source, query.target)}&cursor=${encodeURIComponent(records.next)}` : undefined;
    const back = `/regulator/flows?${new URLSearchParams({ from: records.from, to: records.to })}`;
    sendPage(
      res,
      200,
      renderFlowRecordsPage(context, records, {
        sourceLabel: label(query.source),
        targetLabel: label(query.target),
        currency: graph?.currency,
        moreHref: more,
        backHref: back,
        ...(deps.explorerTxUrl ? { explorerTxUrl: deps.explorerTxUrl } : {}),
      }),
    );
  });

  return router;
}

/** The year it is now in Beijing: the dashboard's default. */
function beijingYear(now: Date): number {
  return Number(new Intl.DateTimeFormat("en", { timeZone: DEFAULT_TIME_ZONE, year: "numeric" }).format(now));
}

const ZLang = z.enum(["zh", "en"]).optional();

const ZDashboardQuery = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, "must be a year, four digits")
    .transform(Number)
    .pipe(z.number().min(2000).max(2999))
    .optional(),
  lang: ZLang,
});

// An empty box in the form means "not given".
const blank = (v: unknown) => (v === "" ? undefined : v);
const ZFlowsPageQuery = z.strictObject({
  from: z.preprocess(blank, ZDay.optional()),
  to: z.preprocess(blank, ZDay.optional()),
  organisation: z.preprocess(blank, ZIdText.optional()),
  lang: ZLang,
});

function pick(q: z.infer<typeof ZFlowsPageQuery>) {
  return { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), ...(q.organisation !== undefined ? { organisation: q.organisation } : {}) };
}

const ZRecordsPageQuery = z.strictObject({
  source: z.string().max(80),
  target: z.string().max(80),
  from: ZDay.optional(),
  to: ZDay.optional(),
  cursor: z.string().max(600).optional(),
  lang: ZLang,
});
