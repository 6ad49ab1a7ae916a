import type { JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import type { ChainReader } from "../chain/raw-rpc.ts";
import type { VerificationStatus } from "../domain/verification.ts";
import { TailUnavailableError, verifyMirror, type VerifyReport } from "./verify-mirror.ts";

export interface MirrorVerifier {
  start(): void;
  stop(): Promise<void>;
  status(): VerificationStatus;
  /** Runs a full check now and resolves with its result (tests, and after an operator's repair). */
  checkNow(): Promise<VerificationStatus>;
}

/** How often the tail (the blocks indexed since the last check) is checked. */
const TAIL_INTERVAL_MS = 2_000;

/**
 * Runs `verify` in the background, so the server knows, and says on /health and on every read,
 * when the mirror was last shown equal to the chain, up to which block, and whether a difference
 * stands. The tail (blocks indexed since the last check) is checked every two seconds; the whole
 * mirror on a schedule (`intervalMs`), and at start. A difference stands until a full check finds
 * none: a tail check never clears it, since it does not look at the rows that differed.
 */
export function createMirrorVerifier(options: {
  databaseUrl: string;
  provider: JsonRpcProvider;
  reader?: ChainReader;
  intervalMs: number;
  tailIntervalMs?: number;
  /**
   * Whether to check the tail now: the mirror process says no while the indexer is catching up, so
   * a backfill is not read twice over; the scheduled full check covers it once it is done.
   */
  tailWanted?: () => boolean;
  logger: Logger;
}): MirrorVerifier {
  const { logger } = options;
  const tailIntervalMs = options.tailIntervalMs ?? TAIL_INTERVAL_MS;
  let state: VerificationStatus = { state: "unverified", verifiedAt: null, verifiedBlock: null, differences: 0, lastFullCheck: null };
  let reached: { number: bigint; hash: string } | undefined;
  let lastFullAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<VerificationStatus> | undefined;
  let stopped = false;

  async function check(scope: "full" | "tail"): Promise<VerificationStatus> {
    let report: VerifyReport;
    try {
      const common = { databaseUrl: options.databaseUrl, provider: options.provider, ...(options.reader ? { reader: options.reader } : {}) };
      try {
        report = await verifyMirror(scope === "tail" && reached ? { ...common, after: reached } : common);
      } catch (error) {
        if (!(error instanceof TailUnavailableError)) throw error;
        logger.info({ reason: error.message }, "the tail check's starting block was rolled back; checking the whole mirror");
        report = await verifyMirror(common);
      }
    } catch (error) {
      state = { ...state, state: state.state === "differences" ? "differences" : "error", error: (error as Error).message };
      logger.warn({ err: error }, "mirror verification could not run");
      return state;
    }
    const now = new Date().toISOString();
    const standing = report.differences.length > 0 || (report.scope === "tail" && state.state === "differences");
    if (report.scope === "full") lastFullAt = Date.now();
    reached = { number: BigInt(report.block), hash: report.blockHash };
    state = {
      state: standing ? "differences" : "ok",
      verifiedAt: now,
      verifiedBlock: report.block,
      differences: report.differences.length || (standing ? state.differences : 0),
      lastFullCheck: report.scope === "full" ? { at: now, block: report.block } : state.lastFullCheck,
    };
    if (report.differences.length) {
      logger.error({ scope: report.scope, differences: report.differences.slice(0, 20), total: report.differences.length }, "the mirror differs from the chain");
    } else {
      logger[report.scope === "full" ? "info" : "debug"]({ scope: report.scope, block: report.block, events: report.events, ms: report.ms }, "mirror verified against the chain");
    }
    return state;
  }

  /** A full check at start and on schedule; the tail in between. */
  const nextScope = (): "full" | "tail" => (!reached || Date.now() - lastFullAt >= options.intervalMs ? "full" : "tail");

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      const scope = nextScope();
      // While a difference stands, only the next full check can change the answer.
      if (scope === "tail" && (state.state === "differences" || options.tailWanted?.() === false)) return schedule(tailIntervalMs);
      running = check(scope).finally(() => {
        running = undefined;
        schedule(tailIntervalMs);
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
      running = check("full").finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
