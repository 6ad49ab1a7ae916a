import type { WriteKind } from "./write-kind.ts";

export interface GrantRefusalPayload {
  kind: "grant_refusal";
  grantId: string;
  /** The grant's sending campaign: the money goes back there. */
  campaignId: string;
  amount: string;
  /** Who settles it: the receiver refuses, the sender withdraws. */
  by: "receiver" | "sender";
  /** SHA-256 of the reason text, or zero without one. */
  reasonHash: string;
  /** The reason itself, kept off-chain with the write (never personal data). */
  reason?: string;
}

/**
 * A pending grant refused by its receiver or withdrawn by its sender: the money returns to the
 * sending campaign, which is another organisation's when the receiver refuses.
 */
export const grantRefusal: WriteKind<GrantRefusalPayload> = {
  kind: "grant_refusal",
  signer: () => "organisation",
  effect: (p) => ({ campaignId: BigInt(p.campaignId), ownCampaign: p.by === "sender", delta: BigInt(p.amount) }),
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("refuseGrant", [p.grantId, p.reasonHash]) }),
  proof: ["GrantRefused"],
};
