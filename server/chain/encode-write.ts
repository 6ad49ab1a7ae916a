import { ZeroAddress, type Interface } from "ethers";

/** The on-chain arguments an outbox entry carries, as strings (JSON has no bigint). */
export type OutboxPayload =
  | { kind: "donation"; campaignId: string; amount: string; channel: number; donorCommitment: string }
  | {
      kind: "disbursement";
      campaignId: string;
      amount: string;
      purpose: number;
      recipientRef: string;
      evidenceHash: string;
    };

export function encodeWrite(abi: Interface, p: OutboxPayload): string {
  return p.kind === "donation"
    ? abi.encodeFunctionData("recordDonation", [p.campaignId, p.amount, p.channel, p.donorCommitment])
    : abi.encodeFunctionData("recordDisbursement", [
        {
          campaignId: p.campaignId,
          recipientRef: p.recipientRef,
          amount: p.amount,
          purpose: p.purpose,
          evidenceHash: p.evidenceHash,
          // Attested campaigns pay nothing on-chain; confirmations come from auditors.
          payee: ZeroAddress,
          confirmer: ZeroAddress,
        },
      ]);
}
