import { isError } from "ethers";

/**
 * The revert data inside an ethers/JSON-RPC error, "0x" for a revert without data, or undefined
 * when the error is not a revert at all (the node is away): the caller retries those later.
 * Nodes word this differently (Hardhat, anvil, geth, Besu), so the data is looked for in every
 * place they put it before the message is read.
 */
export function revertDataOf(error: unknown): string | undefined {
  // ethers classes a refused call or estimate as CALL_EXCEPTION whatever the node said.
  if (isError(error, "CALL_EXCEPTION")) return error.data ?? "0x";
  const e = error as { data?: unknown; info?: { error?: { data?: unknown; message?: string } }; error?: { data?: unknown } };
  const candidates = [e?.data, e?.info?.error?.data, e?.error?.data];
  for (const c of candidates) {
    if (typeof c === "string" && c.startsWith("0x")) return c;
    if (c && typeof c === "object" && typeof (c as { data?: unknown }).data === "string") return (c as { data: string }).data;
  }
  const message = e?.info?.error?.message ?? (error as Error)?.message ?? "";
  if (/revert/i.test(message)) return "0x";
  return undefined;
}
