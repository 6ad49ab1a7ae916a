import { AppError, AppErrorCode } from "../domain/errors.ts";
import { noteHash } from "../domain/note-hash.ts";
import type { Principal } from "../domain/principal.ts";
import type { TRefundDonationRequest } from "../domain/schemas.ts";
import type { OutboxStore } from "../db/outbox.ts";
import type { WritePrechecks } from "../db/write-prechecks.ts";
import { acceptWrite, writingOrganisation, type AcceptedWrite } from "./accept-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a refund of (part of) a donation to a campaign of the caller's organisation. Refused at
 * once when it is more than is still refundable: the gift less the refunds mirrored and the
 * refunds still on their way; or more than the campaign can pay now. Only the reason's SHA-256
 * goes on-chain.
 */
export async function refundDonation(options: {
  outbox: OutboxStore;
  prechecks: WritePrechecks;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  request: TRefundDonationRequest;
}): Promise<AcceptedWrite> {
  const { request, prechecks } = options;
  const orgId = writingOrganisation(options.principal);
  return acceptWrite({
    ...options,
    request,
    organisationId: orgId,
    payload: {
      kind: "refund",
      donationId: request.donationId.toString(),
      campaignId: request.campaignId.toString(),
      amount: request.amount.toString(),
      reasonHash: noteHash(request.reason),
      ...(request.reason !== undefined ? { reason: request.reason } : {}),
    },
    async precheck() {
      const donation = await prechecks.refundableDonation(request.donationId);
      if (!donation || donation.campaignId !== request.campaignId || donation.orgId !== orgId) {
        throw new AppError(AppErrorCode.NotFound, `No donation ${request.donationId} in campaign ${request.campaignId} of this organisation.`, {
          errors: [{ field: "donationId", reason: "no such donation in that campaign of the caller's organisation" }],
        });
      }
      // What is still refundable is checked when the refund is stored, under the campaign's lock, so
      // two refunds of one gift sent at the same moment never both count the same money.
    },
  });
}
