import type { TSetCampaignTargetRequest } from "../domain/campaign-requests.ts";
import type { OutboxStore } from "../db/outbox.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";
import { campaignInPath } from "./campaign-in-path.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a new fundraising target (0 for none) for an open campaign of the caller's organisation.
 * A closed campaign's target is final: refused at once once the mirror shows it closed, and by the
 * ledger if a closure lands first.
 */
export async function setCampaignTarget(options: {
  outbox: OutboxStore;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  campaignId: bigint;
  request: TSetCampaignTargetRequest;
}): Promise<AcceptedWrite> {
  const { campaignId, request } = options;
  try {
    return await campaignInPath(() =>
      acceptWrite({
        ...options,
        request: { campaignId, target: request.target },
        payload: { kind: "campaign_target", campaignId: campaignId.toString(), target: request.target.toString() },
      }),
    );
  } catch (error) {
    if (error instanceof AppError && error.code === AppErrorCode.CampaignClosed) {
      throw new AppError(AppErrorCode.CampaignClosed, `Campaign ${campaignId} is closed; its target is final.`, { errors: [{ field: "id", reason: "campaign is closed" }] });
    }
    throw error;
  }
}
