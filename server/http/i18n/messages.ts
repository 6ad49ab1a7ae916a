import { regulatorText } from "../pages/regulator/strings.ts";
import { reportText } from "../pages/report-strings.ts";
import { donorText } from "../pages/strings.ts";
import { complianceText } from "./compliance-words.ts";
import { LANGS, type Catalogue, type Lang } from "./locale.ts";

/**
 * The one message catalogue per language: every word any page shows, by the family of pages it
 * belongs to. Each family keeps its two languages side by side in its own file (a translator
 * sees the English beside the Chinese), and this is where they meet: `messages.zh` is the whole
 * Chinese catalogue, typed by the English one, and a test finds any key one language lacks.
 */
const byLang = (lang: Lang) => ({ donor: donorText[lang], report: reportText[lang], regulator: regulatorText[lang], compliance: complianceText[lang] });

export type Messages = ReturnType<typeof byLang>;

export const messages: Catalogue<Messages> = Object.fromEntries(LANGS.map((lang) => [lang, byLang(lang)])) as Catalogue<Messages>;
