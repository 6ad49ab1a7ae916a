import { RegulatorDocument, renderDocument, type PageContext } from "./layout.tsx";
import { regulatorText } from "./strings.ts";

/** GET /regulator/sign-in: a regulator's client id and secret, posted with the form's CSRF token. */
export function renderSignInPage(context: PageContext, options: { csrfToken: string; clientId?: string; error?: "refused" | "incomplete"; notice?: "expired" | "signedOut" }): string {
  const t = regulatorText[context.lang].signIn;
  const error = options.error ? t[options.error] : undefined;
  return renderDocument(
    <RegulatorDocument context={context} title={error ? `${t.errorPrefix} ${t.title}` : t.title}>
      <h1>{t.heading}</h1>
      {options.notice && (
        <p class="notice" role="status">
          {t[options.notice]}
        </p>
      )}
      <p class="lead">{t.intro}</p>
      <div class="card">
        <form method="post" action="/regulator/sign-in">
          <input type="hidden" name="csrf" value={options.csrfToken} />
          {error && (
            <p id="sign-in-error" class="field-error" role="alert">
              <span class="visually-hidden">{t.errorPrefix} </span>
              {error}
            </p>
          )}
          <label for="client_id">{t.clientId}</label>
          <input
            type="text"
            id="client_id"
            name="client_id"
            value={options.clientId || undefined}
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            maxLength={63}
            required
            aria-describedby={error ? "sign-in-error" : undefined}
            aria-invalid={error ? "true" : undefined}
          />
          <label for="client_secret" style={{ marginTop: "1rem" }}>
            {t.secret}
          </label>
          <input
            type="password"
            id="client_secret"
            name="client_secret"
            autocomplete="current-password"
            maxLength={256}
            required
            aria-describedby={error ? "sign-in-error" : undefined}
            aria-invalid={error ? "true" : undefined}
          />
          <button type="submit">{t.submit}</button>
        </form>
      </div>
    </RegulatorDocument>,
  );
}
