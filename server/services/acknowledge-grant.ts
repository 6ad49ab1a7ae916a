import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import type { OutboxStore } from "../db/outbox.ts";
import {SETTLE_ONCE, violates, type MirroredGrant, type WritePrechecks } from "../db/write-prechecks.ts";
import { acceptWrite, writingOrganisation, type AcceptedWrite } from "./accept-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts the receiving organisation's acknowledgement of a grant: the amount then counts in its
 * receiving campaign, which must be open. Only a grant the mirror holds and that is still pending
 * (not settled, no acknowledgement or refusal of it on its way) is acknowledged; a second would
 * fail on-chain, so it is refused now.
 */
export async function acknowledgeGrant(options: {
  outbox: OutboxStore;
  prechecks: WritePrechecks;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  grantId: bigint;
}): Promise<AcceptedWrite> {
  const { grantId, prechecks } = options;
  const orgId = writingOrganisation(options.principal);
  const grant = await prechecks.grant(grantId);
  return settlingOnce(prechecks, grantId, () => acceptWrite({
    ...options,
    request: { grantId: grantId.toString() },
    organisationId: orgId,
    payload: {
      kind: "grant_acknowledgement",
      grantId: grantId.toString(),
      campaignId: (grant?.toCampaignId ?? 0n).toString(),
      amount: (grant?.amount ?? 0n).toString(),
    },
    async precheck() {
      const pending = requirePendingGrant(grant, grantId);
      if (pending.toOrgId !== orgId) {
        throw new AppError(AppErrorCode.Forbidden, `Grant ${grantId} was sent to another organisation; only its receiver acknowledges it.`, {
          errors: [{ field: "grantId", reason: "not sent to the caller's organisation" }],
        });
      }
    },
  }));
}

/**
 * Accepts a settlement of a grant; when another settlement of it was stored between the check and
 * the store (two requests at once), the outbox's unique index refuses this one, answered as a 409.
 */
export async function settlingOnce<T>(prechecks: WritePrechecks, grantId: bigint, accept: () => Promise<T>): Promise<T> {
  try {
    return await accept();
  } catch (error) {
    if (!violates(error, SETTLE_ONCE.grant)) throw error;
    requirePendingGrant(await prechecks.grant(grantId), grantId);
    throw new AppError(AppErrorCode.Conflict, `Grant ${grantId} is already being settled by another write.`, { errors: [{ field: "grantId", reason: "already being settled" }] });
  }
}

/** The grant, if the mirror holds it and nothing settled it or is settling it; else the error to answer. */
export function requirePendingGrant(grant: MirroredGrant | undefined, grantId: bigint): MirroredGrant {
  if (!grant) throw new AppError(AppErrorCode.NotFound, `Grant ${grantId} is not on the ledger (or not mirrored yet).`, { errors: [{ field: "grantId", reason: "no such grant" }] });
  if (grant.settled) {
    throw new AppError(AppErrorCode.Conflict, `Grant ${grantId} was already ${grant.settled}; it can be settled only once.`, {
      errors: [{ field: "grantId", reason: `already ${grant.settled}` }],
      extra: { grantId: grantId.toString(), settled: grant.settled },
    });
  }
  if (grant.settling) {
    const what = grant.settling.kind === "grant_acknowledgement" ? "an acknowledgement" : "a refusal";
    throw new AppError(AppErrorCode.Conflict, `Grant ${grantId} is already being settled: ${what} of it was accepted as write ${grant.settling.writeId} (${grant.settling.status}).`, {
      errors: [{ field: "grantId", reason: `${what} of it is already on its way (write ${grant.settling.writeId})` }],
      extra: { grantId: grantId.toString(), settlingWrite: grant.settling.writeId.toString(), settlingKind: grant.settling.kind },
    });
  }
  return grant;
}
