import type { RegulatorFlags } from "../../../services/list-regulator-flags.ts";
import { when } from "./format.ts";
import { RegulatorDocument, renderDocument, type PageContext } from "./layout.tsx";
import { regulatorText } from "./strings.ts";

/** GET /regulator/organisations/{id}/flags: the regulators' flags on an organisation and its records, with their notes, cleared ones too. */
export function renderFlagsPage(context: PageContext, organisation: { id: string; name: string }, flags: RegulatorFlags): string {
  const t = regulatorText[context.lang].flags;
  const list = flags.flags ?? [];
  return renderDocument(
    <RegulatorDocument context={context} title={t.title(organisation.name)}>
      <h1>{t.heading(organisation.name)}</h1>
      <p>{t.open(flags.open.organisation, flags.open.records)}</p>
      {list.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul class="problems">
          {list.map((f) => (
            <li class="card">
              <strong>{f.recordId === null ? t.onOrganisation : t.onRecord(f.recordId)}</strong>
              {f.cleared === null && <> · {t.stillOpen}</>}
              <p>{f.note}</p>
              <p class="hint">{t.by(f.flaggedBy, when(f.flaggedAt, context.lang))}</p>
              {f.cleared && (
                <>
                  <p class="hint">{t.cleared(f.cleared.by, when(f.cleared.at, context.lang))}</p>
                  <p>{f.cleared.note}</p>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/regulator">{t.back}</a>
      </p>
    </RegulatorDocument>,
  );
}
