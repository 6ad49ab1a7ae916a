import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Contract, Wallet, type JsonRpcProvider } from "ethers";
import pg from "pg";
import type { Logger } from "pino";
import { DEV_ROLES, devAccount } from "./chain/dev-accounts.ts";
import { ensureLedger } from "./chain/ensure-ledger.ts";
import { fetchHeader } from "./chain/headers.ts";
import { loadLedgerArtifact } from "./chain/ledger-artifact.ts";
import { startLocalChain } from "./chain/local-chain.ts";
import { createProvider } from "./chain/provider.ts";
import { createRelayCheck, type RelayCheck } from "./chain/relay-check.ts";
import type { Config } from "./config.ts";
import { archiveDatabase } from "./db/archive-database.ts";
import { initCursor, readCursor } from "./db/cursor.ts";
import { startEmbeddedPostgres } from "./db/embedded-postgres.ts";
import { applyMigrations } from "./db/migrate.ts";
import { createOrgSigners, type OrgSigners } from "./db/org-signers.ts";
import { createPool } from "./db/pool.ts";
import { allocationMissing, rebuildAllocation } from "./indexer/allocate-events.ts";
import { flowsMissing, rebuildFlows } from "./indexer/aggregate-flows.ts";
import { createPrisma, type Db } from "./db/prisma.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { keepRunning, type PartStatus } from "./keep-running.ts";
import { loadMasterKey } from "./master-key.ts";
import { writeSecretsFrom, type WriteSecrets } from "./services/write-secrets.ts";
import { inTransaction } from "./db/transaction.ts";

/** Configuration, database and chain, open and ready; nothing running on them yet. */
export interface OpenSystem {
  config: Config;
  logger: Logger;
  db: Db;
  pool: pg.Pool;
  provider: JsonRpcProvider;
  rpcUrl: string;
  databaseUrl: string;
  ledgerAddress: string;
  forwarderAddress: string;
  /** Why nothing may be sent to the chain now (its node is restarting, its journal cannot be written), or undefined. */
  holdReason(): string | undefined;
  /** The processes this system started and keeps running (the local chain node, the embedded Postgres). */
  parts(): Record<string, PartStatus>;
  /** Called when a part that died runs again, so what waits on it resumes at once. */
  onPartRestarted(listener: (part: "chain" | "database") => void): void;
  /** True when this process started the database server (the embedded Postgres). */
  embeddedDatabase: boolean;
  /** True when the public development keys may be used (DEV_KEYS; by default only with the embedded chain). */
  local: boolean;
  secrets: WriteSecrets;
  /** The operator keys this server holds for organisations, one per organisation. */
  orgSigners: OrgSigners;
  /** The registrar's key, where this process has it: it onboards organisations and moves no money. */
  registrar?: Wallet;
  funder?: Wallet;
  relayer?: Wallet;
  /** Sends auditors' writes (a regulator's confirmation); on the local chain the development auditor. */
  auditor?: Wallet;
  relay?: RelayCheck;
  /** Closes what was opened, in reverse order; what the caller started on top it stops first. */
  onStop(fn: () => Promise<void>): void;
  stop(): Promise<void>;
}

/**
 * Opens configuration, database and chain for any command (start, verify, seeding, the bench, the
 * tests) without starting HTTP, the indexer or the submitter. With no DATABASE_URL and no RPC_URL
 * it starts the embedded Postgres and the local chain (rebuilt from its journal); migrations are
 * applied, and an empty mirror is bound to the ledger it will follow (deployed if needed).
 */
export async function openLedgerSystem(
  config: Config,
  logger: Logger,
  onStep: (step: string) => void = () => {},
  onReplayProgress?: (done: number, total: number) => void,
): Promise<OpenSystem> {
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stack.reverse()) await fn().catch((e) => logger.warn({ err: e }, "while stopping"));
    stack.length = 0;
  };
  try {
    mkdirSync(config.DATA_DIR, { recursive: true });
    const unlock = lockDataDir(config.DATA_DIR, (m) => logger.warn(m));
    stack.push(async () => unlock());

    let rpcUrl = config.RPC_URL;
    const parts: Record<string, () => PartStatus> = {};
    const restartListeners: ((part: "chain" | "database") => void)[] = [];
    const announce = (part: "chain" | "database") => () => restartListeners.forEach((listener) => listener(part));
    let holdReason: () => string | undefined = () => undefined;
    // The database first: it is stopped last, and the chain's rebuild asks the outbox what it will send again.
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      onStep("starting the database");
      let port: number | undefined;
      const embedded = await keepRunning({
        name: "embedded Postgres",
        start: async () => {
          const server = await startEmbeddedPostgres({
            dataDir: path.join(config.DATA_DIR, "postgres"),
            database: "ledger",
            ...(port ? { port } : {}),
            log: (m) => logger.info(m),
          });
          port = server.port;
          return server;
        },
        onRestarted: announce("database"),
        logger,
      });
      stack.push(embedded.stop);
      parts.database = embedded.status;
      databaseUrl = embedded.current().url;
      logger.info("embedded Postgres started");
    }
    if (!rpcUrl) {
      const chain = await startLocalChain({
        kind: config.LOCAL_CHAIN,
        dataDir: config.DATA_DIR,
        port: config.CHAIN_PORT,
        pollIntervalMs: config.POLL_INTERVAL_MS,
        logger,
        onStep,
        ...(onReplayProgress ? { onReplayProgress } : {}),
        // A transaction the journal lost that is an outbox write is sent again by the submitter.
        resendable: (hashes) => outboxTransactions(databaseUrl!, hashes),
      });
      stack.push(chain.stop);
      chain.onRestarted(announce("chain"));
      parts.chain = chain.status;
      holdReason = chain.holdReason;
      rpcUrl = chain.url;
      logger.info({ rpcUrl, kind: config.LOCAL_CHAIN }, "local chain started");
    }
    const provider = await createProvider(rpcUrl);
    stack.push(async () => provider.destroy());

    if (!config.DATABASE_URL && !config.RPC_URL) await setAsideStaleMirror(databaseUrl, provider, logger);
    const connectionLost = (error: Error) => logger.warn({ err: error }, "a database connection was lost; a new one is opened on next use");
    const pool = createPool(databaseUrl, { max: 10, onConnectionLost: connectionLost });
    stack.push(() => pool.end());
    // Where this run's chain and database are, for the tools that check it beside it (npm run verify).
    writeFileSync(path.join(config.DATA_DIR, "endpoints.json"), JSON.stringify({ rpcUrl, databaseUrl }), { mode: 0o600 });
    onStep("applying database migrations");
    const applied = await applyMigrations(pool);
    if (applied.length) logger.info({ applied }, "migrations applied");
    // A mirror built before lots and slices, or the flow sums, were kept: derived once from its own events.
    if (await allocationMissing(pool)) {
      onStep("deriving the allocation (lots and slices) from the mirror's events");
      const moves = await inTransaction(pool, rebuildAllocation);
      logger.info({ moves }, "allocation derived from the mirror's events");
    }
    if (await flowsMissing(pool)) {
      onStep("deriving the flow sums (flow_daily, flow_monthly, flow_quarterly) from the mirror's events");
      const events = await inTransaction(pool, rebuildFlows);
      logger.info({ events }, "flow sums derived from the mirror's events");
    }
    // One pool for the process: Prisma's typed reads share it with the raw statements.
    const db = createPrisma(pool);
    stack.push(() => db.$disconnect());
    const mirror = await readCursor(pool);


    // One key per role (the contract refuses any address holding two). On the local chain each
    // role has its own development account; elsewhere each key comes from the environment.
    // The embedded chain and the public development keys are separate settings: a test chain behind
    // RPC_URL (anvil, say) may use the development keys too, and nothing else ever does by default.
    const local = config.DEV_KEYS ?? !config.RPC_URL;
    const keyFor = (configured: string | undefined, role: keyof typeof DEV_ROLES) =>
      configured ? new Wallet(configured, provider) : local ? new Wallet(devAccount(DEV_ROLES[role], provider).privateKey, provider) : undefined;
    const registrar = keyFor(config.REGISTRAR_PRIVATE_KEY, "registrar");
    const funder = keyFor(config.FUNDER_PRIVATE_KEY, "funder");
    const relayer = keyFor(config.RELAYER_PRIVATE_KEY, "relayer");
    const auditor = keyFor(config.AUDITOR_PRIVATE_KEY, "serverAuditor");
    const masterKey = loadMasterKey({ dataDir: config.DATA_DIR, ...(config.MASTER_KEY ? { configured: config.MASTER_KEY } : {}) });
    const secrets = writeSecretsFrom(masterKey);

    // The admin's key deploys a new ledger and is dropped: the running server never holds it.
    const admin = keyFor(config.ADMIN_PRIVATE_KEY, "admin");
    onStep("finding the ledger contract");
    const ledger = await ensureLedger({
      provider,
      ...(mirror ? { mirror } : {}),
      ...(admin && registrar ? { deployer: admin, registrar: registrar.address } : {}),
      // A new local ledger trusts the development auditor (tests and the demo) and the server's own.
      ...(local ? { auditors: [devAccount(DEV_ROLES.auditor, provider).address, ...(auditor ? [auditor.address] : [])] } : {}),
      ...(config.LEDGER_ADDRESS ? { configuredAddress: config.LEDGER_ADDRESS } : {}),
      logger,
    });
    if (ledger.bindMirror) {
      const { start, ...identity } = ledger.bindMirror;
      await initCursor(pool, { ...identity, blockNumber: start.number, blockHash: start.hash });
    }
    const orgSigners = createOrgSigners({ db, masterKey, provider });
    const forwarderAddress = (
      (await new Contract(ledger.address, loadLedgerArtifact().abi, provider).getFunction("trustedForwarder")()) as string
    ).toLowerCase();
    const relay = relayer ? createRelayCheck({ provider, forwarderAddress, ledgerAddress: ledger.address }) : undefined;

    return {
      config,
      logger,
      db,
      pool,
      provider,
      rpcUrl,
      databaseUrl,
      embeddedDatabase: !config.DATABASE_URL,
      holdReason,
      parts: () => Object.fromEntries(Object.entries(parts).map(([name, status]) => [name, status()])),
      onPartRestarted: (listener) => restartListeners.push(listener),
      ledgerAddress: ledger.address,
      forwarderAddress,
      local,
      secrets,
      orgSigners,
      ...(registrar ? { registrar } : {}),
      ...(funder ? { funder } : {}),
      ...(relayer ? { relayer } : {}),
      ...(auditor ? { auditor } : {}),
      ...(relay ? { relay } : {}),
      onStop: (fn) => stack.push(fn),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Hardhat's chain cannot keep its state, so after a restart the embedded chain is new and empty.
 * When its journal could not rebuild it (lost or from another genesis), the embedded mirror of
 * the old chain is renamed aside (kept, never mixed) and a new one begins.
 */
async function setAsideStaleMirror(databaseUrl: string, provider: JsonRpcProvider, logger: Logger): Promise<void> {
  const probe = new pg.Client({ connectionString: databaseUrl });
  await probe.connect();
  let stale = false;
  try {
    const exists = await probe.query(`SELECT to_regclass('indexer_cursor') IS NOT NULL AS present`);
    if (exists.rows[0].present) {
      const cursor = await readCursor(probe);
      const genesis = await fetchHeader(provider, 0n);
      stale = cursor !== undefined && cursor.genesisHash !== genesis?.hash;
    }
  } finally {
    await probe.end();
  }
  if (!stale) return;
  const archive = await archiveDatabase(databaseUrl);
  logger.warn(
    { archive },
    "The local chain restarted empty (Hardhat's chain keeps no state), so the mirror of the previous chain was kept aside as database " +
      `${archive} and a new ledger begins. Set RPC_URL to a persistent node to keep one ledger across restarts.`,
  );
}

/** Which of these transaction hashes the outbox holds as its own writes (none before its first migration). */
async function outboxTransactions(databaseUrl: string, hashes: string[]): Promise<Set<string>> {
  const pool = createPool(databaseUrl, { max: 1 });
  try {
    const { rows: exists } = await pool.query(`SELECT to_regclass('outbox') IS NOT NULL AS present`);
    if (!exists[0].present) return new Set();
    const { rows } = await pool.query(`SELECT DISTINCT h FROM outbox, unnest(tx_hashes) AS h WHERE h = ANY($1::text[])`, [hashes]);
    return new Set(rows.map((r) => r.h as string));
  } finally {
    await pool.end();
  }
}

/** A signing secret made once per data folder, so local tokens survive a restart; never committed. */
export function localSecret(dataDir: string): string {
  const file = path.join(dataDir, "jwt-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}
