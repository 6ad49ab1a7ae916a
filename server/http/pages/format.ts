import { formatMinorUnits } from "../../domain/money.ts";
import { text } from "./strings.ts";

/** "125000", "CNY" → "1,250.00 CNY". Amounts arrive as decimal strings of minor units. */
export function formatAmount(minorUnits: string, currency: string): string {
  return formatMinorUnits(BigInt(minorUnits), currency);
}

const dateFormat = new Intl.DateTimeFormat(text.locale, {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: text.timeZone,
});

/** An ISO timestamp for people: "3 March 2025 at 14:05 UTC". Unparseable input is shown as given. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${dateFormat.format(date)} ${text.timeZoneLabel}`;
}

/** "0x1234…abcd": enough to recognise a hash by eye; the full value is always shown next to it. */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-6)}` : hash;
}

/** Share of `part` in `whole` as a whole-number percentage string, "0%" for an empty whole. */
export function percent(part: bigint, whole: bigint): string {
  if (whole <= 0n) return "0%";
  return `${(part * 100n) / whole}%`;
}
