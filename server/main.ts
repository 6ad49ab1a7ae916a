import { createQrCodes } from "./http/qr-codes.ts";
import { createServer, type RequestListener, type Server } from "node:http";
import { Wallet, type JsonRpcProvider, type Signer } from "ethers";
import type pg from "pg";
import type { Logger } from "pino";
import { DEV_ROLES, devAccount } from "./chain/dev-accounts.ts";
import type { Submitter } from "./submitter/submitter.ts";
import { createSubmitterThread } from "./submitter/submitter-thread.ts";
import type { Config } from "./config.ts";
import { createDisbursementFacts } from "./db/disbursement-facts.ts";
import { createEvidenceStore } from "./db/evidence.ts";
import { createCampaignFacts } from "./db/campaign-facts.ts";
import { createOutboxStore, type OutboxStore } from "./db/outbox.ts";
import type { OrgSigners } from "./db/org-signers.ts";
import type { Db } from "./db/prisma.ts";
import { createDatabaseProbe } from "./db/health.ts";
import { createStores, type Stores } from "./db/stores.ts";
import { createClientValidity } from "./services/client-validity.ts";
import { createApp } from "./http/app.ts";
import { createPdfPrinter } from "./http/print-pdf.ts";
import { createTraceCache } from "./services/trace-cache.ts";
import type { Indexer } from "./indexer/indexer.ts";
import type { MirrorVerifier } from "./indexer/mirror-verifier.ts";
import { createLogger } from "./logger.ts";
import { demoCredentialsFile } from "./demo-credentials.ts";
import { startMirrorProcess } from "./mirror-process.ts";
import { localSecret, openLedgerSystem, type OpenSystem } from "./open-system.ts";
import { createStartup, startingHandler } from "./startup.ts";
import { getHealth } from "./services/get-health.ts";
import { seedDemo, type DemoSeed } from "./services/seed-demo.ts";
import type { TokenSettings } from "./services/tokens.ts";
import { waitForWrite } from "./services/wait-for-write.ts";
import type { WriteSecrets } from "./services/write-secrets.ts";

export interface LedgerSystem {
  url: string;
  config: Config;
  logger: Logger;
  db: Db;
  pool: pg.Pool;
  /** The outbox, as the API and its tools read and write it. */
  outbox: OutboxStore;
  /** The database's other stores, as the API and its tools use them. */
  stores: Stores;
  provider: JsonRpcProvider;
  ledgerAddress: string;
  rpcUrl: string;
  databaseUrl: string;
  indexer: Indexer;
  /** The pid of the process the indexer and the verifier run in. */
  mirrorPid(): number | undefined;
  submitter: Submitter;
  verifier: MirrorVerifier;
  tokens: TokenSettings;
  secrets: WriteSecrets;
  /** The operator keys this server holds for organisations, one per organisation. */
  orgSigners: OrgSigners;
  /** The registrar's key, where this process has it: it onboards organisations and moves no money. */
  registrar?: Wallet;
  /** True when the demo is to be seeded (SEED_DEMO on the embedded chain): /health says "starting" until it is. */
  seedsDemo: boolean;
  /** Seeds the demo organisations, campaigns and gifts (needs the local chain's keys); `onStep` follows its steps. */
  seedDemo(options?: { onStep?: (step: string) => Promise<void> | void }): Promise<DemoSeed>;
  stop(): Promise<void>;
}

/** Traces kept in memory (a few KB each): the gifts being looked at now. */
const TRACE_CACHE_ENTRIES = 10_000;
/** A QR code of about 2 KB per address: 20 MB at most. */
const QR_CODES_KEPT = 10_000;

/** How old the indexer's last read of the chain head may be for /health to use it. */
const HEAD_FRESH_MS = 5_000;

/**
 * The one place that wires the running system: it opens configuration, database and chain
 * (open-system.ts), then starts the indexer, the submitter and HTTP on them.
 */
export async function startLedgerSystem(
  config: Config,
  logger = createLogger(config.LOG_LEVEL),
  hooks: { onReplayProgress?: (done: number, total: number) => void } = {},
): Promise<LedgerSystem> {
  // The port answers from the first moment: 503 "starting" with the step, until the app takes over.
  const startup = createStartup();
  let handle: RequestListener = startingHandler(startup);
  const server = await listen(createServer((req, res) => handle(req, res)), config.PORT, config.HOST);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  // Where this server is reached, as printed and (without PUBLIC_URL) put in links: never a request's Host header.
  const url = `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${port}`;
  let open: OpenSystem;
  try {
    open = await openLedgerSystem(config, logger, (step) => startup.step(step), hooks.onReplayProgress);
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  const { db, pool, provider, ledgerAddress, forwarderAddress, secrets, orgSigners, registrar, funder, relayer, auditor, relay } = open;
  const outbox = createOutboxStore(pool);
  const stores = createStores(db, pool);
  const database = createDatabaseProbe(db);
  try {
    // The submitter is made after the mirror process (it pokes the indexer); a rollback reaches it through this reference.
    let submitterRef: Submitter | undefined;
    startup.step("starting the mirror");
    const mirror = startMirrorProcess(
      {
        rpcUrl: open.rpcUrl,
        databaseUrl: open.databaseUrl,
        ledgerAddress,
        confirmations: config.CONFIRMATIONS,
        pollIntervalMs: config.POLL_INTERVAL_MS,
        verifyIntervalMs: config.VERIFY_INTERVAL_SECONDS * 1000,
        logLevel: logger.level,
        localDatabase: open.embeddedDatabase,
      },
      logger,
      { onRollback: (ancestor) => submitterRef?.recheckAbove(ancestor) },
    );
    open.onStop(mirror.close);
    const { indexer, verifier } = mirror;

    // On a thread of its own (submitter-thread.ts), which opens its own connections and keys from plain settings.
    const submitter = createSubmitterThread({
      settings: {
        databaseUrl: open.databaseUrl,
        rpcUrl: open.rpcUrl,
        masterKey: { dataDir: config.DATA_DIR, ...(config.MASTER_KEY ? { configured: config.MASTER_KEY } : {}) },
        ...(relayer ? { relayerKey: relayer.privateKey } : {}),
        ...(auditor ? { auditorKey: auditor.privateKey } : {}),
        forwarderAddress,
        ledgerAddress,
        confirmations: config.CONFIRMATIONS,
        pollIntervalMs: config.POLL_INTERVAL_MS,
        stuckAfterMs: config.STUCK_TX_SECONDS * 1000,
        logLevel: logger.level,
      },
      logger,
      onBroadcast: () => indexer.poke(),
      holdReason: open.holdReason,
    });
    submitterRef = submitter;
    await submitter.start();
    // A part that died and runs again: what it lost is sent again, and nobody waits out a backoff.
    open.onPartRestarted((part) => {
      if (part === "chain") submitter.recheckLostWrites();
      submitter.notify();
      indexer.poke();
    });
    open.onStop(submitter.stop);
    // One Chromium for the reports' PDFs, launched on the first one; closed once the server stops taking requests.
    const pdf = createPdfPrinter({ executablePath: config.CHROMIUM_PATH, logger: logger.child({ part: "pdf" }) });
    open.onStop(pdf.close);
    // Stopped first (the stack unwinds in reverse): no request is taken once stopping has begun.
    open.onStop(() => closeServer(server));

    // Read before the first request: a revoked client's token never counts, not even at start.
    const clients = createClientValidity({
      apiClients: stores.apiClients,
      refreshMs: config.CLIENT_CHECK_SECONDS * 1000,
      onError: (error) => logger.warn({ err: error }, "could not re-read revoked clients; the last list stands"),
    });
    await clients.refresh();
    open.onStop(async () => clients.stop());
    const tokens: TokenSettings = {
      secret: config.JWT_SECRET ?? localSecret(config.DATA_DIR),
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.JWT_TTL_SECONDS,
      clients,
    };
    const app = createApp({
      ...stores,
      outbox,
      evidence: createEvidenceStore(pool),
      campaigns: createCampaignFacts(pool),
      orgSigners,
      disbursements: createDisbursementFacts(pool),
      traces: createTraceCache({ entries: TRACE_CACHE_ENTRIES }),
      tokens,
      secrets,
      ledgerAddress: ledgerAddress,
      ...(relay ? { relay } : {}),
      logger: logger.child({ part: "http" }),
      rateLimits: {
        windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
        token: config.RATE_LIMIT_TOKEN,
        writes: config.RATE_LIMIT_WRITES,
        reads: config.RATE_LIMIT_READS,
      },
      regulatorSessionSeconds: config.REGULATOR_SESSION_SECONDS,
      publicUrl: config.PUBLIC_URL?.replace(/\/$/, "") ?? url,
      timeZone: config.TIME_ZONE,
      qrCodes: createQrCodes({ entries: QR_CODES_KEPT }),
      ...(config.PUBLIC_RPC_URL ? { publicRpcUrl: config.PUBLIC_RPC_URL } : {}),
      ...(config.EXPLORER_TX_URL ? { explorerTxUrl: config.EXPLORER_TX_URL } : {}),
      pdf,
      onWriteAccepted: () => submitter.notify(),
      health: () =>
        getHealth({
          database,
          // The head the indexer last read, while fresh: /health never waits behind a large log read.
          chainHead: async () => {
            const { chainHead, headSeenAt } = indexer.status();
            if (chainHead !== undefined && headSeenAt !== undefined && Date.now() - headSeenAt < HEAD_FRESH_MS) return chainHead;
            return BigInt(await provider.send("eth_blockNumber", []));
          },
          indexer: () => indexer.status(),
          verification: () => verifier.status(),
          startup: () => startup.status(),
          held: open.holdReason,
          parts: open.parts,
        }),
      verification: () => verifier.status(),
    });
    handle = app;
    startup.opened();
    // Ready once the mirror holds the chain as it was at start (a long backlog keeps it "starting"),
    // and, when the demo is to be seeded, once it is.
    const caughtUp = startup.waitFor("the mirror catching up with the chain");
    void provider
      .getBlockNumber()
      .then((head) => indexer.waitForBlock(BigInt(head) - BigInt(config.CONFIRMATIONS), 24 * 3_600_000))
      .then(caughtUp, (error) => logger.warn({ err: error }, "the mirror did not catch up"));
    const seedsDemo = config.SEED_DEMO && !config.RPC_URL && registrar !== undefined;
    const demoSeeded = seedsDemo ? startup.waitFor("seeding the demo") : undefined;

    return {
      url,
      config,
      logger,
      db,
      outbox,
      stores,
      pool,
      provider,
      ledgerAddress,
      rpcUrl: open.rpcUrl,
      databaseUrl: open.databaseUrl,
      indexer,
      mirrorPid: mirror.pid,
      submitter,
      verifier,
      tokens,
      secrets,
      orgSigners,
      ...(registrar ? { registrar } : {}),
      seedsDemo,
      seedDemo: async (seedOptions = {}) => {
        if (!registrar || !open.local) throw new Error("The demo needs the local chain's development keys.");
        const seeded = demoSeeded ?? startup.waitFor("seeding the demo");
        const own = (role: "foundationOwnKey" | "partnerOwnKey") => new Wallet(devAccount(DEV_ROLES[role], provider).privateKey, provider);
        return seedDemo({
          ...stores,
          outbox,
          secrets,
          ledgerAddress,
          registrar,
          orgSigners,
          ...(funder ? { funder: funder as Signer } : {}),
          fundingWei: config.ORG_KEY_FUNDING_WEI,
          ownKeys: { foundation: own("foundationOwnKey"), partner: own("partnerOwnKey") },
          waitForBlock: (block) => indexer.waitForBlock(block),
          // The newest block the mirror will take (it waits for CONFIRMATIONS on top).
          chainHead: async () => BigInt(await provider.getBlockNumber()) - BigInt(config.CONFIRMATIONS),
          waitForWrite: (id) => waitForWrite({ outbox, id }),
          onWriteAccepted: () => submitter.notify(),
          credentials: demoCredentialsFile(config.DATA_DIR),
          ...(seedOptions.onStep ? { onStep: seedOptions.onStep } : {}),
        }).finally(seeded);
      },
      stop: open.stop,
    };
  } catch (error) {
    await open.stop();
    await closeServer(server);
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
