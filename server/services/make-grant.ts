import { AppError, AppErrorCode } from "../domain/errors.ts";
import { noteHash } from "../domain/note-hash.ts";
import type { Principal } from "../domain/principal.ts";
import type { TMakeGrantRequest } from "../domain/schemas.ts";
import type { OutboxStore } from "../db/outbox.ts";
import type { WritePrechecks } from "../db/write-prechecks.ts";
import { acceptWrite, writingOrganisation, type AcceptedWrite } from "./accept-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a grant from a campaign of the caller's organisation to another organisation's campaign.
 * Refused at once when the mirror shows the ledger would refuse it: the receiving campaign unknown,
 * closed, the caller's own, of a suspended organisation or in another currency; or the sending
 * campaign unable to pay it, counting the writes still on their way. Only the memo's SHA-256 goes
 * on-chain; the text stays with the write.
 */
export async function makeGrant(options: {
  outbox: OutboxStore;
  prechecks: WritePrechecks;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  request: TMakeGrantRequest;
}): Promise<AcceptedWrite> {
  const { request, prechecks } = options;
  const orgId = writingOrganisation(options.principal);
  return acceptWrite({
    ...options,
    request,
    organisationId: orgId,
    payload: {
      kind: "grant",
      fromCampaignId: request.fromCampaignId.toString(),
      toCampaignId: request.toCampaignId.toString(),
      amount: request.amount.toString(),
      memoHash: noteHash(request.memo),
      ...(request.memo !== undefined ? { memo: request.memo } : {}),
    },
    async precheck() {
      const to = await prechecks.campaign(request.toCampaignId);
      const field = "toCampaignId";
      if (!to) throw new AppError(AppErrorCode.NotFound, `Campaign ${request.toCampaignId} is not on the ledger.`, { errors: [{ field, reason: "no such campaign" }] });
      if (to.orgId === orgId) {
        throw new AppError(AppErrorCode.InvalidRequest, `Campaign ${to.id} is your own organisation's: a grant goes to another organisation's campaign.`, {
          errors: [{ field, reason: "belongs to the caller's own organisation" }],
        });
      }
      if (to.closed) throw new AppError(AppErrorCode.CampaignClosed, `Campaign ${to.id} is closed and takes no grants.`, { errors: [{ field, reason: "campaign is closed" }] });
      if (to.organisationSuspended) {
        throw new AppError(AppErrorCode.OrganisationSuspended, `The organisation of campaign ${to.id} is suspended and can receive nothing.`, {
          errors: [{ field, reason: "its organisation is suspended" }],
        });
      }
      const from = await prechecks.campaign(request.fromCampaignId);
      // An unknown sending campaign, or another organisation's, is refused as for any write.
      if (from && (from.asset !== to.asset || from.currency !== to.currency || from.token !== to.token)) {
        throw new AppError(AppErrorCode.Conflict, `Campaigns ${from.id} and ${to.id} hold different currencies; a grant passes money in one.`, {
          errors: [{ field, reason: `holds ${to.currency.trim() || "another asset"}, not ${from.currency.trim() || "the sender's asset"}` }],
        });
      }
    },
  });
}
