import { AppError, AppErrorCode } from "../domain/errors.ts";
import { noteHash } from "../domain/note-hash.ts";
import type { Principal } from "../domain/principal.ts";
import type { TRefuseGrantRequest } from "../domain/schemas.ts";
import type { OutboxStore } from "../db/outbox.ts";
import type { WritePrechecks } from "../db/write-prechecks.ts";
import { acceptWrite, writingOrganisation, type AcceptedWrite } from "./accept-write.ts";
import { requirePendingGrant, settlingOnce } from "./acknowledge-grant.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a refusal of a pending grant by its receiver, or its withdrawal by its sender: the money
 * goes back to the sending campaign. Only the reason's SHA-256 goes on-chain.
 */
export async function refuseGrant(options: {
  outbox: OutboxStore;
  prechecks: WritePrechecks;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  grantId: bigint;
  request: TRefuseGrantRequest;
}): Promise<AcceptedWrite> {
  const { grantId, prechecks, request } = options;
  const orgId = writingOrganisation(options.principal);
  const grant = await prechecks.grant(grantId);
  return settlingOnce(prechecks, grantId, () => acceptWrite({
    ...options,
    request: { grantId: grantId.toString(), ...request },
    organisationId: orgId,
    payload: {
      kind: "grant_refusal",
      grantId: grantId.toString(),
      campaignId: (grant?.fromCampaignId ?? 0n).toString(),
      amount: (grant?.amount ?? 0n).toString(),
      // The sender withdraws only a grant it did not also receive (the ledger asks the same).
      by: grant?.fromOrgId === orgId ? "sender" : "receiver",
      reasonHash: noteHash(request.reason),
      ...(request.reason !== undefined ? { reason: request.reason } : {}),
    },
    async precheck() {
      const pending = requirePendingGrant(grant, grantId);
      if (pending.toOrgId !== orgId && pending.fromOrgId !== orgId) {
        throw new AppError(AppErrorCode.Forbidden, `Grant ${grantId} is between other organisations; only its receiver refuses it, or its sender withdraws it.`, {
          errors: [{ field: "grantId", reason: "neither sent by nor to the caller's organisation" }],
        });
      }
    },
  }));
}
