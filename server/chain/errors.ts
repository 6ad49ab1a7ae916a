/**
 * The node behind RPC_URL is not the chain (or contract) the mirror was built from. Retrying
 * cannot help, and the mirror must never mix two chains.
 */
export class ChainMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChainMismatchError";
  }
}

/**
 * The local chain's journal holds transactions that a restart can neither replay nor send again:
 * starting would silently leave them out. The message names the block and the ways out.
 */
export class JournalRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JournalRefusedError";
  }
}
