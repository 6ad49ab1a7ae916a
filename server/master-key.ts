import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The one secret the server's other secrets derive from: the key that encrypts the organisations'
 * operator keys at rest, the request-fingerprint key and the recipient-commitment keys. From
 * MASTER_KEY (64 hex characters) or, locally, a random file in DATA_DIR made on first start.
 * Never in the repository, never in the database.
 */
export interface MasterKey {
  /** A 32-byte key for one purpose, derived with HKDF-SHA256. */
  derive(purpose: string): Buffer;
  /** AES-256-GCM under the key derived for `purpose`; the output carries its nonce and tag. */
  seal(purpose: string, plaintext: string): string;
  open(purpose: string, sealed: string): string;
}

export function loadMasterKey(options: { configured?: string; dataDir: string }): MasterKey {
  return masterKeyFrom(options.configured ? Buffer.from(options.configured, "hex") : localMasterKey(options.dataDir));
}

export function masterKeyFrom(secret: Buffer): MasterKey {
  if (secret.length !== 32) throw new Error("The master key must be 32 bytes (64 hex characters).");
  const derive = (purpose: string) => Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), `donation-ledger:${purpose}`, 32));
  return {
    derive,
    seal(purpose, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", derive(purpose), iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
    },
    open(purpose, sealed) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Not a sealed value of this server.");
      const decipher = createDecipheriv("aes-256-gcm", derive(purpose), Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}

function localMasterKey(dataDir: string): Buffer {
  const file = path.join(dataDir, "secrets", "master-key");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return Buffer.from(readFileSync(file, "utf8").trim(), "hex");
}
