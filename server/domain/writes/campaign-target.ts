import type { WriteKind } from "./write-kind.ts";

export interface CampaignTargetPayload {
  kind: "campaign_target";
  campaignId: string;
  /** Minor units, "0" for none. */
  target: string;
}

/** A new fundraising target for an open campaign of the writer's organisation (a closed one's is final). */
export const campaignTarget: WriteKind<CampaignTargetPayload> = {
  kind: "campaign_target",
  signer: () => "organisation",
  effect: (p) => ({ campaignId: BigInt(p.campaignId), requireOpen: true, delta: 0n }),
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("setCampaignTarget", [p.campaignId, p.target]) }),
  proof: ["CampaignTargetChanged"],
};
