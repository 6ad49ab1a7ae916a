import type { WriteKind } from "./write-kind.ts";

export interface ConfirmationPayload {
  kind: "confirmation";
  disbursementId: string;
  /**
   * Whose key confirms: the recipient organisation's own (the key the disbursement named as its
   * confirmer), or the server's auditor key for a regulator.
   */
  by: "organisation" | "auditor";
}

/**
 * The recipient or an auditor says a disbursement arrived: the parcel's "delivered and signed".
 * It moves no money and concerns no campaign's balance; the ledger takes one per disbursement.
 */
export const confirmation: WriteKind<ConfirmationPayload> = {
  kind: "confirmation",
  signer: (p) => p.by,
  effect: () => ({ delta: 0n }),
  encode: (abis, p) => ({ to: "ledger", data: abis.ledger.encodeFunctionData("confirmDisbursement", [p.disbursementId]) }),
  proof: ["DisbursementConfirmed"],
};
