import type { ComponentChildren } from "preact";
import { LOCALE, type Lang } from "../../i18n/locale.ts";
import { PageHead, renderDocument } from "../layout.tsx";
import { stylesheet } from "../styles.ts";
import { regulatorText } from "./strings.ts";
import { regulatorStylesheet } from "./styles.ts";

// Rendered as escaped text like the donor stylesheet; characters the renderer escapes would break it.
if (/["&<]/.test(regulatorStylesheet)) throw new Error("pages/regulator/styles.ts must not contain \", & or <");

export { renderDocument };

/** What every regulator page is given by its route: the reader's language, and the way to the other one. */
export interface PageContext {
  lang: Lang;
  /** This page's address with `?lang=` set to the other language. */
  switchHref: string;
  /** Absent on the sign-in page. */
  session?: { clientId: string; csrfToken: string };
  /** Which navigation entry is this page. */
  current?: "dashboard" | "flows";
}

/**
 * A regulator page: the donor pages' look, wider, with navigation, the sign-out form (a POST with
 * the session's CSRF token) and the language switch (a plain link that sets ?lang=, which the
 * server remembers in the `lang` cookie). Scripts are files from /assets only: the CSP of these
 * pages allows script-src 'self' and nothing inline.
 */
export function RegulatorDocument(props: { context: PageContext; title: string; scripts?: string[]; children: ComponentChildren }) {
  const { lang, session, current } = props.context;
  const t = regulatorText[lang];
  const other: Lang = lang === "zh" ? "en" : "zh";
  return (
    <html lang={LOCALE[lang]}>
      <PageHead title={props.title + t.titleSuffix} stylesheet={stylesheet + regulatorStylesheet} scripts={props.scripts} private />
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="site">
          <div class="wrap">
            <a href="/regulator">{t.siteName}</a>
            {session && (
              <nav aria-label={t.nav.label}>
                <ul>
                  <li>
                    <a href="/regulator" aria-current={current === "dashboard" ? "page" : undefined}>
                      {t.nav.dashboard}
                    </a>
                  </li>
                  <li>
                    <a href="/regulator/flows" aria-current={current === "flows" ? "page" : undefined}>
                      {t.nav.flows}
                    </a>
                  </li>
                  <li>
                    <form method="post" action="/regulator/sign-out">
                      <input type="hidden" name="csrf" value={session.csrfToken} />
                      <button type="submit" class="link">
                        {t.nav.signOut}
                      </button>
                    </form>
                  </li>
                </ul>
              </nav>
            )}
            <a href={props.context.switchHref} lang={LOCALE[other]} hreflang={LOCALE[other]}>
              {t.languageSwitch}
            </a>
          </div>
        </header>
        <main id="main" class="wrap">
          {session && <p class="hint">{t.nav.signedInAs(session.clientId)}</p>}
          {props.children}
        </main>
      </body>
    </html>
  );
}
