import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import { relayLog } from "../logger.ts";
import type { JournalRecorder } from "./chain-journal.ts";

/** What the journal's thread needs, as plain data (a Worker takes nothing with functions or sockets). */
export interface JournalThreadSettings {
  url: string;
  file: string;
  pollIntervalMs: number;
  logLevel: string;
}

/** From the server to the journal's thread. */
export type ToJournal = { type: "stop" };

/** From the journal's thread to the server. */
export type FromJournal = { type: "failing"; reason: string | undefined } | { type: "stopped" } | { type: "log"; line: string };

const WORKER = fileURLToPath(new URL("./journal-worker.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");
const RESTART_MAX_MS = 30_000;
const STOP_MAX_MS = 10_000;

/**
 * The chain journal's recorder (recordJournal) on an event loop of its own: reading every block
 * with its transactions, rebuilding and hashing each signed transaction and writing the lines cost
 * the main thread time that the API's requests waited behind (with it paused, p99 under load fell
 * from 40–63 ms to 36–39 ms). The same JournalRecorder interface, answered from what the thread reports.
 *
 * A thread that dies counts as a failing journal (writes are held) and is started again, after 1 s
 * doubling to 30 s: it resumes from the journal's last whole line, as every start does.
 */
export function recordJournalInThread(settings: JournalThreadSettings, logger: Logger): JournalRecorder {
  let worker: Worker | undefined;
  let failure: string | undefined;
  let wanted = true;
  let restartDelay = 1_000;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopped: (() => void) | undefined;

  function spawn(): void {
    const started = new Worker(WORKER, { workerData: settings, execArgv: ["--import", TSX] });
    worker = started;
    started.on("message", (message: FromJournal) => {
      if (message.type === "log") return relayLog(logger, message.line);
      if (message.type === "stopped") return stopped?.();
      failure = message.reason;
      if (failure === undefined) restartDelay = 1_000;
    });
    started.on("error", (error) => logger.error({ err: error, part: "journal" }, "the chain journal's thread failed"));
    started.once("exit", (code) => {
      if (worker !== started) return;
      worker = undefined;
      stopped?.();
      if (!wanted) return;
      failure = `the chain journal's thread stopped (code ${code}); starting it again`;
      logger.error({ part: "journal", code, retryInMs: restartDelay }, failure);
      restartTimer = setTimeout(spawn, restartDelay);
      restartDelay = Math.min(restartDelay * 2, RESTART_MAX_MS);
    });
  }
  spawn();

  return {
    failing: () => failure,
    async stop() {
      wanted = false;
      clearTimeout(restartTimer);
      const target = worker;
      if (!target) return;
      // The thread appends what the node has mined so far before it answers; one that does not answer in time is ended.
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        stopped = resolve;
        timer = setTimeout(resolve, STOP_MAX_MS);
        target.postMessage({ type: "stop" } satisfies ToJournal);
      });
      clearTimeout(timer);
      worker = undefined;
      await target.terminate();
    },
  };
}
