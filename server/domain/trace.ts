import type { Channel, Purpose } from "./schemas.ts";

/** Where a figure came from on the chain, so anyone can check it. */
export interface ChainRef {
  blockNumber: string;
  txHash: string;
  logIndex: number;
}

/** Which organisation's campaign a step happened in; `hop` counts the grants the money crossed to get there (0: the gift's own campaign). */
export interface Where {
  hop: number;
  organisation: { id: string; name: string };
  campaign: { id: string; title: string };
}

export type TraceStep =
  | { kind: "donated"; at: string; amount: string; channel: Channel }
  | { kind: "recorded"; at: string; amount: string; recordId: string; chain: ChainRef }
  | {
      kind: "disbursed";
      at: string;
      where: Where;
      /** The part of this gift that paid for the disbursement (first in, first out). */
      amount: string;
      disbursementAmount: string;
      recordId: string;
      /** The recipient as the chain shows it: a keyed commitment, never the reference itself. */
      recipientCommitment: string;
      purpose: Purpose;
      evidenceSha256: string;
      /** The recipient (or an auditor) confirmed on the chain that the payment arrived: delivered. */
      confirmed: boolean;
      chain: ChainRef;
    }
  | {
      kind: "granted";
      at: string;
      where: Where;
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
  | { kind: "refunded"; at: string; where: Where; amount: string; recordId: string; chain: ChainRef }
  | {
      kind: "corrected";
      at: string;
      where: Where;
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
  /** Where the gift is now, in minor units; the parts add up to `amount` once it is on the ledger. */
  summary: {
    /** Paid out, and the delivery confirmed. */
    delivered: string;
    paidUnconfirmed: string;
    /** Passed on in a grant the receiver has not answered yet. */
    inTransit: string;
    /** Held by organisations it was passed on to. */
    heldDownstream: string;
    /** Held by the gift's own campaign (the same as `unspent`). */
    heldHere: string;
    refunded: string;
    corrected: string;
  };
  organisation: { id: string; name: string };
  campaign: { id: string; title: string };
  steps: TraceStep[];
  /**
   * Records that refer to this gift but break the ledger's rules (a refund or correction larger
   * than what the gift still held): shown in public, and they moved no other donor's money.
   */
  flagged: { recordId: string; kind: "refund" | "correction"; amount: string; shortfall: string; reason: string }[];
  /**
   * The mirror's lots and slices of this gift do not add up to it: the mirror was altered or is
   * broken. The journey is then not shown, and the page warns.
   */
  inconsistent: boolean;
  /** The newest block the mirror holds: the answer is current up to it. */
  asOfBlock: string | null;
}
