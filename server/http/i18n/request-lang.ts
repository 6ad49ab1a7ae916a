import type { Request, Response } from "express";
import { cookiesOf } from "../cookies.ts";
import { chooseLang, isLang, type Lang } from "./locale.ts";

/** A year: the switch is a lasting choice, not a visit's. */
const LANG_COOKIE_MS = 365 * 86_400_000;

/** The page's language (?lang=, then the `lang` cookie, then the browser's), remembering a ?lang= choice in the cookie. */
export function langOf(req: Request, res: Response): Lang {
  const asked = req.query.lang;
  if (isLang(asked)) res.cookie("lang", asked, { path: "/", sameSite: "lax", maxAge: LANG_COOKIE_MS, secure: req.secure });
  return chooseLang({ query: asked, cookie: cookiesOf(req).lang, acceptLanguage: req.get("accept-language") });
}

/** The language a request would read, without remembering anything (for error pages). */
export function langOfRequest(req: Request): Lang {
  return chooseLang({ query: req.query?.lang, cookie: cookiesOf(req).lang, acceptLanguage: req.get("accept-language") });
}

/** This address with ?lang= set to the other language: the language switch's link. */
export function switchHref(req: Request, lang: Lang): string {
  const url = new URL(req.originalUrl, "http://here");
  url.searchParams.set("lang", lang === "zh" ? "en" : "zh");
  return `${url.pathname}${url.search}`;
}
