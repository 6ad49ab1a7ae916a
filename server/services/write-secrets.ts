import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import type { HmacKey } from "../domain/commitments.ts";
import type { MasterKey } from "../master-key.ts";

/** The keys the write path uses, each derived from the master key for one purpose. */
export interface WriteSecrets {
  /** Keys request fingerprints, so a stored fingerprint cannot be reversed by guessing. */
  fingerprintKey: KeyObject;
  /** Derives a write's tracking code from its client and idempotency key, so a retry gets it again without storing it. */
  trackingCodeKey: KeyObject;
  /** Keys an organisation's recipient commitments. */
  recipientKey(orgId: bigint): KeyObject;
}

export function writeSecretsFrom(masterKey: MasterKey): WriteSecrets {
  const recipientKeys = new Map<bigint, KeyObject>();
  return {
    fingerprintKey: createSecretKey(masterKey.derive("request-fingerprint")),
    trackingCodeKey: createSecretKey(masterKey.derive("tracking-code")),
    recipientKey(orgId) {
      let key = recipientKeys.get(orgId);
      if (!key) recipientKeys.set(orgId, (key = createSecretKey(masterKey.derive(`recipient-commitment:${orgId}`))));
      return key;
    },
  };
}

/** Bytes for `generateTrackingCode`: HMAC-SHA256 of the write's identity, as unguessable as random without the key. */
export function trackingCodeBytes(key: HmacKey, clientId: string, idempotencyKey: string): (size: number) => Uint8Array {
  const digest = createHmac("sha256", key).update(`${clientId}\u0000${idempotencyKey}`, "utf8").digest();
  return (size) => digest.subarray(0, size);
}
