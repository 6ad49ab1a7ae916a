/**
 * The submitter's thread (started by submitter-thread.ts): the unchanged submitter, on connections
 * of its own opened from plain settings, reporting its status and its broadcasts to the server.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { Wallet } from "ethers";
import { createProvider } from "../chain/provider.ts";
import { createOrgSigners } from "../db/org-signers.ts";
import { createPool } from "../db/pool.ts";
import { createPrisma } from "../db/prisma.ts";
import { createLogger } from "../logger.ts";
import { loadMasterKey } from "../master-key.ts";
import { createSubmitter, type Submitter } from "./submitter.ts";
import type { FromSubmitter, SubmitterThreadSettings, ToSubmitter } from "./submitter-thread.ts";

/** How often the submitter's status is compared with the last one reported (a lost lock shows within this). */
const STATUS_CHECK_MS = 25;
/**
 * This thread sits below the API in the CPU queue (Linux nice values are per thread), as the mirror
 * process does: on two cores, at the API's priority it took back much of the time it freed on the
 * main thread; lowered, accepted/s and p99 gained and the mirror still kept pace (writes wait in
 * the outbox meanwhile and go out in fuller batches).
 */
const SUBMITTER_NICENESS = 10;

const port = parentPort!;
const { settings, held: heldAtStart } = workerData as { settings: SubmitterThreadSettings; held: string | undefined };
const send = (message: FromSubmitter) => port.postMessage(message);
// Lines go to the server, which writes them with its own logger (and its own redaction).
const logger = createLogger(settings.logLevel, { write: (line: string) => void send({ type: "log", line }) }).child({ part: "submitter" });
let held = heldAtStart;
try {
  setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), SUBMITTER_NICENESS);
} catch (error) {
  logger.debug({ err: error }, "could not lower the submitter thread's CPU priority");
}

const connectionLost = (error: Error) => logger.warn({ err: error }, "a database connection was lost; a new one is opened on next use");
const pool = createPool(settings.databaseUrl, { max: 4, onConnectionLost: connectionLost });
const db = createPrisma(pool);
// Opened once; every message waits for it, so they are handled in the order they came.
const opened = open();
opened.catch(() => {}); // reported to the start request that waits for it

async function open(): Promise<Submitter> {
  const provider = await createProvider(settings.rpcUrl);
  const orgSigners = createOrgSigners({ db, masterKey: loadMasterKey(settings.masterKey), provider });
  const submitter = createSubmitter({
    pool,
    provider,
    signerFor: (orgId) => orgSigners.active(orgId),
    ...(settings.relayerKey ? { relayer: new Wallet(settings.relayerKey, provider) } : {}),
    ...(settings.auditorKey ? { auditor: new Wallet(settings.auditorKey, provider) } : {}),
    ...(settings.forwarderAddress ? { forwarderAddress: settings.forwarderAddress } : {}),
    ledgerAddress: settings.ledgerAddress,
    confirmations: settings.confirmations,
    pollIntervalMs: settings.pollIntervalMs,
    stuckAfterMs: settings.stuckAfterMs,
    logger,
    onBroadcast: () => send({ type: "broadcast" }),
    holdReason: () => held,
  });
  closeProvider = () => provider.destroy();
  return submitter;
}
let closeProvider = () => {};

let reported = "";
function reportStatus(submitter: Submitter): void {
  const { running, lockHeld } = submitter.status();
  const now = `${running} ${lockHeld}`;
  if (now === reported) return;
  reported = now;
  send({ type: "status", running, lockHeld });
}
let statusTimer: NodeJS.Timeout | undefined;

async function handle(message: ToSubmitter): Promise<void> {
  if (message.type === "held") {
    // At once, not after opening: a hold must reach the submitter before any write it guards.
    held = message.reason;
    return;
  }
  if (message.type === "stop") {
    const submitter = await opened.catch(() => undefined);
    clearInterval(statusTimer);
    await submitter?.stop();
    await db.$disconnect();
    await pool.end();
    closeProvider();
    if (submitter) reportStatus(submitter);
    return send({ type: "done", id: message.id });
  }
  if (message.type === "start") {
    try {
      const submitter = await opened;
      await submitter.start();
      reportStatus(submitter);
      statusTimer = setInterval(() => reportStatus(submitter), STATUS_CHECK_MS);
      send({ type: "done", id: message.id });
    } catch (error) {
      send({ type: "done", id: message.id, error: (error as Error).message });
    }
    return;
  }
  const submitter = await opened.catch(() => undefined);
  if (!submitter) return;
  switch (message.type) {
    case "notify":
      return submitter.notify();
    case "recheck-above":
      return submitter.recheckAbove(message.ancestor);
    case "recheck-lost":
      return submitter.recheckLostWrites();
  }
}

port.on("message", (message: ToSubmitter) => void handle(message));
