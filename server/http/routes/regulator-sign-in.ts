import express, { Router, type Request, type Response } from "express";
import { AppError, AppErrorCode } from "../../domain/errors.ts";
import { endRegulatorSession } from "../../services/end-regulator-session.ts";
import { newCsrfToken, sameToken } from "../../services/regulator-session-secrets.ts";
import { signInRegulator } from "../../services/sign-in-regulator.ts";
import { cookiesOf } from "../cookies.ts";
import type { AppDeps } from "../deps.ts";
import { renderCsrfPage } from "../pages/regulator/csrf-page.tsx";
import { renderSignInPage } from "../pages/regulator/sign-in-page.tsx";
import { DEFAULT_SESSION_SECONDS, SESSION_COOKIE, SESSION_PATH, formField, pageContext, requireCsrf, requireRegulator, sendPage, type SignedIn } from "./regulator-context.ts";

/**
 * The sign-in form has no session to tie a CSRF token to, so it uses the double-submit pattern: a
 * random token in a cookie only this form's path receives, and the same token in the form.
 */
const SIGN_IN_COOKIE = "regulator_sign_in";
const SIGN_IN_PATH = "/regulator/sign-in";

/** Regulators sign in with their API client's id and secret, and out again; a server-side session. */
export function regulatorSignInRoutes(deps: AppDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: "8kb" });
  const ttlSeconds = deps.regulatorSessionSeconds ?? DEFAULT_SESSION_SECONDS;

  router.get("/regulator/sign-in", (req, res) => {
    const notice = req.query.ended !== undefined ? "expired" : req.query["signed-out"] !== undefined ? "signedOut" : undefined;
    sendPage(res, 200, renderSignInPage(pageContext(req, res), { csrfToken: signInToken(req, res), ...(notice ? { notice } : {}) }));
  });

  router.post("/regulator/sign-in", form, async (req, res) => {
    const context = pageContext(req, res);
    const expected = cookiesOf(req)[SIGN_IN_COOKIE];
    if (!sameToken(formField(req, "csrf"), expected)) return sendPage(res, 403, renderCsrfPage(context));
    const clientId = (formField(req, "client_id") ?? "").trim();
    const secret = formField(req, "client_secret") ?? "";
    const again = (status: number, error: "refused" | "incomplete") =>
      sendPage(res, status, renderSignInPage(context, { csrfToken: expected!, error, ...(clientId ? { clientId: clientId.slice(0, 63) } : {}) }));
    if (!clientId || !secret || clientId.length > 63 || secret.length > 256) return again(400, "incomplete");
    try {
      const session = await signInRegulator({ apiClients: deps.apiClients, regulatorSessions: deps.regulatorSessions, clientId, secret, ttlSeconds });
      res.cookie(SESSION_COOKIE, session.sessionId, { httpOnly: true, sameSite: "strict", path: SESSION_PATH, secure: req.secure, maxAge: ttlSeconds * 1000 });
      res.clearCookie(SIGN_IN_COOKIE, { httpOnly: true, sameSite: "strict", path: SIGN_IN_PATH, secure: req.secure });
      deps.logger.info({ clientId: session.clientId }, "a regulator signed in");
      res.set("Cache-Control", "no-store").redirect(303, "/regulator");
    } catch (error) {
      if (error instanceof AppError && error.code === AppErrorCode.Unauthenticated) return again(401, "refused");
      throw error;
    }
  });

  router.post("/regulator/sign-out", form, requireRegulator(deps), requireCsrf(), async (req, res) => {
    const signedIn = res.locals.regulator as SignedIn;
    await endRegulatorSession({ regulatorSessions: deps.regulatorSessions, sessionId: signedIn.sessionId });
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "strict", path: SESSION_PATH, secure: req.secure });
    res.set("Cache-Control", "no-store").redirect(303, "/regulator/sign-in?signed-out=1");
  });

  return router;
}

/** The sign-in form's token: the one its cookie already holds, or a new one set in the cookie. */
function signInToken(req: Request, res: Response): string {
  const known = cookiesOf(req)[SIGN_IN_COOKIE];
  if (known && /^[A-Za-z0-9_-]{32}$/.test(known)) return known;
  const token = newCsrfToken();
  res.cookie(SIGN_IN_COOKIE, token, { httpOnly: true, sameSite: "strict", path: SIGN_IN_PATH, secure: req.secure, maxAge: 3600 * 1000 });
  return token;
}
