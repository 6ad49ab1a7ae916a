import { currencyExponent, formatMinorUnits } from "../../domain/money.ts";
import type { Report } from "../../services/build-organisation-report.ts";
import { formatDate, formatDateTime, formatMoney, LOCALE, type Lang } from "../i18n/locale.ts";
import { reportText, type ReportText } from "./report-strings.ts";

/** How a report is written for one reader: the words, the formats and the links of its figures. */
export interface ReportView {
  t: ReportText;
  lang: Lang;
  money(minorUnits: string, unit: string): string;
  /** An amount in whole units as a number, for drawing only (the tables show the exact figure). */
  major(minorUnits: string, unit: string): number;
  count(n: number): string;
  /** A UTC day ("2026-03-01") in the reader's language. */
  day(day: string): string;
  /** A moment in Beijing time. */
  moment(iso: string): string;
  href: {
    /** The ledger query the figures were summed by. */
    ledger: string;
    /** The flows query, narrowed to one purpose's disbursements when given. */
    flows(category?: string): string;
    /** The records export of the report's range. */
    records: string;
    /** An API path as an absolute address. */
    api(path: string): string;
    /** A transaction on the block explorer, when one is configured. */
    tx(hash: string): string | undefined;
    /** This report in the other language, and as a PDF. */
    otherLang: string;
    pdf: string;
  };
}

export interface ReportLinks {
  /** Absolute base of every link (the PDF keeps its links working). */
  baseUrl: string;
  /** The report page's own path, without query. */
  path: string;
  explorerTxUrl?: string;
}

export function reportView(report: Report, lang: Lang, links: ReportLinks): ReportView {
  const t = reportText[lang];
  const base = links.baseUrl;
  const range = `from=${report.from}&to=${report.to}`;
  const orgId = report.organisation.id;
  const campaignId = report.campaign?.id;
  const numbers = new Intl.NumberFormat(LOCALE[lang]);
  return {
    t,
    lang,
    money: (minor, unit) => (/^[A-Z]{3}$/.test(unit) ? formatMoneySafe(minor, unit, lang) : formatMinorUnits(BigInt(minor), unit)),
    major: (minor, unit) => Number(minor) / 10 ** (/^[A-Z]{3}$/.test(unit) ? currencyExponent(unit) : 0),
    count: (n) => numbers.format(n),
    day: (day) => formatDate(new Date(`${day}T00:00:00Z`), lang, "UTC"),
    moment: (iso) => formatDateTime(new Date(iso), lang),
    href: {
      ledger: campaignId ? `${base}/api/v1/campaigns/${campaignId}/ledger?${range}&period=year` : `${base}/api/v1/organisations/${orgId}/ledger?${range}&period=year`,
      flows: (category) => `${base}/api/v1/flows?${range}&organisation=${orgId}${category ? `&category=${encodeURIComponent(category)}` : ""}`,
      records: campaignId ? `${base}/api/v1/campaigns/${campaignId}/records.csv` : `${base}/api/v1/organisations/${orgId}/records.csv?${range}`,
      api: (path) => `${base}${path}`,
      tx: (hash) => links.explorerTxUrl?.replace("{txHash}", hash),
      otherLang: `${base}${links.path}?lang=${t.switchLanguageLang}`,
      pdf: `${base}${links.path}.pdf?lang=${lang}`,
    },
  };
}

function formatMoneySafe(minor: string, currency: string, lang: Lang): string {
  try {
    return formatMoney(minor, currency, lang, currencyExponent(currency));
  } catch {
    // A three-letter code Intl does not know.
    return formatMinorUnits(BigInt(minor), currency);
  }
}
