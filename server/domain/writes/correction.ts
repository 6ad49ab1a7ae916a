import type { WriteKind } from "./write-kind.ts";

export interface CorrectionPayload {
  kind: "correction";
  correctedId: string;
  campaignId: string;
  /** Signed: negative takes money out of the campaign's books, positive adds it once an auditor approves. */
  delta: string;
  /** SHA-256 of the reason text. */
  reasonHash: string;
  /** The reason itself, kept off-chain with the write (never personal data). */
  reason: string;
}

/**
 * A correction of an earlier record of an attested campaign. A negative one spends at once; a
 * positive one changes nothing until an auditor approves it (a correction-approval write).
 */
export const correction: WriteKind<CorrectionPayload> = {
  kind: "correction",
  signer: () => "organisation",
  effect: (p) => {
    const delta = BigInt(p.delta);
    return delta < 0n ? { campaignId: BigInt(p.campaignId), spends: -delta, delta } : { campaignId: BigInt(p.campaignId), delta: 0n };
  },
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("correctRecord", [p.correctedId, p.campaignId, p.delta, p.reasonHash]) }),
  proof: ["RecordCorrected"],
};
