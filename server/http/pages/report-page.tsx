import type { ComponentChildren } from "preact";
import type { Report } from "../../services/build-organisation-report.ts";
import { LOCALE, type Lang } from "../i18n/locale.ts";
import { renderDocument } from "./layout.tsx";
import { ComplianceSection, FlowsSection, GrantsSection, IncomeSection, SpendingSection, UnspentSection } from "./report-sections.tsx";
import { reportText } from "./report-strings.ts";
import { reportStylesheet } from "./report-styles.ts";
import { reportView, type ReportLinks, type ReportView } from "./report-view.ts";

/**
 * A report as a printable page: an organisation's year or a campaign, in the reader's language.
 * No scripts: the charts are SVG drawn on the server, each with a table of the same figures, and
 * every figure links to the query or the records it came from.
 */
export function renderReportPage(report: Report, lang: Lang, links: ReportLinks): string {
  const v = reportView(report, lang, links);
  const { t } = v;
  const title = report.campaign ? t.campaignTitle(report.campaign.title) : t.organisationTitle(report.organisation.name, report.year);
  return renderDocument(
    <ReportDocument lang={lang} title={title} v={v}>
      <div class="report-intro">
        <p class="kicker">{report.campaign ? t.campaignKicker(report.organisation.name) : t.organisationKicker}</p>
        <h1>{title}</h1>
        <p>{t.range(v.day(report.from), v.day(report.to))}</p>
        <p>{report.asOfBlock === null ? t.notIndexed : t.asOf(report.asOfBlock, v.moment(report.generatedAt))}</p>
        <Sources v={v} />
      </div>
      <SummarySection report={report} v={v} />
      <IncomeSection report={report} v={v} />
      <SpendingSection report={report} v={v} />
      <GrantsSection report={report} v={v} />
      <ComplianceSection report={report} v={v} />
      <UnspentSection report={report} v={v} />
      <FlowsSection report={report} v={v} />
    </ReportDocument>,
  );
}

function ReportDocument(props: { lang: Lang; title: string; v: ReportView; children: ComponentChildren }) {
  const { t, href } = props.v;
  return (
    <html lang={LOCALE[props.lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <link rel="icon" href="data:," />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} — ${t.siteName}`}</title>
        <style>{reportStylesheet}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="site">
          <div class="wrap report-wrap report-nav">
            <a href={href.api("/")}>{t.siteName}</a>
            <a href={href.otherLang} lang={LOCALE[t.switchLanguageLang as Lang]} hreflang={LOCALE[t.switchLanguageLang as Lang]}>
              {t.switchLanguage}
            </a>
            <a href={href.pdf}>{t.pdf}</a>
          </div>
        </header>
        <main id="main" class="wrap report">
          {props.children}
        </main>
        <footer class="foot">
          <div class="wrap report">
            <p>{t.printNote}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

function Sources({ v }: { v: ReportView }) {
  return (
    <>
      <h2>{v.t.sources}</h2>
      <ul class="sources">
        <li>
          <a href={v.href.ledger}>{v.t.sourceLedger}</a>
        </li>
        <li>
          <a href={v.href.flows()}>{v.t.sourceFlows}</a>
        </li>
        <li>
          <a href={v.href.records}>{v.t.sourceRecords}</a>
        </li>
      </ul>
    </>
  );
}

function SummarySection({ report, v }: { report: Report; v: ReportView }) {
  const { t } = v;
  return (
    <section class="report-section" aria-labelledby="summary">
      <h2 id="summary">{t.summary.heading}</h2>
      {report.ledgers.map((l) => {
        const figures: [string, string][] = [
          [t.summary.heldAtStart, l.totals.heldAtStart],
          [t.summary.in, l.totals.in.total],
          [t.summary.out, l.totals.out.total],
          [t.summary.heldAtEnd, l.totals.heldAtEnd],
          [t.summary.heldNow, l.held.now],
          [t.summary.inTransit, l.held.grantsInTransit.amount],
        ];
        return (
          <div key={l.currency}>
            {report.ledgers.length > 1 && <h3>{t.currency(l.currency)}</h3>}
            <dl class="figures">
              {figures.map(([label, amount]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>
                    <a href={v.href.ledger}>{v.money(amount, l.currency)}</a>
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        );
      })}
    </section>
  );
}

/** The page for a report that does not exist, in the reader's language. */
export function renderReportNotFoundPage(lang: Lang): string {
  const t = reportText[lang];
  return renderDocument(
    <html lang={LOCALE[lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{`${t.notFound.title} — ${t.siteName}`}</title>
        <style>{reportStylesheet}</style>
      </head>
      <body>
        <main id="main" class="wrap report">
          <h1>{t.notFound.title}</h1>
          <p class="lead">{t.notFound.message}</p>
          <p>
            <a href="/">{t.notFound.home}</a>
          </p>
        </main>
      </body>
    </html>,
  );
}
