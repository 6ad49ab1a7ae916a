import type { NextFunction, Request, RequestHandler, Response } from "express";
import { getRegulatorSession } from "../../services/get-regulator-session.ts";
import { csrfTokenFor, sameToken } from "../../services/regulator-session-secrets.ts";
import { cookiesOf } from "../cookies.ts";
import type { AppDeps } from "../deps.ts";
import { langOf, switchHref } from "../i18n/request-lang.ts";
import type { PageContext } from "../pages/regulator/layout.tsx";
import { renderCsrfPage } from "../pages/regulator/csrf-page.tsx";

/** The session cookie: sent only to the regulator pages, never to scripts, never from another site. */
export const SESSION_COOKIE = "regulator_session";
export const SESSION_PATH = "/regulator";
/** Eight hours: a working day, after which the regulator signs in again. */
export const DEFAULT_SESSION_SECONDS = 8 * 3600;

/**
 * The regulator pages' policy: the app's, plus scripts and fetches from this server only (the
 * ECharts bundle and the page script under /assets, and the JSON they read). Nothing inline.
 */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface SignedIn {
  clientId: string;
  sessionId: string;
  csrfToken: string;
}

export function pageContext(req: Request, res: Response, signedIn?: SignedIn): PageContext {
  const lang = langOf(req, res);
  return { lang, switchHref: switchHref(req, lang), ...(signedIn ? { session: { clientId: signedIn.clientId, csrfToken: signedIn.csrfToken } } : {}) };
}

export function sendPage(res: Response, status: number, body: string): void {
  res.status(status).type("html").set({ "Cache-Control": "no-store", "Content-Security-Policy": PAGE_POLICY }).send(body);
}

/**
 * Lets a signed-in regulator through, with `res.locals.regulator`; anyone else goes to the
 * sign-in page (told their session ended when they brought one that no longer signs in).
 */
export function requireRegulator(deps: AppDeps): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const sessionId = cookiesOf(req)[SESSION_COOKIE];
    const session = await getRegulatorSession({ regulatorSessions: deps.regulatorSessions, apiClients: deps.apiClients, sessionId });
    if (!session) {
      res.set("Cache-Control", "no-store");
      return res.redirect(303, sessionId ? "/regulator/sign-in?ended=1" : "/regulator/sign-in");
    }
    const signedIn: SignedIn = { clientId: session.clientId, sessionId: sessionId!, csrfToken: csrfTokenFor(sessionId!) };
    res.locals.regulator = signedIn;
    next();
  };
}

/** For POSTs of a signed-in regulator: the form's `csrf` field must be the session's token, else 403. */
export function requireCsrf(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const signedIn = res.locals.regulator as SignedIn;
    if (sameToken(formField(req, "csrf"), signedIn.csrfToken)) return next();
    sendPage(res, 403, renderCsrfPage(pageContext(req, res, signedIn)));
  };
}

export function formField(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : undefined;
}
