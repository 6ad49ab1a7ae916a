import { formatMinorUnits } from "../../../domain/money.ts";
import { formatDateTime, formatMoney, type Lang } from "../../i18n/locale.ts";

/** Minor units as money in the reader's language; a unit that is no ISO currency (a token) as the ledger writes it. */
export function money(minorUnits: string, unit: string, lang: Lang): string {
  return /^[A-Z]{3}$/.test(unit) ? formatMoney(minorUnits, unit, lang) : formatMinorUnits(BigInt(minorUnits), unit);
}

/** An ISO time in Beijing time, in the reader's language. */
export function when(iso: string, lang: Lang): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatDateTime(date, lang);
}
