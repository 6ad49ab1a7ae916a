import { RegulatorDocument, renderDocument, type PageContext } from "./layout.tsx";
import { regulatorText } from "./strings.ts";

/** 403 for a form posted without this session's CSRF token: what happened, and the way back. */
export function renderCsrfPage(context: PageContext): string {
  const t = regulatorText[context.lang].error.csrf;
  return renderDocument(
    <RegulatorDocument context={context} title={t.title}>
      <h1>{t.title}</h1>
      <p class="lead">{t.message}</p>
      <p>
        <a href="/regulator">{regulatorText[context.lang].nav.dashboard}</a>
      </p>
    </RegulatorDocument>,
  );
}
