import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { DEFAULT_TIME_ZONE, formatDate, formatDateTime, formatMoney, LOCALE, type Lang } from "../i18n/locale.ts";
import { donorText } from "./strings.ts";

/**
 * What every public page is rendered for: the reader's language, the zone dates are shown in, the
 * way to the other language, and the address the site is published at (for QR codes and links
 * that leave the page). Set once per request by the route; never taken from the request's Host.
 */
export interface PageContext {
  lang: Lang;
  timeZone: string;
  /** This page's address with `?lang=` set to the other language. */
  switchHref: string;
  /** The site's public origin, without a trailing slash: `https://give.example.org`. */
  publicUrl: string;
}

export const PageContextValue = createContext<PageContext>({ lang: "en", timeZone: DEFAULT_TIME_ZONE, switchHref: "?lang=zh", publicUrl: "" });

/** The page's language and the ways to write money and moments in it. For components rendered inside `renderDocument`. */
export function usePage() {
  return pageTools(useContext(PageContextValue));
}

export function pageTools(context: PageContext) {
  const { lang, timeZone } = context;
  return {
    ...context,
    t: donorText[lang],
    locale: LOCALE[lang],
    money: (minorUnits: bigint | string, currency: string) => formatMoney(minorUnits, currency, lang),
    /** An ISO timestamp as people read it, in the page's zone; unparseable input is shown as given. */
    dateTime: (iso: string) =>
      Number.isNaN(Date.parse(iso)) ? iso : `${formatDateTime(new Date(iso), lang, timeZone)} (${timeZone === DEFAULT_TIME_ZONE ? donorText[lang].beijingTime : timeZone})`,
    date: (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : formatDate(new Date(iso), lang, timeZone)),
  };
}

/**
 * The language of a text people typed (a campaign title, an organisation's name), when its script
 * tells: Han characters are Chinese, Latin letters without any Han are English. Undefined when it
 * cannot be told (digits, other scripts), so the text inherits the page's language.
 */
export function textLang(text: string): string | undefined {
  if (/\p{Script=Han}/u.test(text)) return LOCALE.zh;
  if (/\p{Script=Latin}/u.test(text)) return LOCALE.en;
  return undefined;
}
