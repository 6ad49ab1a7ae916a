import type { CampaignFacts } from "../db/campaign-facts.ts";
import type { OutboxStore } from "../db/outbox.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import { campaignClosing } from "../domain/writes/campaign-closing.ts";
import { acceptWrite, type AcceptedWrite } from "./accept-write.ts";
import { campaignInPath } from "./campaign-in-path.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts the closure of an open campaign of the caller's organisation; closing one already closed,
 * or whose closure is already on its way, is refused at once (409). From the moment the mirror
 * shows it closed, donations and grants to it are refused at once too. A donation accepted while
 * the closure is still on its way is not: the chain decides the order, and the closure may yet
 * fail (the organisation suspended meanwhile), so such a donation goes to the chain and ends
 * `failed` with LedgerCampaignClosed if the closure landed first.
 */
export async function closeCampaign(options: {
  outbox: OutboxStore;
  campaigns: CampaignFacts;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  campaignId: bigint;
}): Promise<AcceptedWrite> {
  const { campaignId, principal } = options;
  return campaignInPath(() =>
    acceptWrite({
      ...options,
      request: { campaignId },
      async precheck() {
        const state = await options.campaigns.state(campaignId, campaignClosing.kind);
        // Another organisation's campaign, or none: accepting answers 403 or 404, never what state it is in.
        if (!state || state.orgId !== principal.organisationId) return;
        if (state.closed) {
          throw new AppError(AppErrorCode.CampaignClosed, `Campaign ${campaignId} is already closed.`, { errors: [{ field: "id", reason: "campaign is already closed" }] });
        }
        if (state.closureInFlight) {
          throw new AppError(AppErrorCode.Conflict, `Campaign ${campaignId} is already being closed; follow the first closure's status.`, {
            errors: [{ field: "id", reason: "a closure of this campaign is already on its way" }],
          });
        }
      },
      payload: { kind: campaignClosing.kind, campaignId: campaignId.toString() },
    }),
  );
}
