import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import { relayLog } from "../logger.ts";
import type { Submitter, SubmitterStatus } from "./submitter.ts";

/**
 * What the submitter's thread needs to run, as plain data (a Worker takes nothing with functions
 * or sockets): it opens its own database pool, chain provider and keys from it. It holds secrets
 * (the master key's source, the relayer's and auditor's keys): never log it.
 */
export interface SubmitterThreadSettings {
  databaseUrl: string;
  rpcUrl: string;
  /** Where the master key comes from (MASTER_KEY or DATA_DIR's key file): the organisations' keys are opened with it. */
  masterKey: { configured?: string; dataDir: string };
  relayerKey?: string;
  auditorKey?: string;
  forwarderAddress?: string;
  ledgerAddress: string;
  confirmations: number;
  pollIntervalMs: number;
  stuckAfterMs: number;
  logLevel: string;
}

/** From the server to the submitter's thread. */
export type ToSubmitter =
  | { type: "start"; id: number }
  | { type: "stop"; id: number }
  | { type: "notify" }
  | { type: "recheck-above"; ancestor: bigint }
  | { type: "recheck-lost" }
  | { type: "held"; reason: string | undefined };

/** From the submitter's thread to the server. */
export type FromSubmitter =
  | { type: "done"; id: number; error?: string }
  | { type: "status"; running: boolean; lockHeld: boolean }
  | { type: "broadcast" }
  | { type: "log"; line: string };

export interface SubmitterThreadOptions {
  settings: SubmitterThreadSettings;
  /** Lines the thread logs are written again here (they carry `part: "submitter"`). */
  logger: Logger;
  onBroadcast?: () => void;
  holdReason?: () => string | undefined;
}

const WORKER = fileURLToPath(new URL("./submitter-worker.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");
/** How often the hold reason is looked at between messages; also bounded by the journal recorder's own poll. */
const HOLD_CHECK_MS = 50;
const RESTART_MAX_MS = 30_000;
const STOP_MAX_MS = 10_000;

/**
 * The submitter (submitter.ts) on an event loop of its own, a worker thread: encoding and signing
 * batches of 200 writes, the JSON-RPC transport and settling receipts cost about 0.4 ms of the
 * main thread per donation, time the API's requests waited behind. The same Submitter interface,
 * answered from the status the thread reports.
 *
 * A thread that dies (an uncaught error, an exit) is logged and started again (after 1 s, doubling
 * to 30 s) while the submitter is wanted: everything it does is guarded by the outbox's statuses
 * and its advisory lock (gone with its connections), so a new one takes over where it stopped.
 */
export function createSubmitterThread(options: SubmitterThreadOptions): Submitter {
  const { settings, logger } = options;
  const hold = () => options.holdReason?.();
  let worker: Worker | undefined;
  let wanted = false;
  let status = { running: false, lockHeld: false };
  let heldSent: string | undefined;
  let holdTimer: NodeJS.Timeout | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let restartDelay = 1_000;
  let notifyQueued = false;
  // Rechecks asked for while no thread runs (stopped, or between a crash and its restart) wait for the next one.
  let recheckFrom: bigint | undefined;
  let recheckLost = false;
  let nextId = 0;
  const pending = new Map<number, { resolve(): void; reject(error: Error): void }>();

  function spawn(): Worker {
    // Sent first, before any other message: a thread never starts unaware of a hold.
    heldSent = hold();
    const started = new Worker(WORKER, { workerData: { settings, held: heldSent }, execArgv: ["--import", TSX] });
    worker = started;
    started.on("message", (message: FromSubmitter) => receive(message));
    started.on("error", (error) => logger.error({ err: error, part: "submitter" }, "the submitter thread failed"));
    started.once("exit", (code) => {
      if (worker !== started) return; // stopped on purpose
      worker = undefined;
      clearInterval(holdTimer);
      status = { running: false, lockHeld: false };
      for (const request of pending.values()) request.reject(new Error(`the submitter thread exited (code ${code})`));
      pending.clear();
      if (!wanted) return;
      logger.error({ part: "submitter", code, retryInMs: restartDelay }, "the submitter thread exited; starting it again");
      restartLater();
    });
    // Pushed whenever it may have changed: with every message below, and at least this often.
    holdTimer = setInterval(pushHold, HOLD_CHECK_MS);
    if (recheckFrom !== undefined) started.postMessage({ type: "recheck-above", ancestor: recheckFrom } satisfies ToSubmitter);
    if (recheckLost) started.postMessage({ type: "recheck-lost" } satisfies ToSubmitter);
    recheckFrom = undefined;
    recheckLost = false;
    return started;
  }

  function restartLater(): void {
    restartTimer = setTimeout(restart, restartDelay);
    restartDelay = Math.min(restartDelay * 2, RESTART_MAX_MS);
  }

  function restart(): void {
    const target = spawn();
    request(target, "start").then(
      () => (restartDelay = 1_000),
      async (error) => {
        if (!wanted || worker !== target) return; // stopped meanwhile, or its exit already scheduled the next try
        logger.error({ err: error, part: "submitter", retryInMs: restartDelay }, "the submitter did not start again; trying later");
        await close(target);
        restartLater();
      },
    );
  }

  function receive(message: FromSubmitter): void {
    switch (message.type) {
      case "status":
        status = { running: message.running, lockHeld: message.lockHeld };
        return;
      case "broadcast":
        return options.onBroadcast?.();
      case "done": {
        const request = pending.get(message.id);
        pending.delete(message.id);
        return message.error === undefined ? request?.resolve() : request?.reject(new Error(message.error));
      }
      case "log":
        return relayLog(logger, message.line);
    }
  }

  function pushHold(): void {
    const reason = hold();
    if (reason === heldSent) return;
    heldSent = reason;
    worker?.postMessage({ type: "held", reason } satisfies ToSubmitter);
  }

  function send(message: ToSubmitter): void {
    if (!worker) return;
    pushHold();
    worker.postMessage(message);
  }

  function request(target: Worker, type: "start" | "stop"): Promise<void> {
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      target.postMessage({ type, id } satisfies ToSubmitter);
    });
  }

  return {
    async start() {
      wanted = true;
      clearTimeout(restartTimer);
      const target = worker ?? spawn();
      try {
        await request(target, "start");
      } catch (error) {
        wanted = false;
        clearTimeout(restartTimer); // a thread that died while starting is not started again
        await close(target);
        throw error;
      }
    },
    async stop() {
      wanted = false;
      clearTimeout(restartTimer);
      const target = worker;
      if (!target) return;
      // Resolved once the thread's submitter has stopped and released its lock, and its connections are
      // closed; a thread that does not answer in time is ended (its lock goes with its connection).
      const answered = request(target, "stop").catch(() => {});
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([answered, new Promise((resolve) => (timer = setTimeout(resolve, STOP_MAX_MS)))]);
      clearTimeout(timer);
      await close(target);
    },
    notify() {
      // One message per turn of the event loop, however many writes were accepted in it.
      if (notifyQueued || !worker) return;
      notifyQueued = true;
      setImmediate(() => {
        notifyQueued = false;
        send({ type: "notify" });
      });
    },
    recheckAbove(ancestor) {
      if (worker) send({ type: "recheck-above", ancestor });
      else recheckFrom = recheckFrom === undefined || ancestor < recheckFrom ? ancestor : recheckFrom;
    },
    recheckLostWrites() {
      if (worker) send({ type: "recheck-lost" });
      else recheckLost = true;
    },
    status() {
      const held = hold();
      return { ...status, ...(held ? { held } : {}) } satisfies SubmitterStatus;
    },
  };

  async function close(target: Worker): Promise<void> {
    if (worker === target) {
      worker = undefined;
      clearInterval(holdTimer);
      status = { running: false, lockHeld: false };
    }
    await target.terminate();
    for (const request of pending.values()) request.reject(new Error("the submitter thread was stopped"));
    pending.clear();
  }
}
