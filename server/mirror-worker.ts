/**
 * The mirror process: the indexer and the background verifier, in a process of their own, so that
 * decoding a backlog of a million events never holds up an HTTP answer (a separate heap, event
 * loop and garbage collector). Started by mirror-process.ts with an IPC channel; it opens its own
 * connections to the chain and the database from the settings it is sent, and reports its status
 * back. Killed outright it loses nothing: each range is written with its cursor in one transaction.
 */
import { setPriority } from "node:os";
import type pg from "pg";
import type { Logger } from "pino";
import { attachLedgerSystem } from "./attach-system.ts";
import { createIndexer } from "./indexer/indexer.ts";
import { createMirrorVerifier } from "./indexer/mirror-verifier.ts";
import { createLogger } from "./logger.ts";
import { MIRROR_NICENESS, type FromMirror, type MirrorSettings, type ToMirror } from "./mirror-messages.ts";

/** Within this many blocks of the head (beyond the confirmations awaited), the indexer counts as caught up. */
const CAUGHT_UP_BLOCKS = 10n;

const send = (message: FromMirror) => process.send?.(message);

async function run(settings: MirrorSettings): Promise<void> {
  // Lines go to the server, which writes them with its own logger (and its own redaction).
  const logger = createLogger(settings.logLevel, { write: (line: string) => void send({ type: "log", line }) });
  // Larger answers are read again as smaller ranges: what bounds this process's memory.
  const attached = await attachLedgerSystem({ rpcUrl: settings.rpcUrl, databaseUrl: settings.databaseUrl, maxResponseBytes: 16 * 1024 * 1024, logger });
  const { provider, reader } = attached;
  const pool = attached.pool!;
  if (settings.localDatabase) pool.on("connect", (client) => lowerBackendPriority(client, logger));
  let report: NodeJS.Timeout | undefined;
  const sendStatus = () => send({ type: "status", indexer: indexer.status(), verification: verifier.status() });

  const indexer = createIndexer({
    pool,
    provider,
    reader,
    ledgerAddress: settings.ledgerAddress,
    confirmations: settings.confirmations,
    pollIntervalMs: settings.pollIntervalMs,
    logger: logger.child({ part: "indexer" }),
    onRollback: (ancestor) => send({ type: "rollback", ancestor }),
    onProgress: (progress) => ("fatal" in progress ? send({ type: "fatal", message: progress.fatal.message }) : sendStatus()),
  });
  const verifier = createMirrorVerifier({
    databaseUrl: settings.databaseUrl,
    provider,
    reader,
    intervalMs: settings.verifyIntervalMs,
    tailWanted: () => {
      const { indexedBlock, chainHead } = indexer.status();
      return indexedBlock !== undefined && chainHead !== undefined && chainHead - indexedBlock <= BigInt(settings.confirmations) + CAUGHT_UP_BLOCKS;
    },
    logger: logger.child({ part: "verify" }),
  });

  handle = (message: ToMirror) => {
    switch (message.type) {
      case "poke":
        return indexer.poke();
      case "start-indexer":
        return indexer.start();
      case "stop-indexer":
        return void indexer.stop().then(() => {
          sendStatus();
          send({ type: "done", id: message.id });
        });
      case "check":
        return void verifier.checkNow().then((verification) => send({ type: "done", id: message.id, verification }));
      case "close":
        return void close();
    }
  };
  for (const message of queued.splice(0)) handle(message);

  async function close(): Promise<void> {
    clearInterval(report);
    await indexer.stop();
    await verifier.stop();
    await attached.close();
    process.disconnect?.();
  }

  indexer.start();
  verifier.start();
  // Also between steps (a node that stopped answering shows as an old head and an error).
  report = setInterval(sendStatus, 250);
  sendStatus();
}

/**
 * The embedded Postgres runs here: the backend that serves this connection does the indexer's
 * heaviest work (parsing and indexing every row), so it yields the CPU to the API's backends too.
 * Its pid comes with the connection (BackendKeyData), so no query races the pool's first user.
 */
function lowerBackendPriority(client: pg.PoolClient, logger: Logger): void {
  const pid = (client as unknown as { processID?: number }).processID;
  try {
    if (pid) setPriority(pid, MIRROR_NICENESS);
  } catch (error) {
    logger.debug({ err: error }, "could not lower the database backend's CPU priority");
  }
}

// Messages that arrive while the connections are still being opened wait their turn.
const queued: ToMirror[] = [];
let handle: ((message: ToMirror) => void) | undefined;

// A server that went away (killed outright) takes its mirror process with it; signals meant for
// the server's terminal are left to the server, which closes this process over IPC.
process.on("disconnect", () => process.exit(0));
process.on("SIGINT", () => {});
process.on("message", (message: ToMirror) => {
  if (message.type === "init") {
    run(message.settings).catch((error) => {
      send({ type: "fatal", message: (error as Error).message });
      process.exit(1);
    });
  } else if (handle) handle(message);
  else queued.push(message);
});
