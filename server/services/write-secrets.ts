import { createHmac } from "node:crypto";
import type { MasterKey } from "../master-key.ts";

/** The keys the write path uses, each derived from the master key for one purpose. */
export interface WriteSecrets {
  /** Keys request fingerprints, so a stored fingerprint cannot be reversed by guessing. */
  fingerprintKey: Buffer;
  /** Derives a write's tracking code from its client and idempotency key, so a retry gets it again without storing it. */
  trackingCodeKey: Buffer;
  /** Keys an organisation's recipient commitments. */
  recipientKey(orgId: bigint): Buffer;
}

export function writeSecretsFrom(masterKey: MasterKey): WriteSecrets {
  return {
    fingerprintKey: masterKey.derive("request-fingerprint"),
    trackingCodeKey: masterKey.derive("tracking-code"),
    recipientKey: (orgId) => masterKey.derive(`recipient-commitment:${orgId}`),
  };
}

/** Bytes for `generateTrackingCode`: HMAC-SHA256 of the write's identity, as unguessable as random without the key. */
export function trackingCodeBytes(key: Buffer, clientId: string, idempotencyKey: string): (size: number) => Uint8Array {
  const digest = createHmac("sha256", key).update(`${clientId}\u0000${idempotencyKey}`, "utf8").digest();
  return (size) => digest.subarray(0, size);
}
