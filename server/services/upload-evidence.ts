import { createHash } from "node:crypto";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { checkEvidenceContent, type EvidenceMediaType } from "../domain/evidence.ts";
import type { Principal } from "../domain/principal.ts";
import { LIMITS } from "../domain/schemas.ts";
import type { EvidenceStore, EvidenceUpload } from "../db/evidence.ts";

/** An evidence file as its uploader and regulators see it (never its bytes). */
export interface EvidenceView {
  /** SHA-256 of the bytes, 0x and 64 lower-case hex: what a disbursement's evidenceSha256 carries. */
  sha256: string;
  mediaType: EvidenceMediaType;
  size: number;
  filename: string | null;
  uploadedAt: string;
}

/**
 * Keeps an evidence file for the charity client's own organisation, content-addressed: the answer
 * is its SHA-256, which the disbursement then carries on-chain. Sending the same bytes again is no
 * error: `created` is false and the first upload is answered. Refused before anything is stored:
 * a client of no organisation, an empty or too large file, a media type not taken, or bytes that
 * do not begin as their media type says.
 */
export async function uploadEvidence(options: {
  evidence: EvidenceStore;
  principal: Principal;
  /** The Content-Type the file was sent with. */
  contentType: string | undefined;
  content: Uint8Array | undefined;
  filename?: string;
}): Promise<{ evidence: EvidenceView; created: boolean }> {
  const { principal, content } = options;
  if (principal.role !== "charity" || principal.organisationId === undefined) {
    throw new AppError(AppErrorCode.Forbidden, "Only a charity's client uploads evidence, for its own organisation.");
  }
  if (!content || content.byteLength === 0) {
    throw new AppError(AppErrorCode.InvalidRequest, "The request body is empty: send the file's bytes.", { errors: [{ field: "(body)", reason: "must not be empty" }] });
  }
  if (content.byteLength > LIMITS.evidenceBytes) throw tooLarge();
  const check = checkEvidenceContent(options.contentType, content);
  if ("refused" in check) {
    const what = check.refused.field === "Content-Type" ? "its Content-Type" : "the file";
    throw new AppError(AppErrorCode.UnsupportedMediaType, `Not kept: ${what} ${check.refused.reason}.`, { errors: [check.refused] });
  }
  const { upload, created } = await options.evidence.store(
    {
      sha256: "0x" + createHash("sha256").update(content).digest("hex"),
      orgId: principal.organisationId,
      clientId: principal.clientId,
      mediaType: check.mediaType,
      size: content.byteLength,
      filename: options.filename ?? null,
    },
    content,
  );
  return { evidence: evidenceView(upload), created };
}

/** The refusal of a file over LIMITS.evidenceBytes, wherever its size is found out. */
export function tooLarge(): AppError {
  return new AppError(AppErrorCode.TooLarge, `An evidence file is at most ${LIMITS.evidenceBytes} bytes (${LIMITS.evidenceBytes / 1024 / 1024} MiB).`, {
    errors: [{ field: "(body)", reason: `must be at most ${LIMITS.evidenceBytes} bytes` }],
  });
}

export function evidenceView(upload: EvidenceUpload): EvidenceView {
  return {
    sha256: upload.sha256,
    mediaType: upload.mediaType as EvidenceMediaType,
    size: upload.size,
    filename: upload.filename,
    uploadedAt: upload.createdAt.toISOString(),
  };
}
