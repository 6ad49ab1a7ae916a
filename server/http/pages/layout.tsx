import type { ComponentChildren, VNode } from "preact";
import { render } from "preact-render-to-string";
import { text } from "./strings.ts";
import { stylesheet } from "./styles.ts";

// The stylesheet is rendered as escaped text; characters the renderer escapes would break it.
if (/["&<]/.test(stylesheet)) throw new Error("pages/styles.ts must not contain \", & or <");

/** A full HTML document as a string. Everything inside is rendered by Preact, so text is escaped. */
export function renderDocument(page: VNode): string {
  return "<!doctype html>" + render(page);
}

export function Document(props: {
  title: string;
  /** Reload the page every this many seconds (a pending gift updates without JavaScript). */
  refreshSeconds?: number;
  /** Tracking pages are private to whoever holds the code: keep them out of search engines. */
  private?: boolean;
  footer?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <html lang={text.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.refreshSeconds !== undefined && <meta httpEquiv="refresh" content={String(props.refreshSeconds)} />}
        <meta name="color-scheme" content="light" />
        {/* An empty icon, so browsers do not ask the server for /favicon.ico on every visit. */}
        <link rel="icon" href="data:," />
        <meta name="referrer" content="no-referrer" />
        {props.private && <meta name="robots" content="noindex, nofollow" />}
        <title>{props.title + text.titleSuffix}</title>
        <style>{stylesheet}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          {text.skipToContent}
        </a>
        <header class="site">
          <div class="wrap">
            <a href="/">{text.siteName}</a>
          </div>
        </header>
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer class="foot">
          <div class="wrap">{props.footer ?? <p>{text.ledgerNote}</p>}</div>
        </footer>
      </body>
    </html>
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
  const describedBy = ["code-hint"];
  if (props.error) describedBy.push("code-error");
  if (props.problemId) describedBy.push(props.problemId);
  const invalid = Boolean(props.error || props.problemId);
  return (
    <form method="get" action="/track" class="track-form">
      <label for="code">{text.form.label}</label>
      <p id="code-hint" class="hint">
        {text.form.hint}
      </p>
      {props.error && (
        <p id="code-error" class="field-error" role="alert">
          <span class="visually-hidden">{text.form.errorPrefix} </span>
          {props.error}
        </p>
      )}
      <input
        type="text"
        id="code"
        name="code"
        value={props.code || undefined}
        placeholder={text.form.placeholder}
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
      <button type="submit">{text.form.submit}</button>
    </form>
  );
}
