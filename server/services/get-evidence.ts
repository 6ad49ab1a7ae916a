import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import type { AccessLogStore } from "../db/access-log.ts";
import type { EvidenceStore } from "../db/evidence.ts";
import { logRestrictedRead } from "./log-restricted-read.ts";
import { evidenceView, type EvidenceView } from "./upload-evidence.ts";

/**
 * An evidence file's bytes, for a client of an organisation that uploaded it (with that upload's
 * media type and name) or a regulator (with the first upload's). Anyone else is told there is no
 * such file, exactly as when there is none: whether a file is kept is not for them to learn.
 */
export async function getEvidence(options: {
  evidence: EvidenceStore;
  principal: Principal;
  sha256: string;
  /** A regulator's download is logged, with its purpose, against the organisation that first uploaded the file. */
  accessLog: AccessLogStore;
  purpose?: string;
}): Promise<EvidenceView & { content: Uint8Array }> {
  const { principal, sha256 } = options;
  const notFound = new AppError(AppErrorCode.NotFound, `No evidence file ${sha256} for this client.`);
  let reader: bigint | undefined;
  if (principal.role === "regulator") reader = undefined;
  else if (principal.role === "charity" && principal.organisationId !== undefined) reader = principal.organisationId;
  else throw notFound;
  const file = await options.evidence.read(sha256, reader);
  if (!file) throw notFound;
  const read = { resource: `evidence:${sha256}`, organisationId: file.upload.orgId };
  await logRestrictedRead({ accessLog: options.accessLog, principal, purpose: options.purpose, read });
  return { ...evidenceView(file.upload), content: file.content };
}
