import { AppError, AppErrorCode } from "../domain/errors.ts";
import { noteHash } from "../domain/note-hash.ts";
import type { Principal } from "../domain/principal.ts";
import type { TCorrectRecordRequest } from "../domain/schemas.ts";
import type { OutboxStore } from "../db/outbox.ts";
import type { WritePrechecks } from "../db/write-prechecks.ts";
import { acceptWrite, writingOrganisation, type AcceptedWrite } from "./accept-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a correction of a record of an attested campaign of the caller's organisation. A
 * negative delta takes money out at once (never more than the campaign can pay); a positive one
 * counts only once a regulator approves it. Only the reason's SHA-256 goes on-chain.
 */
export async function correctRecord(options: {
  outbox: OutboxStore;
  prechecks: WritePrechecks;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  request: TCorrectRecordRequest;
}): Promise<AcceptedWrite> {
  const { request, prechecks } = options;
  const orgId = writingOrganisation(options.principal);
  return acceptWrite({
    ...options,
    request,
    organisationId: orgId,
    payload: {
      kind: "correction",
      correctedId: request.correctedId.toString(),
      campaignId: request.campaignId.toString(),
      delta: request.delta.toString(),
      reasonHash: noteHash(request.reason),
      reason: request.reason,
    },
    async precheck() {
      const campaign = await prechecks.campaign(request.campaignId);
      if (!campaign || campaign.orgId !== orgId || !(await prechecks.recordInCampaign(request.correctedId, request.campaignId))) {
        throw new AppError(AppErrorCode.NotFound, `No record ${request.correctedId} in campaign ${request.campaignId} of this organisation.`, {
          errors: [{ field: "correctedId", reason: "no such record in that campaign of the caller's organisation" }],
        });
      }
      // Asset 0: attested books; what a token or native campaign holds is the contract's balance.
      if (campaign.asset !== 0) {
        throw new AppError(AppErrorCode.Conflict, `Campaign ${campaign.id} holds money on-chain; only attested books are corrected.`, {
          errors: [{ field: "campaignId", reason: "not an attested campaign" }],
        });
      }
    },
  });
}
