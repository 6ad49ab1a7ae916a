import type { WriteKind } from "./write-kind.ts";

export interface RefundPayload {
  kind: "refund";
  /** The donation's record id. */
  donationId: string;
  campaignId: string;
  amount: string;
  /** SHA-256 of the reason text, or zero without one. */
  reasonHash: string;
  /** The reason itself, kept off-chain with the write (never personal data). */
  reason?: string;
}

/** Part or all of a donation given back, out of the campaign that received it. */
export const refund: WriteKind<RefundPayload> = {
  kind: "refund",
  signer: () => "organisation",
  effect: (p) => ({ campaignId: BigInt(p.campaignId), spends: BigInt(p.amount), refundOf: BigInt(p.donationId), delta: -BigInt(p.amount) }),
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("refundDonation", [p.donationId, p.campaignId, p.amount, p.reasonHash]) }),
  proof: ["DonationRefunded"],
};
