import { z } from "zod";
import type { AccessLogStore } from "../db/access-log.ts";
import { decodeCursor, toPage, type Page } from "../domain/page-cursor.ts";
import type { Principal } from "../domain/principal.ts";
import { requireRegulatorOrOwnOrganisation } from "./oversight-access.ts";

export interface AccessLogEntryView {
  seq: string;
  at: string;
  clientId: string;
  role: string;
  resource: string;
  purpose: string;
  prevHash: string;
  hash: string;
}

const ZAccessCursor = z.strictObject({ after: z.string().regex(/^\d{1,19}$/) });

/**
 * Who read an organisation's restricted detail, when, what and why: oldest first, paged. Each entry
 * carries its place in the whole log's hash chain, so an organisation that keeps the hashes it was
 * shown can later prove that an entry it saw was changed or removed.
 */
export async function listAccessLog(options: {
  accessLog: AccessLogStore;
  principal: Principal;
  organisationId: bigint;
  limit: number;
  cursor?: string;
}): Promise<Page<AccessLogEntryView>> {
  requireRegulatorOrOwnOrganisation(options.principal, options.organisationId, "access log");
  const after = options.cursor === undefined ? 0n : BigInt(decodeCursor(ZAccessCursor, options.cursor).after);
  const rows = await options.accessLog.forOrganisation(options.organisationId, { afterSeq: after, limit: options.limit + 1 });
  return toPage(
    rows,
    options.limit,
    (r) => ({ seq: r.seq.toString(), at: r.at.toISOString(), clientId: r.clientId, role: r.role, resource: r.resource, purpose: r.purpose, prevHash: r.prevHash, hash: r.hash }),
    (r) => ({ after: r.seq.toString() }),
  );
}
