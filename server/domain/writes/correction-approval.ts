import type { WriteKind } from "./write-kind.ts";

export interface CorrectionApprovalPayload {
  kind: "correction_approval";
  correctionId: string;
  /** The correction's campaign, another organisation's: the correction's amount counts there once mirrored. */
  campaignId: string;
  amount: string;
}

/** A regulator vouches for a positive correction, sent with the server's auditor key. */
export const correctionApproval: WriteKind<CorrectionApprovalPayload> = {
  kind: "correction_approval",
  signer: () => "auditor",
  effect: (p) => ({ campaignId: BigInt(p.campaignId), ownCampaign: false, delta: BigInt(p.amount) }),
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("approveCorrection", [p.correctionId]) }),
  proof: ["CorrectionApproved"],
};
