import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (secret: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(secret, salt, keylen, options, (e, key) => (e ? reject(e) : resolve(key))));

const PARAMS = { N: 16384, r: 8, p: 1 };

/** Client secrets are stored as `scrypt$N$r$p$salt$hash`, never in the clear. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(secret, salt, 32, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/**
 * Stands in for the stored hash of a client that does not exist, so an unknown id costs the same
 * scrypt as a wrong secret and answer times do not tell which ids exist. No secret matches it.
 */
export const UNKNOWN_CLIENT_HASH = ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, "bm8tc3VjaC1jbGllbnQtc2FsdA", "bm8tc2VjcmV0LWV2ZXItaGFzaGVzLXRvLXRoaXMtISE"].join("$");

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scrypt(secret, Buffer.from(salt, "base64url"), expected.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(key, expected);
}

export function generateSecret(): string {
  return randomBytes(24).toString("base64url");
}
