import type { WriteKind } from "./write-kind.ts";

export interface DonationPayload {
  kind: "donation";
  campaignId: string;
  amount: string;
  channel: number;
  donorCommitment: string;
}

const args = (p: DonationPayload) => ({ campaignId: p.campaignId, amount: p.amount, channel: p.channel, donorCommitment: p.donorCommitment });

/** Money into an open campaign of the writer's organisation, batched with the donations next to it. */
export const donation: WriteKind<DonationPayload> = {
  kind: "donation",
  signer: () => "organisation",
  effect: (p) => ({ campaignId: BigInt(p.campaignId), requireOpen: true, delta: BigInt(p.amount) }),
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("recordDonation", [p.campaignId, p.amount, p.channel, p.donorCommitment]) }),
  encodeBatch: (abis, payloads) => abis.ledger.encodeFunctionData("recordDonations", [payloads.map(args)]),
  proof: ["DonationRecorded"],
};
