/**
 * `npm run indexer -- [--rpc URL] [--database URL]`: the indexer alone, in its own process, following
 * the chain into a mirror that is already bound to its ledger (by `npm start` or another indexer).
 * It stops on SIGTERM or SIGINT; killed outright, it loses nothing: each range is written with its
 * cursor in one transaction, and the next run continues from the cursor.
 */
import { parseArgs } from "node:util";
import { attachLedgerSystem } from "../server/attach-system.ts";
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
  const attached = await attachLedgerSystem({ rpcUrl: values.rpc, databaseUrl: values.database, logger });
  const indexer = createIndexer({
    pool: attached.pool!,
    provider: attached.provider,
    reader: attached.reader,
    ledgerAddress: attached.cursor!.ledgerAddress,
    confirmations: Number(process.env.CONFIRMATIONS ?? 0),
    pollIntervalMs: Number(process.env.POLL_INTERVAL_MS ?? 200),
    ...(process.env.INDEXER_BATCH_BLOCKS ? { batchBlocks: Number(process.env.INDEXER_BATCH_BLOCKS) } : {}),
    ...(process.env.INDEXER_MAX_BATCH_BLOCKS ? { maxBatchBlocks: Number(process.env.INDEXER_MAX_BATCH_BLOCKS) } : {}),
    logger,
  });
  indexer.start();
  const stop = async () => {
    await indexer.stop();
    await attached.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
