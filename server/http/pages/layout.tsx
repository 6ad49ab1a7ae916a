import type { ComponentChildren, VNode } from "preact";
import { render } from "preact-render-to-string";
import { LOCALE } from "../i18n/locale.ts";
import { PageContextValue, usePage, type PageContext } from "./page-context.ts";
import { stylesheet } from "./styles.ts";

// The stylesheet is rendered as escaped text; characters the renderer escapes would break it.
if (/["&<]/.test(stylesheet)) throw new Error("pages/styles.ts must not contain \", & or <");

/**
 * A full HTML document as a string. Everything inside is rendered by Preact, so text is escaped.
 * Public pages pass their request's context; the components read it through `usePage()`.
 */
export function renderDocument(page: VNode, context?: PageContext): string {
  return "<!doctype html>" + render(context ? <PageContextValue.Provider value={context}>{page}</PageContextValue.Provider> : page);
}

export function Document(props: {
  title: string;
  /** Scripts from /assets (the page's CSP allows no inline script); the page works without them. */
  scripts?: string[];
  /** Tracking pages are private to whoever holds the code: keep them out of search engines. */
  private?: boolean;
  footer?: ComponentChildren;
  /** Rules only this page needs (a receipt's paper size), after the shared ones; the same characters are barred. */
  styles?: string;
  children: ComponentChildren;
}) {
  const { t, lang, switchHref } = usePage();
  const other = lang === "zh" ? "en" : "zh";
  return (
    <html lang={LOCALE[lang]}>
      <PageHead title={props.title + t.titleSuffix} stylesheet={stylesheet + (props.styles ?? "")} scripts={props.scripts} private={props.private} />
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="site">
          <div class="wrap">
            <a href="/">{t.siteName}</a>
            <a class="lang-switch" href={switchHref} lang={LOCALE[other]} hreflang={LOCALE[other]} aria-label={t.languageSwitchLabel}>
              {t.languageSwitch}
            </a>
          </div>
        </header>
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer class="foot">
          <div class="wrap">{props.footer ?? <p>{t.ledgerNote}</p>}</div>
        </footer>
      </body>
    </html>
  );
}

/**
 * The <head> every page shares, donors' and regulators': no favicon request, no referrer, the one
 * inline stylesheet, scripts only as files (the pages' CSP allows nothing inline).
 */
export function PageHead(props: { title: string; stylesheet: string; scripts?: string[] | undefined; private?: boolean | undefined }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light" />
      {/* An empty icon, so browsers do not ask the server for /favicon.ico on every visit. */}
      <link rel="icon" href="data:," />
      <meta name="referrer" content="no-referrer" />
      {props.private && <meta name="robots" content="noindex, nofollow" />}
      <title>{props.title}</title>
      <style>{props.stylesheet}</style>
      {(props.scripts ?? []).map((src) => (
        <script src={src} defer />
      ))}
    </head>
  );
}

/**
 * The tracking form: one text box and a button, a plain GET to /track so it works without
 * JavaScript. One per page (it uses fixed ids).
 */
export function TrackForm(props: {
  code?: string;
  /** Shown next to the field and announced; the field is marked invalid. */
  error?: string;
  /** Marks the field invalid and points it at an explanation elsewhere on the page. */
  problemId?: string;
}) {
  const { t } = usePage();
  const describedBy = ["code-hint"];
  if (props.error) describedBy.push("code-error");
  if (props.problemId) describedBy.push(props.problemId);
  const invalid = Boolean(props.error || props.problemId);
  return (
    <form method="get" action="/track" class="track-form">
      <label for="code">{t.form.label}</label>
      <p id="code-hint" class="hint">
        {t.form.hint}
      </p>
      {props.error && (
        <p id="code-error" class="field-error" role="alert">
          <span class="visually-hidden">{t.form.errorPrefix} </span>
          {props.error}
        </p>
      )}
      <input
        type="text"
        id="code"
        name="code"
        value={props.code || undefined}
        placeholder={t.form.placeholder}
        autocapitalize="characters"
        autocomplete="off"
        autocorrect="off"
        spellcheck={false}
        inputmode="text"
        enterkeyhint="go"
        maxLength={64}
        aria-describedby={describedBy.join(" ")}
        aria-invalid={invalid ? "true" : undefined}
      />
      <button type="submit">{t.form.submit}</button>
    </form>
  );
}
