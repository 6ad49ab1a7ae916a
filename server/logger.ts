import type { DestinationStream } from "pino";
import pino, { type Logger } from "pino";

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A line logged in another thread or process, written again through this logger at its level:
 * the other side logs into a message, so the server's destination (and its redaction) sees every line.
 */
export function relayLog(logger: Logger, line: string): void {
  try {
    const { level, msg, time: _time, ...fields } = JSON.parse(line) as { level: number; msg?: string; time?: string };
    const label = logger.levels.labels[level] as "info" | undefined;
    (logger[label ?? "info"] as (obj: object, msg?: string) => void).call(logger, fields, msg);
  } catch {
    logger.info({ line }, "log line from another thread or process");
  }
}
