import { randomBytes } from "node:crypto";
import { keccak256, toUtf8Bytes, concat } from "ethers";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { CHANNELS, type TRecordDonationRequest } from "../domain/schemas.ts";
import { generateTrackingCode } from "../domain/tracking-code.ts";
import type { Db } from "../db/prisma.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";

/**
 * Accepts a donation into the outbox. The donor appears on-chain only as
 * keccak256(salt ‖ reference); the salt and reference stay in `donor_link`, which can be erased.
 */
export async function recordDonation(options: {
  db: Db;
  principal: Principal;
  idempotencyKey: string;
  request: TRecordDonationRequest;
}): Promise<AcceptedWrite> {
  const { request } = options;
  return acceptWrite({
    ...options,
    kind: "donation",
    campaignId: request.campaignId,
    request,
    async check(_tx, campaign) {
      if (campaign.closedBlock !== null) {
        throw new AppError(AppErrorCode.CampaignClosed, `Campaign ${campaign.id} is closed and takes no more donations.`, {
          errors: [{ field: "campaignId", reason: "campaign is closed" }],
        });
      }
    },
    async build(tx, outboxId) {
      const salt = randomBytes(32);
      const reference = request.donorReference ?? "";
      const donorCommitment = keccak256(concat([salt, toUtf8Bytes(reference)]));
      if (request.donorReference !== undefined) {
        await tx.donorLink.create({ data: { outboxId, salt: salt.toString("hex"), donorReference: request.donorReference } });
      }
      return {
        trackingCode: generateTrackingCode(),
        payload: {
          kind: "donation",
          campaignId: request.campaignId.toString(),
          amount: request.amount.toString(),
          channel: CHANNELS.indexOf(request.channel),
          donorCommitment,
        },
      };
    },
  });
}
