/** Money is integer minor units (fen, cents) held in bigint, never floating point. */

/** The largest amount the ledger can hold: the contract keeps every balance in a uint128. */
export const MAX_AMOUNT = (1n << 128n) - 1n;

/** Formats minor units for people: 1234567n, "CNY" → "12,345.67 CNY". */
export function formatMinorUnits(amount: bigint, currency: string, exponent = currencyExponent(currency)): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = exponent > 0 ? "." + digits.slice(digits.length - exponent) : "";
  return `${negative ? "-" : ""}${whole}${fraction} ${currency}`;
}

/**
 * Minor units as a plain decimal number of major units, exactly, by string arithmetic: 1234567n,
 * exponent 2 → "12345.67"; -5n → "-0.05"; exponent 0 → "1500". No grouping, no currency: the form
 * an XML `xsd:decimal` or a spreadsheet reads. Floats would round amounts beyond 2^53.
 */
export function minorUnitsToDecimal(amount: bigint, exponent: number): string {
  if (!Number.isInteger(exponent) || exponent < 0) throw new RangeError(`exponent must be a whole number ≥ 0, not ${exponent}`);
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? "." + digits.slice(digits.length - exponent) : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

// ISO 4217 minor-unit exponents that differ from the usual 2.
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

/**
 * What a campaign's amounts are counted in, as one string: its ISO 4217 code for attested fiat
 * (asset 0), "native" for the chain's own currency (asset 1), "erc20:<token>" for a token (asset 2).
 * Amounts of different units are never added together.
 */
export function moneyUnit(campaign: { asset: number; currency: string; token: string | null }): string {
  if (campaign.asset === 1) return "native";
  if (campaign.asset === 2) return `erc20:${(campaign.token ?? "").toLowerCase()}`;
  return campaign.currency.trim();
}
