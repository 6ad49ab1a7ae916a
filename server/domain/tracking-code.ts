import { randomBytes } from "node:crypto";

/**
 * Tracking codes are what a donor reads off a receipt and types on a phone:
 * `DN-` then 16 Crockford base-32 symbols in groups of four. 15 symbols are random
 * (75 bits, not derived from any id); the last is a Luhn mod-32 check symbol, so a
 * single mistyped symbol or a swap of neighbours is recognised as a typo before any lookup.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_SYMBOLS = 15;
const PREFIX = "DN";

export function generateTrackingCode(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(RANDOM_SYMBOLS);
  let body = "";
  for (const byte of bytes) body += ALPHABET[byte & 31];
  return format(body + checkSymbol(body));
}

export type ParsedTrackingCode =
  | { ok: true; code: string }
  | { ok: false; reason: "empty" | "length" | "characters" | "checksum" };

/** Why a typed code was refused, in words for the person who typed it. */
export const TRACKING_CODE_PROBLEMS = {
  empty: "enter the code printed on your receipt",
  length: "a tracking code has 16 letters and digits after DN-",
  characters: "a tracking code has only letters and digits",
  checksum: "one of the characters looks mistyped",
} as const satisfies Record<Extract<ParsedTrackingCode, { ok: false }>["reason"], string>;

/** Accepts any case, spaces or dashes, and Crockford's look-alikes (O→0, I/L→1). */
export function parseTrackingCode(input: string): ParsedTrackingCode {
  let symbols = input.toUpperCase().replace(/[\s\-–_.]/g, "");
  // The prefix is optional; a code whose own symbols begin with "DN" must not lose them.
  if (symbols.startsWith(PREFIX) && symbols.length === PREFIX.length + RANDOM_SYMBOLS + 1) symbols = symbols.slice(PREFIX.length);
  symbols = symbols.replace(/O/g, "0").replace(/[IL]/g, "1");
  if (symbols.length === 0) return { ok: false, reason: "empty" };
  if (![...symbols].every((s) => ALPHABET.includes(s))) return { ok: false, reason: "characters" };
  if (symbols.length !== RANDOM_SYMBOLS + 1) return { ok: false, reason: "length" };
  const body = symbols.slice(0, RANDOM_SYMBOLS);
  if (checkSymbol(body) !== symbols[RANDOM_SYMBOLS]) return { ok: false, reason: "checksum" };
  return { ok: true, code: format(symbols) };
}

/**
 * The 16 symbols of a canonical code (as `parseTrackingCode` returns it) as 80 bits, big-endian in
 * 10 bytes: the input of the on-chain donor commitment.
 */
export function trackingCodeBits(code: string): Uint8Array {
  const symbols = code.replace(/^DN-/, "").replace(/-/g, "");
  if (symbols.length !== RANDOM_SYMBOLS + 1) throw new RangeError("not a canonical tracking code");
  let bits = 0n;
  for (const s of symbols) {
    const value = ALPHABET.indexOf(s);
    if (value < 0) throw new RangeError("not a canonical tracking code");
    bits = (bits << 5n) | BigInt(value);
  }
  const bytes = new Uint8Array(10);
  for (let i = 9; i >= 0; i--) {
    bytes[i] = Number(bits & 0xffn);
    bits >>= 8n;
  }
  return bytes;
}

function format(symbols: string): string {
  return [PREFIX, ...symbols.match(/.{4}/g)!].join("-");
}

// Luhn mod N (N = 32): catches every single-symbol substitution and most adjacent swaps.
function checkSymbol(body: string): string {
  const n = ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return ALPHABET[(n - (sum % n)) % n]!;
}
