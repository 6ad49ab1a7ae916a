import type { Logger } from "pino";

/** A process the system started (the local chain node, the embedded Postgres), as its keeper sees it. */
export interface RunningPart {
  /** Settles when the process has exited, with how (code or signal); it never rejects. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface PartStatus {
  status: "running" | "restarting" | "stopped";
  /** Unexpected exits since the system started. */
  restarts: number;
  /** How the part last exited unexpectedly, and when. */
  lastExit?: { how: string; at: string };
  /** While restarting: why the last attempt failed. */
  error?: string;
}

export interface KeptPart<T extends RunningPart> {
  current(): T;
  status(): PartStatus;
  /** Stops the part for good (waiting for a restart under way to finish first). */
  stop(): Promise<void>;
}

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 10_000;

/**
 * Starts a part and starts it again whenever it exits unexpectedly, with growing pauses between
 * failed attempts, and calls `onRestarted` once it runs again (to rebuild what it lost, and to wake
 * whatever waits on it). An exit during `stop()` is expected and left alone.
 */
export async function keepRunning<T extends RunningPart>(options: {
  name: string;
  start: () => Promise<T>;
  onRestarted?: (part: T) => Promise<void> | void;
  logger: Logger;
}): Promise<KeptPart<T>> {
  const { name, logger } = options;
  let part = await options.start();
  let stopping = false;
  let restarting: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  const status: PartStatus = { status: "running", restarts: 0 };

  const watch = (watched: T) => {
    void watched.exited.then((how) => {
      if (stopping || watched !== part) return;
      status.restarts++;
      status.lastExit = { how, at: new Date().toISOString() };
      restarting = restart(how).finally(() => (restarting = undefined));
    });
  };

  async function restart(how: string): Promise<void> {
    status.status = "restarting";
    logger.error(`the ${name} exited unexpectedly (${how}); restarting it`);
    let delay = FIRST_RETRY_MS;
    while (!stopping) {
      try {
        const started = await options.start();
        try {
          await options.onRestarted?.(started);
        } catch (error) {
          await started.stop();
          throw error;
        }
        part = started;
        watch(started);
        delete status.error;
        status.status = "running";
        logger.info(`the ${name} is running again`);
        return;
      } catch (error) {
        status.error = (error as Error).message;
        logger.warn({ err: error, retryInMs: delay }, `the ${name} could not be restarted yet`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        delay = Math.min(delay * 2, LONGEST_RETRY_MS);
      }
    }
  }

  watch(part);
  return {
    current: () => part,
    status: () => ({ ...status }),
    async stop() {
      stopping = true;
      wakeUp?.();
      await restarting;
      status.status = "stopped";
      await part.stop();
    },
  };
}
