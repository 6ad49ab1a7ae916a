/**
 * Public fields (organisation names, campaign titles, anything that goes on-chain in plain text)
 * must never carry a person's identifiers: on a public ledger they can never be erased (PIPL).
 * These shapes are refused: PRC resident ID numbers (18 characters, the last a digit or X; and the
 * old 15-digit form) and PRC mobile numbers (11 digits from 13–19, with or without +86 and
 * separators). Digits inside longer numbers (registration codes, amounts) are not matched.
 */
const RESIDENT_ID = /(?<![0-9A-Za-z])(?:[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]|[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])/;
const MOBILE = /(?<![0-9])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![0-9])/;

export type PersonalIdentifier = "resident-id" | "mobile-number";

export function findPersonalIdentifier(text: string): PersonalIdentifier | undefined {
  const normalised = text.normalize("NFKC");
  if (RESIDENT_ID.test(normalised)) return "resident-id";
  if (MOBILE.test(normalised)) return "mobile-number";
  return undefined;
}
