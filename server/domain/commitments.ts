import { createHmac, type KeyObject } from "node:crypto";
import { concat, keccak256, toUtf8Bytes } from "ethers";
import { trackingCodeBits } from "./tracking-code.ts";

/**
 * What the ledger stores in place of people. Pure functions: anyone with the same inputs gets the
 * same values, and the README documents each derivation.
 */

/** A key for HMAC: a KeyObject made once costs a fifth of raw bytes per use (Node 24 checks bytes anew each time). */
export type HmacKey = Uint8Array | KeyObject;

/** Domain tag of the donor commitment; a new tag would make a new, unlinkable commitment scheme. */
export const DONOR_COMMITMENT_TAG = "donation-ledger:donor:v1";

/**
 * The on-chain donor commitment of a tracking code: keccak256(utf8(tag) ‖ the code's 80 bits as
 * 10 bytes). The code has 75 random bits, so the commitment reveals nothing to anyone without it,
 * and whoever holds the code finds the donation on any copy of the chain.
 */
export function donorCommitment(trackingCode: string): string {
  return keccak256(concat([toUtf8Bytes(DONOR_COMMITMENT_TAG), trackingCodeBits(trackingCode)]));
}

/**
 * A commitment as people see it in a list: the first 6 and last 4 hex digits, "0x1a2b3c…9f8e".
 * Enough for a donor to spot their own next to others; the whole value is on-chain anyway, so the
 * mask only keeps lists readable and gives nothing to search by.
 */
export function maskCommitment(commitment: string): string {
  const hex = commitment.replace(/^0x/i, "").toLowerCase();
  return hex.length <= 10 ? `0x${hex}` : `0x${hex.slice(0, 6)}…${hex.slice(-4)}`;
}

/**
 * The on-chain recipient commitment: HMAC-SHA256 under the organisation's recipient key of the
 * normalised reference. Keyed, so a phone number or ID number cannot be found by guessing; the same
 * recipient of one organisation keeps one commitment, so payments to it can be counted.
 */
export function recipientCommitment(organisationKey: HmacKey, reference: string): string {
  return "0x" + createHmac("sha256", organisationKey).update(normaliseReference(reference), "utf8").digest("hex");
}

/** References differ only by case or surrounding and repeated spaces are one recipient. */
export function normaliseReference(reference: string): string {
  return reference.normalize("NFKC").trim().replace(/\s+/g, " ").toUpperCase();
}

/**
 * A request's fingerprint, to tell a client's retry from a different request under a reused
 * idempotency key: HMAC-SHA256 under a server secret, over every field except personal ones, so
 * nothing stored can be reversed by guessing a donor's reference.
 */
export function requestFingerprint(key: HmacKey, kind: string, request: Record<string, unknown>, personal: readonly string[]): string {
  return createHmac("sha256", key).update(JSON.stringify([kind, fieldsOf(request, personal)])).digest("hex");
}

/** The fingerprint of a batch: its kind and every item's fields, in order (personal fields left out). */
export function batchFingerprint(key: HmacKey, kind: string, items: Record<string, unknown>[], personal: readonly string[]): string {
  return createHmac("sha256", key).update(JSON.stringify([`${kind}[]`, items.map((item) => fieldsOf(item, personal))])).digest("hex");
}

function fieldsOf(request: Record<string, unknown>, personal: readonly string[]): [string, string][] {
  return Object.keys(request)
    .filter((k) => !personal.includes(k) && request[k] !== undefined)
    .sort()
    .map((k) => [k, String(request[k])]);
}
