import fc from "fast-check";

/**
 * Hostile values for property tests against the HTTP API: what a careless or malicious client
 * sends. Each generator says what it aims at; none is guaranteed invalid on its own (see
 * `invalid` for values a given field must refuse).
 */

const SPECIAL_CHARACTERS = [
  "\u0000", "\ud800", "\udfff", "\udc00\ud800", "\u0007", "\n", "\r", "\t", "\u001b", "\u007f", "\u0085", "\u009f",
  "\u202e", "\ufeff", "\u200b", "\u0301", "😀", "%", '"', "\\", "/", "?", "#", "&", "=", "+", "<", ">", "'",
];
const character = fc.oneof(fc.constantFrom(...SPECIAL_CHARACTERS), fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: character, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom("", " ", "null", "undefined", "[]", "{}", "0", "-1", "1e3", "true", "DN-0000-0000-0000-0000", "bank", "programme") },
  // Long: beyond every field's limit, a few beyond the 64 kB body limit.
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 20_000 }).map((n) => "a".repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(70_000), "\u0000".repeat(1000), "\ud800".repeat(500)) },
);

export const hostileNumber: fc.Arbitrary<number | string> = fc.oneof(
  fc.integer(),
  fc.double(), // NaN and ±Infinity become null in JSON
  fc.bigInt().map(String),
  fc.constantFrom(-1, 0, -0, 0.5, 1e-7, 1e21, 2 ** 53, 2 ** 63, 2 ** 64, Number.MAX_VALUE, -Number.MAX_VALUE),
  fc.constantFrom(
    "-1", "0", "00", "1.0", "1e3", "0x10", "+5", " 5", "5 ", "１２", "1_000", "NaN", "Infinity", "-0",
    String(1n << 63n), String((1n << 63n) - 1n), String(1n << 128n), String((1n << 128n) - 1n), String(1n << 256n),
    "9".repeat(100), "99999999999999999999",
  ),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, null, [], {}, [1], { "": 1 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Bodies that are not JSON, or not the JSON an endpoint takes. */
export const brokenJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "", "{", "[", '{"a":', "nul", "{'a':1}", '{"campaignId": 1,}', '"just a string"', "123", "null", "true", "\u0000",
    '{"a":"\\ud800"}', '{"__proto__": {"polluted": 1}}', '{"constructor": {"prototype": {"polluted": 1}}}', "\ufeff{}",
    "[".repeat(20_000), '{"a":1}{"b":2}', "{\"a\":1e999999}", "[]",
  ),
  fc.string({ unit: character, maxLength: 60 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ""),
);

export const hostileContentType: fc.Arbitrary<string | undefined> = fc.constantFrom(
  undefined, "text/plain", "application/xml", "application/json; charset=utf-16", "application/json; charset=latin1",
  "application/merge-patch+json", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/octet-stream", "*/*", "json",
);

/** Percent-encodings Express cannot decode or should not trust. */
export const brokenEncodings = ["%E0%A4%A", "%", "%zz", "%00", "%ED%A0%80", "%C0%AF", "%FF", "%2e%2e", "%2F", "a%20b", "%25", "%u0041", "%%"];

/** Percent-encodes for a URL; a lone surrogate (which encodeURIComponent refuses) as its invalid UTF-8 bytes. */
export function encodeLoosely(text: string): string {
  return [...text].map((ch) => (ch.isWellFormed() ? encodeURIComponent(ch) : "%ED%A0%80")).join("");
}

/** A path segment or query value: encoded hostile text, broken encodings, or numbers out of range. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileText.filter((s) => s.length < 4000).map(encodeLoosely) },
  { weight: 2, arbitrary: fc.constantFrom(...brokenEncodings) },
  { weight: 1, arbitrary: hostileNumber.map((n) => encodeLoosely(String(n))) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...brokenEncodings, "a", "1", "-"), { minLength: 2, maxLength: 6 }).map((parts) => parts.join("")) },
);

// Header values must be byte strings without NUL, CR or LF, or fetch refuses to send them.
const headerCharacter = fc.oneof(fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }).filter((c) => /^[\x20-\x7e\t]$/.test(c)), fc.constantFrom("é", "ÿ", "\u0080"));
export const hostileHeaderText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: headerCharacter, maxLength: 60 }),
  fc.integer({ min: 100, max: 8000 }).map((n) => "k".repeat(n)),
);

export const hostileIdempotencyKey: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(undefined, "", "short", "has a space", "k".repeat(201), "clé-idempotence-1", "tab\tinside-key"),
  hostileHeaderText,
);
