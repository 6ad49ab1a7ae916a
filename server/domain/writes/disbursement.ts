import { ZeroAddress } from "ethers";
import type { WriteKind } from "./write-kind.ts";

export interface DisbursementPayload {
  kind: "disbursement";
  campaignId: string;
  amount: string;
  purpose: number;
  /** Keyed commitment of the recipient's reference; the reference never leaves the server. */
  recipientCommitment: string;
  evidenceHash: string;
  /** An address that may confirm delivery besides auditors (a recipient organisation's key); absent for auditors only. */
  confirmer?: string;
}

const args = (p: DisbursementPayload) => ({
  campaignId: p.campaignId,
  recipientCommitment: p.recipientCommitment,
  amount: p.amount,
  purpose: p.purpose,
  evidenceHash: p.evidenceHash,
  // Attested campaigns pay nothing on-chain.
  payee: ZeroAddress,
  confirmer: p.confirmer ?? ZeroAddress,
});

/** Money out of a campaign of the writer's organisation to a final recipient, never more than it holds. */
export const disbursement: WriteKind<DisbursementPayload> = {
  kind: "disbursement",
  signer: () => "organisation",
  effect: (p) => ({ campaignId: BigInt(p.campaignId), spends: BigInt(p.amount), delta: -BigInt(p.amount) }),
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("recordDisbursement", [args(p)]) }),
  encodeBatch: (abis, payloads) => abis.ledger.encodeFunctionData("recordDisbursements", [payloads.map(args)]),
  proof: ["DisbursementRecorded"],
};
