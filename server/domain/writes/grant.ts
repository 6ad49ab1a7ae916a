import type { WriteKind } from "./write-kind.ts";

export interface GrantPayload {
  kind: "grant";
  fromCampaignId: string;
  toCampaignId: string;
  amount: string;
  /** SHA-256 of the memo text, or zero without one: all the chain sees of the memo. */
  memoHash: string;
  /** The memo itself, kept off-chain with the write (never personal data). */
  memo?: string;
}

/**
 * Money passed from a campaign of the writer's organisation to another organisation's campaign.
 * It leaves the sender's campaign at once; it counts for the receiver only once acknowledged.
 */
export const grant: WriteKind<GrantPayload> = {
  kind: "grant",
  signer: () => "organisation",
  effect: (p) => ({ campaignId: BigInt(p.fromCampaignId), spends: BigInt(p.amount), delta: -BigInt(p.amount) }),
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("makeGrant", [p.fromCampaignId, p.toCampaignId, p.amount, p.memoHash]) }),
  proof: ["GrantMade"],
};
