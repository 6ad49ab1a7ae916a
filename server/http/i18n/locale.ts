import { currencyExponent, formatMinorUnits } from "../../domain/money.ts";

/**
 * The languages pages are written in, and how a request picks one: `?lang=` first (and the switch
 * on every page sets it), then the `lang` cookie the switch leaves, then the browser's
 * Accept-Language (Simplified Chinese when it prefers any Chinese), else English. Pure: the
 * routes pass in what the request carries.
 */
export const LANGS = ["zh", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** BCP 47 tags for `lang` attributes and Intl. */
export const LOCALE: Record<Lang, string> = { zh: "zh-CN", en: "en" };

/** Beijing time unless the deployment says otherwise. */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export const isLang = (value: unknown): value is Lang => typeof value === "string" && (LANGS as readonly string[]).includes(value);

export function chooseLang(from: { query?: unknown; cookie?: string | undefined; acceptLanguage?: string | undefined }): Lang {
  if (isLang(from.query)) return from.query;
  if (isLang(from.cookie)) return from.cookie;
  return preferredByBrowser(from.acceptLanguage ?? "");
}

/** The first of the browser's languages, by weight, that is one of ours. */
function preferredByBrowser(header: string): Lang {
  const ranked = header
    .split(",")
    .map((part, order) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag ?? "", q: q === undefined ? 1 : Number(q), order };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { tag } of ranked) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return "en";
}

/**
 * Intl formatters by what they format: building one costs tens of microseconds (more than a whole
 * line of a page), using one almost nothing. A handful of languages, zones and currencies exist.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function kept<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formatters.get(key) as T | undefined;
  if (!format) formatters.set(key, (format = make()));
  return format;
}

/**
 * Minor units (a string of digits or a bigint) as money people read: ¥1,250.00 in zh-CN,
 * CN¥1,250.00 in en. Exact: no float ever holds the amount. A unit that is not an ISO 4217 code
 * (a token's symbol) is written after the number.
 */
export function formatMoney(minorUnits: bigint | string, currency: string, lang: Lang, exponent = currencyExponent(currency)): string {
  const units = BigInt(minorUnits);
  if (!/^[A-Z]{3}$/.test(currency)) return formatMinorUnits(units, currency, exponent);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(exponent + 1, "0");
  const decimal = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  const format = kept(`${lang} ${currency} ${exponent}`, () =>
    new Intl.NumberFormat(LOCALE[lang], { style: "currency", currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent }),
  );
  // Intl formats a decimal string exactly (no conversion to a double).
  return format.format(`${negative ? "-" : ""}${decimal}` as unknown as number);
}

/** A moment in the reader's language and zone: "2026年11月24日 17:05" or "24 November 2026, 17:05". */
export function formatDateTime(date: Date, lang: Lang, timeZone = DEFAULT_TIME_ZONE): string {
  return kept(`${lang} ${timeZone} datetime`, () => new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: "long", timeStyle: "short", timeZone, hourCycle: "h23" })).format(date);
}

export function formatDate(date: Date, lang: Lang, timeZone = DEFAULT_TIME_ZONE): string {
  return kept(`${lang} ${timeZone} date`, () => new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: "long", timeZone })).format(date);
}

/**
 * A catalogue: one object per language of the same shape, the English one defining it. Missing or
 * extra keys fail the type check; `catalogueProblems` finds them at run time as well (a test walks
 * every catalogue with it).
 */
export type Catalogue<T> = Record<Lang, T>;

export function catalogueProblems(catalogue: Catalogue<unknown>): string[] {
  const keys = (value: unknown, prefix: string): string[] =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [`${prefix}${k}`, ...keys(v, `${prefix}${k}.`)])
      : [];
  const first: Lang = "en";
  const others = LANGS.filter((l) => l !== first);
  const reference = new Set(keys(catalogue[first], ""));
  const problems: string[] = [];
  for (const lang of others) {
    const own = new Set(keys(catalogue[lang], ""));
    for (const k of reference) if (!own.has(k)) problems.push(`${lang} lacks ${k}`);
    for (const k of own) if (!reference.has(k)) problems.push(`${lang} has ${k}, which ${first} does not`);
  }
  return problems;
}
