/**
 * The chain journal's thread (started by journal-thread.ts): the unchanged recorder, reading the
 * node through a JSON-RPC client of its own and reporting whether it is failing.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createLogger } from "../logger.ts";
import { recordJournal } from "./chain-journal.ts";
import type { FromJournal, JournalThreadSettings, ToJournal } from "./journal-thread.ts";
import { createRawRpc } from "./raw-rpc.ts";

/** How often the recorder's failure is compared with the last one reported. */
const STATUS_CHECK_MS = 25;

const port = parentPort!;
const settings = workerData as JournalThreadSettings;
const send = (message: FromJournal) => port.postMessage(message);
const logger = createLogger(settings.logLevel, { write: (line: string) => void send({ type: "log", line }) }).child({ part: "journal" });

const recorder = recordJournal({ reader: createRawRpc(settings.url), file: settings.file, pollIntervalMs: settings.pollIntervalMs, logger });
let reported: string | undefined;
const status = setInterval(() => {
  const now = recorder.failing();
  if (now === reported) return;
  reported = now;
  send({ type: "failing", reason: now });
}, STATUS_CHECK_MS);

port.on("message", (message: ToJournal) => {
  if (message.type !== "stop") return;
  clearInterval(status);
  void recorder.stop().finally(() => {
    send({ type: "stopped" });
    port.close();
  });
});
