/**
 * `npm run indexer -- [--rpc URL] [--database URL]`: the indexer alone, in its own process, following
 * the chain into a mirror that is already bound to its ledger (by `npm start` or another indexer).
 * It stops on SIGTERM or SIGINT; killed outright, it loses nothing: each range is written with its
 * cursor in one transaction, and the next run continues from the cursor.
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { createProvider } from "../server/chain/provider.ts";
import { createRawRpc } from "../server/chain/raw-rpc.ts";
import { readCursor } from "../server/db/cursor.ts";
import { createIndexer } from "../server/indexer/indexer.ts";
import { createLogger } from "../server/logger.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rpc: { type: "string", default: process.env.RPC_URL }, database: { type: "string", default: process.env.DATABASE_URL } },
  });
  if (!values.rpc || !values.database) {
    console.error("Give the chain and the database: npm run indexer -- --rpc URL --database URL (or RPC_URL and DATABASE_URL).");
    process.exit(2);
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? "info");
  const pool = new pg.Pool({ connectionString: values.database, max: 4 });
  pool.on("error", (error) => logger.warn({ err: error }, "idle database connection lost"));
  const cursor = await readCursor(pool);
  if (!cursor) {
    console.error("This database holds no mirror yet: start the system once (npm start) to bind it to a ledger.");
    process.exit(2);
  }
  const provider = await createProvider(values.rpc);
  const indexer = createIndexer({
    pool,
    provider,
    reader: createRawRpc(values.rpc),
    ledgerAddress: cursor.ledgerAddress,
    confirmations: Number(process.env.CONFIRMATIONS ?? 0),
    pollIntervalMs: Number(process.env.POLL_INTERVAL_MS ?? 200),
    ...(process.env.INDEXER_BATCH_BLOCKS ? { batchBlocks: Number(process.env.INDEXER_BATCH_BLOCKS) } : {}),
    ...(process.env.INDEXER_MAX_BATCH_BLOCKS ? { maxBatchBlocks: Number(process.env.INDEXER_MAX_BATCH_BLOCKS) } : {}),
    logger,
  });
  indexer.start();
  const stop = async () => {
    await indexer.stop();
    await pool.end();
    provider.destroy();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
