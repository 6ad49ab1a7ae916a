import type { Interface } from "ethers";

/** The ABIs a write is encoded with: the ledger's, and its ERC-2771 forwarder's (for signed requests). */
export interface WriteAbis {
  ledger: Interface;
  forwarder: Interface;
}

/** One call to the chain: to the ledger itself, or to its forwarder (a request an organisation signed). */
export interface WriteCall {
  to: "ledger" | "forwarder";
  data: string;
}

/** Whose key sends a write: the writing organisation's own operator key, the server's auditor key, or the relayer's. */
export type WriteSigner = "organisation" | "auditor" | "relayer";

/**
 * What accepting a write checks and stores about the campaign it concerns. `campaignId` is the
 * campaign whose balance `delta` changes once the write is mirrored (money in flight until then);
 * `spends` is what it takes out of that campaign, checked under the campaign's lock; `requireOpen`
 * refuses it when that campaign is closed; `ownCampaign` false lets an organisation write about
 * another's campaign (refusing a grant sent to it puts the money back in the sender's campaign).
 * Every check of money is made under the campaign's lock, so two writes never count the same money.
 */
export interface WriteEffect {
  campaignId?: bigint;
  spends?: bigint;
  /** A donation's record id: `spends` must also fit in what is still refundable of that donation. */
  refundOf?: bigint;
  requireOpen?: boolean;
  ownCampaign?: boolean;
  delta: bigint;
}

/**
 * One kind of write, in one place: what it carries (its payload, stored in the outbox as JSON, so
 * numbers are strings), whose key sends it, what it does to balances, how it is encoded alone and
 * in a batch, and which event proves it landed. The submitter, the services and the status
 * endpoint know a kind only through this.
 */
export interface WriteKind<P extends { kind: string } = { kind: string }> {
  readonly kind: P["kind"];
  signer(payload: P): WriteSigner;
  effect(payload: P): WriteEffect;
  encode(abis: WriteAbis, payload: P): WriteCall;
  /** One ledger call for several consecutive writes of this kind; absent, each write goes alone. */
  encodeBatch?(abis: WriteAbis, payloads: P[]): string;
  /**
   * The events that prove a write of this kind landed. In its transaction, the n-th write of this
   * kind made the n-th of these events (a batch makes one per write, in order); a kind with no
   * events listed is proved by the first event of its transaction.
   */
  readonly proof: readonly string[];
}

/** A kind as the registry holds it, its payload type erased. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWriteKind = WriteKind<any>;
