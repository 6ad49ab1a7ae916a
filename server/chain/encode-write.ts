import { ZeroAddress, type Interface } from "ethers";
import { loadArtifact } from "./ledger-artifact.ts";

/** An EIP-712 request an organisation signed with its own key, for the ledger's ERC-2771 forwarder. */
export interface ForwardRequest {
  from: string;
  to: string;
  value: string;
  gas: string;
  deadline: string;
  data: string;
  signature: string;
}

/** The on-chain arguments an outbox entry carries, as strings (JSON has no bigint). */
export type OutboxPayload =
  | { kind: "donation"; campaignId: string; amount: string; channel: number; donorCommitment: string }
  | {
      kind: "disbursement";
      campaignId: string;
      amount: string;
      purpose: number;
      /** Keyed commitment of the recipient's reference; the reference never leaves the server. */
      recipientCommitment: string;
      evidenceHash: string;
    }
  | { kind: "relay"; request: ForwardRequest };

/** One call for several writes of one kind, in order; their record ids follow each other. */
export function encodeWriteBatch(abi: Interface, payloads: OutboxPayload[]): string {
  if (payloads.length === 1) return encodeWrite(abi, payloads[0]!);
  const kind = payloads[0]!.kind;
  if (payloads.some((p) => p.kind !== kind)) throw new Error("a batch holds writes of one kind");
  if (kind === "relay") throw new Error("relayed writes go one per transaction");
  return kind === "donation"
    ? abi.encodeFunctionData("recordDonations", [payloads.map((p) => donationArgs(p as Extract<OutboxPayload, { kind: "donation" }>))])
    : abi.encodeFunctionData("recordDisbursements", [payloads.map((p) => disbursementArgs(p as Extract<OutboxPayload, { kind: "disbursement" }>))]);
}

function donationArgs(p: Extract<OutboxPayload, { kind: "donation" }>) {
  return { campaignId: p.campaignId, amount: p.amount, channel: p.channel, donorCommitment: p.donorCommitment };
}

function disbursementArgs(p: Extract<OutboxPayload, { kind: "disbursement" }>) {
  return {
    campaignId: p.campaignId,
    recipientCommitment: p.recipientCommitment,
    amount: p.amount,
    purpose: p.purpose,
    evidenceHash: p.evidenceHash,
    // Attested campaigns pay nothing on-chain; confirmations come from auditors.
    payee: ZeroAddress,
    confirmer: ZeroAddress,
  };
}

export function encodeWrite(abi: Interface, p: OutboxPayload): string {
  if (p.kind === "relay") return loadArtifact("LedgerForwarder").abi.encodeFunctionData("execute", [p.request]);
  return p.kind === "donation"
    ? abi.encodeFunctionData("recordDonation", [p.campaignId, p.amount, p.channel, p.donorCommitment])
    : abi.encodeFunctionData("recordDisbursement", [disbursementArgs(p)]);
}

/** The ledger call a relayed request makes, as the forwarder makes it: its data with the signer appended. */
export function forwardedCall(request: ForwardRequest): string {
  return request.data + request.from.slice(2).toLowerCase();
}
