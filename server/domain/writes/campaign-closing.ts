import type { WriteKind } from "./write-kind.ts";

export interface CampaignClosingPayload {
  kind: "campaign_closing";
  campaignId: string;
}

/**
 * Closes an open campaign of the writer's organisation: it takes no more donations or grants and
 * can still pay out. Its money stays where it is, so the balance effect is nil.
 */
export const campaignClosing: WriteKind<CampaignClosingPayload> = {
  kind: "campaign_closing",
  signer: () => "organisation",
  effect: (p) => ({ campaignId: BigInt(p.campaignId), requireOpen: true, delta: 0n }),
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("closeCampaign", [p.campaignId]) }),
  proof: ["CampaignClosed"],
};
