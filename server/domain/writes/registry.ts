import { campaignClosing, type CampaignClosingPayload } from "./campaign-closing.ts";
import { campaignOpening, type CampaignOpeningPayload } from "./campaign-opening.ts";
import { campaignTarget, type CampaignTargetPayload } from "./campaign-target.ts";
import { confirmation, type ConfirmationPayload } from "./confirmation.ts";
import { correction, type CorrectionPayload } from "./correction.ts";
import { correctionApproval, type CorrectionApprovalPayload } from "./correction-approval.ts";
import { disbursement, type DisbursementPayload } from "./disbursement.ts";
import { disclosure, type DisclosurePayload } from "./disclosure.ts";
import { donation, type DonationPayload } from "./donation.ts";
import { grant, type GrantPayload } from "./grant.ts";
import { grantAcknowledgement, type GrantAcknowledgementPayload } from "./grant-acknowledgement.ts";
import { grantRefusal, type GrantRefusalPayload } from "./grant-refusal.ts";
import { refund, type RefundPayload } from "./refund.ts";
import { relay, type RelayPayload } from "./relay.ts";
import type { AnyWriteKind, WriteAbis, WriteCall } from "./write-kind.ts";

/** Every kind of write the API accepts, by name. A new kind is one module and one line here. */
export const WRITE_KINDS = {
  donation,
  disbursement,
  relay,
  campaign_opening: campaignOpening,
  campaign_closing: campaignClosing,
  campaign_target: campaignTarget,
  disclosure,
  confirmation,
  grant,
  grant_acknowledgement: grantAcknowledgement,
  grant_refusal: grantRefusal,
  refund,
  correction,
  correction_approval: correctionApproval,
} as const satisfies Record<string, AnyWriteKind>;

export type WriteKindName = keyof typeof WRITE_KINDS;
export const WRITE_KIND_NAMES = Object.keys(WRITE_KINDS) as [WriteKindName, ...WriteKindName[]];

/** What an outbox entry carries to the chain, whatever its kind. */
export type WritePayload =
  | DonationPayload
  | DisbursementPayload
  | RelayPayload
  | CampaignOpeningPayload
  | CampaignClosingPayload
  | CampaignTargetPayload
  | DisclosurePayload
  | ConfirmationPayload
  | GrantPayload
  | GrantAcknowledgementPayload
  | GrantRefusalPayload
  | RefundPayload
  | CorrectionPayload
  | CorrectionApprovalPayload;

export function writeKind(name: string): AnyWriteKind {
  const kind = (WRITE_KINDS as Record<string, AnyWriteKind>)[name];
  if (!kind) throw new Error(`unknown write kind "${name}"`);
  return kind;
}

/** Whether writes of this kind may share a transaction. */
export function batches(name: string): boolean {
  return writeKind(name).encodeBatch !== undefined;
}

/** One call for consecutive writes of one kind, in order: a batch call where the kind has one. */
export function encodeWrites(abis: WriteAbis, payloads: readonly { kind: string }[]): WriteCall {
  const kind = writeKind(payloads[0]!.kind);
  if (payloads.length === 1) return kind.encode(abis, payloads[0]!);
  if (payloads.some((p) => p.kind !== kind.kind)) throw new Error("a batch holds writes of one kind");
  if (!kind.encodeBatch) throw new Error(`writes of kind "${kind.kind}" go one per transaction`);
  return { to: "ledger", data: kind.encodeBatch(abis, [...payloads]) };
}
