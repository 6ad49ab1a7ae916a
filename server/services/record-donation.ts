import { donorCommitment } from "../domain/commitments.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { CHANNELS, type TRecordDonationRequest } from "../domain/schemas.ts";
import { generateTrackingCode } from "../domain/tracking-code.ts";
import type { Db } from "../db/prisma.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";
import { trackingCodeBytes, type WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a donation into the outbox. On-chain the donor is only the commitment its tracking code
 * derives; the charity's reference for the donor stays in `donor_link`, which can be erased, and
 * is never part of any stored hash.
 */
export async function recordDonation(options: {
  db: Db;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  request: TRecordDonationRequest;
}): Promise<AcceptedWrite> {
  const { request } = options;
  const trackingCode = generateTrackingCode(trackingCodeBytes(options.secrets.trackingCodeKey, options.principal.clientId, options.idempotencyKey));
  return acceptWrite({
    ...options,
    kind: "donation",
    campaignId: request.campaignId,
    request,
    personalFields: ["donorReference"],
    trackingCode,
    async check(_tx, campaign) {
      if (campaign.closedBlock !== null) {
        throw new AppError(AppErrorCode.CampaignClosed, `Campaign ${campaign.id} is closed and takes no more donations.`, {
          errors: [{ field: "campaignId", reason: "campaign is closed" }],
        });
      }
    },
    async build(tx, outboxId) {
      const commitment = donorCommitment(trackingCode);
      if (request.donorReference !== undefined) {
        await tx.donorLink.create({ data: { outboxId, donorReference: request.donorReference } });
      }
      return {
        donorCommitment: commitment,
        payload: {
          kind: "donation",
          campaignId: request.campaignId.toString(),
          amount: request.amount.toString(),
          channel: CHANNELS.indexOf(request.channel),
          donorCommitment: commitment,
        },
      };
    },
  });
}
