import { ChainMismatchError } from "../chain/errors.ts";

/**
 * Errors the indexer classes as fatal: retrying cannot help and the mirror must not move.
 * Everything else (a node that is briefly away, a read that raced a new block) is retried.
 */
export function isFatal(error: unknown): boolean {
  return error instanceof ChainMismatchError || (error as Error)?.name === "CursorMovedError";
}
