import { Transaction } from "ethers";
import type { JournalBlock } from "./chain-journal.ts";
import type { ChainReader } from "./raw-rpc.ts";

export interface StrayTransaction {
  hash: string;
  from: string;
  nonce: number;
  /** The journal block it was in. */
  block: number;
  reason: string;
}

export interface StraysOutcome {
  /** Sent again and mined. */
  restored: number;
  /** Already on the rebuilt chain (a repeated block, say). */
  present: number;
  /** Could not be sent again: their nonce went to another transaction, or one before them is missing. */
  notRestored: StrayTransaction[];
}

/**
 * Sends again, in their order, the signed transactions of journal blocks that came after a gap or a
 * repeat (a lost append, a second run writing the same journal): whatever the rebuilt chain lacks
 * and can still take at its sender's next nonce. Signed transactions can be sent by anyone, so
 * every one of them is tried, not only the outbox's. What cannot be sent again is returned.
 */
export async function restoreJournalStrays(reader: Required<ChainReader>, strays: JournalBlock[]): Promise<StraysOutcome> {
  const seen = new Set<string>();
  let waiting: { raw: string; tx: Transaction; block: number }[] = [];
  for (const block of [...strays].sort((a, b) => a.number - b.number)) {
    for (const raw of block.txs) {
      const tx = Transaction.from(raw);
      if (seen.has(tx.hash!)) continue;
      seen.add(tx.hash!);
      waiting.push({ raw, tx, block: block.number });
    }
  }
  const outcome: StraysOutcome = { restored: 0, present: 0, notRestored: [] };
  const nonces = new Map<string, number>();
  const nonceOf = async (from: string) => {
    if (!nonces.has(from)) nonces.set(from, Number(await reader.send("eth_getTransactionCount", [from, "latest"])));
    return nonces.get(from)!;
  };
  // Passes until nothing moves: a transaction may wait for one of its sender's listed later.
  for (let progress = true; progress && waiting.length > 0; ) {
    progress = false;
    const later: typeof waiting = [];
    for (const item of waiting) {
      const from = item.tx.from!.toLowerCase();
      if (await reader.send("eth_getTransactionReceipt", [item.tx.hash])) {
        outcome.present++;
        progress = true;
        continue;
      }
      const next = await nonceOf(from);
      if (item.tx.nonce !== next) {
        later.push(item);
        continue;
      }
      try {
        await reader.send("eth_sendRawTransaction", [item.raw]);
        nonces.set(from, next + 1);
        outcome.restored++;
        progress = true;
      } catch (error) {
        outcome.notRestored.push({ hash: item.tx.hash!, from, nonce: item.tx.nonce, block: item.block, reason: `the node refused it: ${(error as Error).message}` });
      }
    }
    waiting = later;
  }
  for (const item of waiting) {
    const from = item.tx.from!.toLowerCase();
    const next = await nonceOf(from);
    outcome.notRestored.push({
      hash: item.tx.hash!,
      from,
      nonce: item.tx.nonce,
      block: item.block,
      reason: item.tx.nonce < next ? "its nonce was used by another transaction" : `a transaction of its sender before it (nonce ${next}) is missing`,
    });
  }
  return outcome;
}
