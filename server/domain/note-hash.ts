import { createHash } from "node:crypto";
import { ZeroHash } from "ethers";

/**
 * What the chain holds of a memo or a reason: the SHA-256 of its UTF-8 text, or zero without one.
 * The text itself stays off-chain, so it can never be made public by the ledger.
 */
export function noteHash(text: string | undefined): string {
  return text === undefined ? ZeroHash : "0x" + createHash("sha256").update(text, "utf8").digest("hex");
}
