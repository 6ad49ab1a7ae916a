import type { Request, Response } from "express";
import type { AppDeps } from "../deps.ts";
import { DEFAULT_TIME_ZONE } from "../i18n/locale.ts";
import { langOf, langOfRequest, switchHref } from "../i18n/request-lang.ts";
import type { PageContext } from "../pages/page-context.ts";

/** A public page's context: the reader's language (remembering a ?lang= choice), the deployment's zone and public address. */
export function pageContextOf(req: Request, res: Response, deps: Pick<AppDeps, "publicUrl" | "timeZone">): PageContext {
  const lang = langOf(req, res);
  return { lang, switchHref: switchHref(req, lang), timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE, publicUrl: deps.publicUrl };
}

/** For error pages: the same, without setting a cookie on an answer that failed. */
export function errorPageContextOf(req: Request, deps: Pick<AppDeps, "publicUrl" | "timeZone">): PageContext {
  const lang = langOfRequest(req);
  return { lang, switchHref: switchHref(req, lang), timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE, publicUrl: deps.publicUrl };
}
