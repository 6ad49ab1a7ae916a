import type { JsonRpcProvider } from "ethers";
import type pg from "pg";
import { createPool } from "./db/pool.ts";
import type { Logger } from "pino";
import { createProvider } from "./chain/provider.ts";
import { createRawRpc, type ChainReader } from "./chain/raw-rpc.ts";
import { readCursor, type Cursor } from "./db/cursor.ts";

/** Connections to a chain (and a mirror's database) that something else started. */
export interface AttachedSystem {
  rpcUrl: string;
  provider: JsonRpcProvider;
  /** A linear-time transport for bulk reads (logs, headers). */
  reader: Required<ChainReader>;
  databaseUrl?: string;
  pool?: pg.Pool;
  /** The mirror's cursor, with the ledger it follows, when a database was given. */
  cursor?: Cursor;
  close(): Promise<void>;
}

/**
 * Opens connections to a running chain and, when given, a database holding a mirror, for the
 * commands that check or follow what `npm start` (or anyone) runs: verify, find-gift, the
 * standalone indexer and the server's own mirror process. Unlike openLedgerSystem it starts,
 * migrates and deploys nothing, so it is safe against a regulator's own node and a copy of the
 * database.
 */
export async function attachLedgerSystem(options: {
  rpcUrl: string;
  databaseUrl?: string;
  poolSize?: number;
  maxResponseBytes?: number;
  logger?: Logger;
}): Promise<AttachedSystem> {
  const provider = await createProvider(options.rpcUrl);
  const reader = createRawRpc(options.rpcUrl, options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {});
  if (!options.databaseUrl) {
    return { rpcUrl: options.rpcUrl, provider, reader, close: async () => provider.destroy() };
  }
  const pool = createPool(options.databaseUrl, {
    max: options.poolSize ?? 4,
    onConnectionLost: (error) => options.logger?.warn({ err: error }, "a database connection was lost; a new one is opened on next use"),
  });
  const close = async () => {
    await pool.end();
    provider.destroy();
  };
  try {
    const cursor = await readCursor(pool);
    if (!cursor) throw new Error("This database holds no mirror yet: start the system once (npm start) to bind it to a ledger.");
    return { rpcUrl: options.rpcUrl, provider, reader, databaseUrl: options.databaseUrl, pool, cursor, close };
  } catch (error) {
    await close();
    throw error;
  }
}
