import type { TOpenCampaignRequest } from "../domain/campaign-requests.ts";
import type { OutboxStore } from "../db/outbox.ts";
import type { Principal } from "../domain/principal.ts";
import { acceptWrite, writingOrganisation, type AcceptedWrite } from "./accept-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

/**
 * Accepts a new attested-fiat campaign for the caller's organisation (refused while it is
 * suspended). The campaign's id is the ledger's to give: the client reads it from the write's
 * status once mirrored, as `event.args.campaignId`.
 */
export async function openCampaign(options: {
  outbox: OutboxStore;
  secrets: WriteSecrets;
  principal: Principal;
  idempotencyKey: string;
  request: TOpenCampaignRequest;
}): Promise<AcceptedWrite> {
  const orgId = writingOrganisation(options.principal);
  const request = { ...options.request, target: options.request.target ?? 0n };
  return acceptWrite({
    ...options,
    request,
    payload: { kind: "campaign_opening", orgId: orgId.toString(), currency: request.currency, target: request.target.toString(), title: request.title },
  });
}
