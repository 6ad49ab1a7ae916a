import type { ChainRef, DonationTrace } from "./trace.ts";

/**
 * What a donor's receipt states: the gift as the charity received it and, once there, where it
 * sits on the ledger. Only facts that never change after the gift is recorded, so a printed
 * receipt stays true however the gift is later spent (its journey is on the tracking page).
 */
export interface DonationReceipt {
  trackingCode: string;
  amount: string;
  currency: string;
  organisation: { id: string; name: string };
  campaign: { id: string; title: string };
  /** When the charity received the gift. */
  receivedAt: string;
  /** In words on the receipt: on the ledger, on its way there, or refused by it. */
  status: "recorded" | "pending" | "failed";
  /** The ledger record, once recorded: what `find-gift` prints back. */
  recorded?: { at: string; recordId: string; chain: ChainRef };
}

export function receiptOf(trace: DonationTrace): DonationReceipt {
  const donated = trace.steps.find((s) => s.kind === "donated");
  const recorded = trace.steps.find((s) => s.kind === "recorded");
  // "submitted" is a detail of the outbox; for the donor both mean "on its way to the ledger".
  const status = trace.status === "confirmed" ? "recorded" : trace.status === "failed" ? "failed" : "pending";
  return {
    trackingCode: trace.trackingCode,
    amount: trace.amount,
    currency: trace.currency,
    organisation: trace.organisation,
    campaign: trace.campaign,
    // Every trace starts with the donation itself; the recorded time stands in should it not.
    receivedAt: donated?.at ?? recorded?.at ?? "",
    status,
    ...(recorded ? { recorded: { at: recorded.at, recordId: recorded.recordId, chain: recorded.chain } } : {}),
  };
}

/** A tracking code in its groups of four, for reading aloud and typing: ["DN", "7K3Q", "9XPA", …]. */
export function trackingCodeGroups(code: string): string[] {
  return code.split("-").filter((g) => g.length > 0);
}
