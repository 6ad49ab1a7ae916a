import type { WriteKind } from "./write-kind.ts";

export interface GrantAcknowledgementPayload {
  kind: "grant_acknowledgement";
  grantId: string;
  /** The grant's receiving campaign, the writer's own: the grant's amount counts there once mirrored. */
  campaignId: string;
  amount: string;
}

/** The receiving organisation takes a pending grant into its open campaign. */
export const grantAcknowledgement: WriteKind<GrantAcknowledgementPayload> = {
  kind: "grant_acknowledgement",
  signer: () => "organisation",
  effect: (p) => ({ campaignId: BigInt(p.campaignId), requireOpen: true, delta: BigInt(p.amount) }),
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("acknowledgeGrant", [p.grantId]) }),
  proof: ["GrantAcknowledged"],
};
