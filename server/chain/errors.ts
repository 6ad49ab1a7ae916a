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
