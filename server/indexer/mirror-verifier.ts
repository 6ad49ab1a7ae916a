import type { JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import type { ChainReader } from "../chain/raw-rpc.ts";
import type { VerificationStatus } from "../domain/verification.ts";
import { verifyMirror } from "./verify-mirror.ts";

export interface MirrorVerifier {
  start(): void;
  stop(): Promise<void>;
  status(): VerificationStatus;
  /** Runs a check now and resolves with its result (tests, and after an operator's repair). */
  checkNow(): Promise<VerificationStatus>;
}

/**
 * Runs `verify` in the background on a schedule, so the server knows, and says on /health and on
 * every read, when the mirror was last shown equal to the chain, up to which block, and whether a
 * difference stands.
 */
export function createMirrorVerifier(options: {
  databaseUrl: string;
  provider: JsonRpcProvider;
  reader?: ChainReader;
  intervalMs: number;
  logger: Logger;
}): MirrorVerifier {
  const { logger } = options;
  let state: VerificationStatus = { state: "unverified", verifiedAt: null, verifiedBlock: null, differences: 0 };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<VerificationStatus> | undefined;
  let stopped = false;

  async function check(): Promise<VerificationStatus> {
    try {
      const report = await verifyMirror({ databaseUrl: options.databaseUrl, provider: options.provider, ...(options.reader ? { reader: options.reader } : {}) });
      state = {
        state: report.differences.length ? "differences" : "ok",
        verifiedAt: new Date().toISOString(),
        verifiedBlock: report.block,
        differences: report.differences.length,
      };
      if (report.differences.length) {
        logger.error({ differences: report.differences.slice(0, 20), total: report.differences.length }, "the mirror differs from the chain");
      } else {
        logger.info({ block: report.block, events: report.events, ms: report.ms }, "mirror verified against the chain");
      }
    } catch (error) {
      state = { ...state, state: state.state === "differences" ? "differences" : "error", error: (error as Error).message };
      logger.warn({ err: error }, "mirror verification could not run");
    }
    return state;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = check().finally(() => {
        running = undefined;
        schedule(options.intervalMs);
      });
    }, delay);
    timer.unref();
  }

  return {
    start() {
      stopped = false;
      schedule(Math.min(options.intervalMs, 5_000));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    status: () => state,
    async checkNow() {
      // A check already under way may have begun before what the caller wants checked.
      while (running) await running.catch(() => {});
      running = check().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
