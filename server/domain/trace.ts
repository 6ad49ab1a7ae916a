import type { Channel, Purpose } from "./schemas.ts";

/** Where a figure came from on the chain, so anyone can check it. */
export interface ChainRef {
  blockNumber: string;
  txHash: string;
  logIndex: number;
}

export type TraceStep =
  | { kind: "donated"; at: string; amount: string; channel: Channel }
  | { kind: "recorded"; at: string; amount: string; recordId: string; chain: ChainRef }
  | {
      kind: "disbursed";
      at: string;
      /** The part of this gift that paid for the disbursement (first in, first out). */
      amount: string;
      disbursementAmount: string;
      recordId: string;
      /** The recipient as the chain shows it: a keyed commitment, never the reference itself. */
      recipientCommitment: string;
      purpose: Purpose;
      evidenceSha256: string;
      chain: ChainRef;
    }
  | {
      kind: "granted";
      at: string;
      /** The part of this gift passed on to another organisation (first in, first out). */
      amount: string;
      grantAmount: string;
      recordId: string;
      toOrganisation: { id: string; name: string };
      toCampaign: { id: string; title: string };
      acknowledged: boolean;
      /** The receiver refused it: this part of the gift flowed back and counts as held again. */
      refused: boolean;
      chain: ChainRef;
    }
  | { kind: "refunded"; at: string; amount: string; recordId: string; chain: ChainRef }
  | {
      kind: "corrected";
      at: string;
      /** How much the charity's correction of this gift's record took off it. */
      amount: string;
      recordId: string;
      chain: ChainRef;
    }
  | { kind: "failed"; at: string; reason: string };

export interface DonationTrace {
  trackingCode: string;
  /** The write's state: pending and submitted gifts are not on the ledger yet. */
  status: "pending" | "submitted" | "confirmed" | "failed";
  amount: string;
  currency: string;
  /** Of the gift, how much is still held by the campaign. */
  unspent: string;
  organisation: { id: string; name: string };
  campaign: { id: string; title: string };
  steps: TraceStep[];
  /**
   * Records that refer to this gift but break the ledger's rules (a refund or correction larger
   * than what the gift still held): shown in public, and they moved no other donor's money.
   */
  flagged: { recordId: string; kind: "refund" | "correction"; amount: string; shortfall: string; reason: string }[];
  /**
   * The mirror's records of this campaign do not add up (money spent that never came in): the
   * mirror was altered or is broken. The journey is then not shown, and the page warns.
   */
  inconsistent: boolean;
  /** The newest block the mirror holds: the answer is current up to it. */
  asOfBlock: string | null;
}
