import type { FieldProblem } from "./errors.ts";

/**
 * Evidence files (invoices, receipts, photos): which kinds the API keeps, and whether a file's
 * first bytes agree with the media type it was sent as. Pure: the service hashes and stores.
 */
export const EVIDENCE_MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png", "image/webp", "text/plain"] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** The extension a downloaded file is named with when its uploader gave no name. */
export const EVIDENCE_EXTENSIONS: Record<EvidenceMediaType, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "text/plain": "txt",
};

type BinaryType = Exclude<EvidenceMediaType, "text/plain">;

/** Each binary kind's signature: the bytes it holds at an offset, all of them. */
const SIGNATURES: Record<BinaryType, { at: number; bytes: number[]; what: string }[]> = {
  "application/pdf": [{ at: 0, bytes: [...ascii("%PDF-")], what: "%PDF-" }],
  "image/png": [{ at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: "the PNG signature" }],
  "image/jpeg": [{ at: 0, bytes: [0xff, 0xd8, 0xff], what: "a JPEG start-of-image marker" }],
  "image/webp": [
    { at: 0, bytes: [...ascii("RIFF")], what: "RIFF" },
    { at: 8, bytes: [...ascii("WEBP")], what: "WEBP at byte 8" },
  ],
};

/** The binary kind whose signature `bytes` begin with, if any. */
export function sniffMediaType(bytes: Uint8Array): BinaryType | undefined {
  return (Object.keys(SIGNATURES) as BinaryType[]).find((type) => SIGNATURES[type].every((s) => matches(bytes, s.at, s.bytes)));
}

export type EvidenceCheck = { mediaType: EvidenceMediaType } | { refused: FieldProblem };

/**
 * Whether `bytes` may be kept as the media type of `contentType` (a Content-Type header): one of
 * EVIDENCE_MEDIA_TYPES, and the bytes begin as that kind begins. Plain text is UTF-8 (or ASCII)
 * without control characters other than tab, line and page breaks, and does not begin like one of
 * the binary kinds. A refusal names the header or the body and says why.
 */
export function checkEvidenceContent(contentType: string | undefined, bytes: Uint8Array): EvidenceCheck {
  const header = (reason: string): EvidenceCheck => ({ refused: { field: "Content-Type", reason } });
  const body = (reason: string): EvidenceCheck => ({ refused: { field: "(body)", reason } });
  const accepted = `one of ${EVIDENCE_MEDIA_TYPES.join(", ")}`;
  if (contentType === undefined || contentType.trim() === "") return header(`is required: the file's media type, ${accepted}`);
  const [essence, ...parameters] = contentType.split(";").map((part) => part.trim());
  const declared = essence!.toLowerCase();
  if (!(EVIDENCE_MEDIA_TYPES as readonly string[]).includes(declared)) return header(`must be ${accepted}`);
  const mediaType = declared as EvidenceMediaType;
  const sniffed = sniffMediaType(bytes);

  if (mediaType === "text/plain") {
    const charset = parameters.map((p) => /^charset\s*=\s*"?([^"]*)"?$/i.exec(p)?.[1]?.toLowerCase()).find((c) => c !== undefined);
    if (charset !== undefined && !["utf-8", "utf8", "us-ascii"].includes(charset)) return header("must be text/plain in UTF-8 (charset=utf-8) or without a charset");
    if (sniffed) return body(`begins like ${sniffed}, not plain text: send it as ${sniffed}`);
    const problem = textProblem(bytes);
    return problem ? body(problem) : { mediaType };
  }
  if (sniffed === mediaType) return { mediaType };
  if (sniffed) return body(`is ${sniffed}, not ${mediaType} as the Content-Type says`);
  const missing = SIGNATURES[mediaType].find((s) => !matches(bytes, s.at, s.bytes))!;
  return body(`is not ${mediaType}: it does not begin with ${missing.what}`);
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000e-\u001f\u007f]/;

function textProblem(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return "is not plain text: it is not valid UTF-8";
  }
  return CONTROL_CHARACTERS.test(text) ? "is not plain text: it holds control characters" : undefined;
}

function matches(bytes: Uint8Array, at: number, expected: number[]): boolean {
  return bytes.length >= at + expected.length && expected.every((b, i) => bytes[at + i] === b);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}
