import { fork, type ChildProcess } from "node:child_process";
import { setPriority } from "node:os";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import type { VerificationStatus } from "./domain/verification.ts";
import type { Indexer, IndexerStatus } from "./indexer/indexer.ts";
import type { MirrorVerifier } from "./indexer/mirror-verifier.ts";
import { relayLog } from "./logger.ts";
import { MIRROR_NICENESS, type FromMirror, type MirrorSettings, type ToMirror } from "./mirror-messages.ts";

export interface MirrorProcess {
  indexer: Indexer;
  verifier: MirrorVerifier;
  /** The mirror process's pid (for measuring its memory), while it runs. */
  pid(): number | undefined;
  close(): Promise<void>;
}

const WORKER = fileURLToPath(new URL("./mirror-worker.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");
const RESTART_MAX_MS = 30_000;
/**
 * The mirror process's heap, kept small so its memory stays flat: V8 otherwise lets garbage pile
 * up to many times what a range needs. Two ranges in flight, each answer capped at 16 MiB by the
 * transport (mirror-worker.ts), fit with room to spare.
 */
const MIRROR_HEAP_MB = 256;

/**
 * Runs the indexer and the background verifier in a process of their own (mirror-worker.ts) and
 * stands in for them here: the same Indexer and MirrorVerifier interfaces, answered from the
 * status the process reports. A process that dies is started again (after 1 s, doubling to 30 s);
 * until it is back, /health shows the error and the mirror simply stops advancing.
 */
export function startMirrorProcess(settings: MirrorSettings, logger: Logger, hooks: { onRollback(ancestor: bigint): void }): MirrorProcess {
  let child: ChildProcess | undefined;
  let closing = false;
  let wantIndexer = true;
  let restartDelay = 1_000;
  let restartTimer: NodeJS.Timeout | undefined;
  let indexerStatus: IndexerStatus = { running: false, indexedBlock: undefined, chainHead: undefined, headSeenAt: undefined, error: undefined };
  let verification: VerificationStatus = { state: "unverified", verifiedAt: null, verifiedBlock: null, differences: 0, lastFullCheck: null };
  let exitError: string | undefined;
  let nextId = 0;
  const pending = new Map<number, (verification?: VerificationStatus) => void>();
  const blockWaiters = new Set<{ block: bigint; resolve(): void; reject(error: Error): void }>();

  function spawn(): void {
    exitError = undefined;
    const started = fork(WORKER, [], {
      execArgv: ["--import", TSX, `--max-old-space-size=${MIRROR_HEAP_MB}`],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      // Its own process group: a terminal's Ctrl-C reaches this process only, which stops the mirror in order.
      detached: true,
    });
    child = started;
    // Below the API in the CPU queue: on a small machine a backfill takes what the API leaves, never the reverse.
    try {
      if (started.pid) setPriority(started.pid, MIRROR_NICENESS);
    } catch (error) {
      logger.debug({ err: error }, "could not lower the mirror process's CPU priority");
    }
    started.on("message", (message: FromMirror) => receive(message));
    started.once("exit", (code, signal) => {
      child = undefined;
      for (const done of pending.values()) done();
      pending.clear();
      if (closing) return;
      exitError = `the mirror process exited (${signal ?? `code ${code}`}); starting it again`;
      logger.error({ part: "mirror", code, signal, retryInMs: restartDelay }, "mirror process exited");
      restartTimer = setTimeout(spawn, restartDelay);
      restartDelay = Math.min(restartDelay * 2, RESTART_MAX_MS);
    });
    send({ type: "init", settings });
    if (!wantIndexer) send({ type: "stop-indexer", id: ++nextId });
  }

  function receive(message: FromMirror): void {
    switch (message.type) {
      case "status":
        indexerStatus = message.indexer;
        verification = message.verification;
        if (indexerStatus.indexedBlock !== undefined) restartDelay = 1_000;
        for (const w of blockWaiters) if (indexerStatus.indexedBlock !== undefined && indexerStatus.indexedBlock >= w.block) w.resolve();
        return;
      case "fatal":
        indexerStatus = { ...indexerStatus, running: false, error: message.message };
        for (const w of blockWaiters) w.reject(new Error(message.message));
        return;
      case "rollback":
        return hooks.onRollback(message.ancestor);
      case "done":
        pending.get(message.id)?.(message.verification);
        pending.delete(message.id);
        return;
      case "log":
        return relayLog(logger, message.line);
    }
  }

  function send(message: ToMirror): void {
    if (child?.connected) child.send(message);
  }

  function request(message: { type: "stop-indexer" | "check" }): Promise<VerificationStatus | undefined> {
    if (!child?.connected) return Promise.resolve(undefined);
    const id = ++nextId;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      send({ ...message, id });
    });
  }

  const indexer: Indexer = {
    start() {
      wantIndexer = true;
      send({ type: "start-indexer" });
    },
    async stop() {
      wantIndexer = false;
      await request({ type: "stop-indexer" });
    },
    status: () => ({ ...indexerStatus, ...(exitError ? { error: exitError } : {}) }),
    poke: () => send({ type: "poke" }),
    waitForBlock(block, timeoutMs = 30_000) {
      if (indexerStatus.indexedBlock !== undefined && indexerStatus.indexedBlock >= block) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const waiter = {
          block,
          resolve: () => done(),
          reject: (error: Error) => done(error),
        };
        const timer = setTimeout(() => done(new Error(`mirror did not reach block ${block} within ${timeoutMs} ms`)), timeoutMs);
        timer.unref(); // a wait nobody else keeps alive must not keep the process from exiting
        function done(error?: Error) {
          clearTimeout(timer);
          blockWaiters.delete(waiter);
          error ? reject(error) : resolve();
        }
        blockWaiters.add(waiter);
        send({ type: "poke" });
      });
    },
  };

  const verifier: MirrorVerifier = {
    start() {},
    async stop() {},
    status: () => verification,
    async checkNow() {
      const result = await request({ type: "check" });
      if (!result) throw new Error("the mirror process is not running");
      verification = result;
      return result;
    },
  };

  spawn();
  return {
    indexer,
    verifier,
    pid: () => child?.pid,
    async close() {
      closing = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      send({ type: "close" });
      const timer = setTimeout(() => running.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
