import { explainCompliance } from "../../i18n/compliance-words.ts";
import type { Outcome } from "../../../domain/compliance.ts";
import type { DashboardOrganisation, RegulatorDashboard } from "../../../services/get-regulator-dashboard.ts";
import { when } from "./format.ts";
import { RegulatorDocument, renderDocument, type PageContext } from "./layout.tsx";
import { regulatorText, type RegulatorText } from "./strings.ts";

const SHOWN: Outcome[] = ["fail", "warn", "pass", "not-applicable"];

/**
 * GET /regulator: every organisation's compliance for a year (counts by outcome, and each failed
 * rule or warning with its explanation), its open flags, and the ways to look closer: its flags
 * and notes, its ledger, its flows, and the downloads (records, IATI file, annual report).
 */
export function renderDashboardPage(context: PageContext, dashboard: RegulatorDashboard): string {
  const t = regulatorText[context.lang].dashboard;
  const { year } = dashboard;
  return renderDocument(
    <RegulatorDocument context={{ ...context, current: "dashboard" }} title={t.heading(year)}>
      <h1>{t.heading(year)}</h1>
      <form method="get" action="/regulator" class="inline-form card">
        <div>
          <label for="year">{t.yearLabel}</label>
          <input type="number" id="year" name="year" value={String(year)} min={2000} max={2999} inputmode="numeric" />
        </div>
        <button type="submit">{t.show}</button>
      </form>
      <p>{dashboard.asOf ? t.asOf(dashboard.asOf.block, when(dashboard.asOf.time, context.lang)) : t.notIndexed}</p>
      {dashboard.organisations.length === 0 && <p>{t.none}</p>}
      {dashboard.organisations.map((o) => (
        <Organisation context={context} org={o} year={year} />
      ))}
    </RegulatorDocument>,
  );
}

function Organisation(props: { context: PageContext; org: DashboardOrganisation; year: number }) {
  const { lang } = props.context;
  const all: RegulatorText = regulatorText[lang];
  const t = all.dashboard;
  const { org, year } = props;
  const id = org.organisation.id;
  const headingId = `org-${id}`;
  const problems = org.results.filter((r) => r.outcome === "fail" || r.outcome === "warn");
  const flags = org.openFlags.organisation + org.openFlags.records;
  return (
    <section class="card" aria-labelledby={headingId}>
      <div class="org-head">
        <h2 id={headingId}>{org.organisation.name}</h2>
        <p>
          {t.registration}: <code>{org.organisation.registrationNumber}</code>
          {org.organisation.suspended && <strong> · {t.suspended}</strong>}
        </p>
      </div>
      <ul class="counts" aria-label={t.summaryLabel}>
        {SHOWN.map((outcome) => (
          <li class={outcome}>
            {t.outcomes[outcome]}: {org.summary[outcome]}
          </li>
        ))}
        <li class={flags > 0 ? "fail" : undefined}>{t.openFlags(flags)}</li>
      </ul>
      <h3>{t.problemsHeading}</h3>
      {problems.length === 0 ? (
        <p>{t.noProblems}</p>
      ) : (
        <ul class="problems">
          {problems.map((r) => (
            <li>
              <strong>
                {t.outcomes[r.outcome]}: {r.title[lang]}
              </strong>
              {r.campaign && <> · {t.campaign(r.campaign.title)}</>}
              <br />
              {explainCompliance(r.reason, lang, r.currency)}
            </li>
          ))}
        </ul>
      )}
      <h3>{t.links}</h3>
      <ul class="links">
        <li>
          <a href={`/regulator/organisations/${id}/flags`}>{t.flags}</a>
        </li>
        <li>
          <a href={`/api/v1/organisations/${id}/ledger?from=${year}-01-01&to=${year}-12-31&period=month`}>{t.ledger}</a>
        </li>
        <li>
          <a href={`/regulator/flows?from=${year}-01-01&to=${year}-12-31&organisation=${id}`}>{t.flows}</a>
        </li>
      </ul>
      <h3>{t.downloads}</h3>
      <ul class="links">
        <li>
          <a href={`/api/v1/organisations/${id}/records.csv?from=${year}-01-01&to=${year}-12-31`}>{t.recordsCsv(year)}</a>
        </li>
        <li>
          <a href={`/api/v1/organisations/${id}/iati.xml`}>{t.iati}</a>
        </li>
        <li>
          <a href={`/reports/organisations/${id}/${year}`}>{t.report(year)}</a>
        </li>
        <li>
          <a href={`/reports/organisations/${id}/${year}.pdf`}>{t.reportPdf(year)}</a>
        </li>
      </ul>
    </section>
  );
}
