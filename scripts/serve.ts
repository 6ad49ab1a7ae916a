/**
 * The whole ledger on this machine — local chain, embedded Postgres, indexer, submitter, API and
 * donor pages — plus a demo, until SIGTERM (or SIGINT) or until the supervisor that started it
 * (scripts/start.ts, `npm start`) goes away. It stops its parts in order, within STOP_DEADLINE_MS.
 */
import { networkInterfaces } from "node:os";
import { loadConfig, ConfigError } from "../server/config.ts";
import { JournalRefusedError } from "../server/chain/errors.ts";
import { DataDirInUseError } from "../server/data-dir-lock.ts";
import { demoCredentialsFile } from "../server/demo-credentials.ts";
import { startLedgerSystem } from "../server/main.ts";
import { publicUrlAdvice } from "../server/public-url-advice.ts";
import { Presets, SingleBar } from "cli-progress";
import { buildContracts } from "./build-contracts.ts";

/** The orderly stop's allowance; the supervisor's own deadline (10 s) is above it. */
const STOP_DEADLINE_MS = 8_000;

/**
 * In a terminal, the journal's replay as a bar with blocks per second and the time left (a log
 * gets a line every 2 s instead, from the system itself).
 */
function replayProgressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let bar: SingleBar | undefined;
  let started = 0;
  return (done, total) => {
    if (total < 100) return; // over before a bar could be read
    if (!bar) {
      started = Date.now();
      bar = new SingleBar(
        { format: "  Rebuilding the local chain [{bar}] {value}/{total} blocks · {rate} blocks/s · {eta}s left", hideCursor: true, stream: process.stderr },
        Presets.shades_classic,
      );
      bar.start(total, done, { rate: 0 });
    }
    bar.update(done, { rate: Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)) });
    if (done >= total) bar.stop();
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  await buildContracts();
  const system = await startLedgerSystem(config, undefined, { onReplayProgress: replayProgressBar() });
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    system.logger.info(`${reason}: stopping (HTTP, submitter, mirror, chain journal, chain node, database)`);
    const deadline = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), STOP_DEADLINE_MS).unref());
    if ((await Promise.race([system.stop().then(() => "done" as const), deadline])) === "late") {
      system.logger.error(`the orderly stop took more than ${STOP_DEADLINE_MS / 1000} s; what is left is killed`);
      process.exit(1);
    }
    system.logger.info(`stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  // The supervisor went away (killed outright): nothing must be left running without it.
  process.on("disconnect", () => void shutdown("the supervisor is gone"));

  // Links and QR codes a phone cannot follow are found out only when a donor scans one: say so now.
  const advice = publicUrlAdvice({
    host: config.HOST,
    port: Number(new URL(system.url).port),
    publicUrl: config.PUBLIC_URL,
    linksTo: system.url,
    interfaces: networkInterfaces(),
  });
  if (advice) system.logger.warn({ settings: advice.settings }, advice.warning);
  const lines = [``, `  Donation ledger is running at ${system.url}`, `  Health:  ${system.url}/health`];
  if (advice) lines.push(``, `  Warning: ${advice.warning}`, ...advice.settings.map((s) => `    ${s}`));
  if (system.seedsDemo) {
    // FAILPOINT_SEED_STEP=n kills this process outright once step n is done: the crash test of
    // seeding (test/e2e/seed-crash.test.ts) takes each step in turn. Nothing else sets it.
    const crashAt = Number(process.env.FAILPOINT_SEED_STEP ?? 0);
    let steps = 0;
    const demo = await system.seedDemo({
      onStep: (step) => {
        steps++;
        system.logger.info({ seedStep: steps }, `demo seeding: ${step}`);
        if (steps === crashAt) {
          // stderr is written at once (the logger buffers, and a kill loses what it holds).
          process.stderr.write(`failpoint: killed after seeding step ${steps}\n`);
          process.kill(process.pid, "SIGKILL");
        }
      },
    });
    lines.push(
      ``,
      `  Demo gift tracking code: ${demo.trackingCode}`,
      `  Its journey:             ${system.url}/track/${demo.trackingCode}`,
      ``,
      `  The demo charities' credentials (the same on every start): ${demoCredentialsFile(config.DATA_DIR).file}`,
      `  A charity token for the demo foundation (valid ${config.JWT_TTL_SECONDS} s):`,
      `    curl -s -X POST ${system.url}/api/v1/auth/token -H 'content-type: application/json' \\`,
      `      -d '{"client_id":"${demo.foundation.clientId}","client_secret":"${demo.foundation.secret}"}'`,
      `  then record a gift into campaign ${demo.foundation.campaignId}:`,
      `    curl -s -X POST ${system.url}/api/v1/donations -H "authorization: Bearer $TOKEN" \\`,
      `      -H 'content-type: application/json' -H "idempotency-key: $(uuidgen || date +%s%N)" \\`,
      `      -d '{"campaignId":"${demo.foundation.campaignId}","amount":"10000","channel":"alipay"}'`,
    );
  }
  lines.push(``, `  Ctrl-C stops everything.`, ``);
  process.stdout.write(lines.join("\n") + "\n");
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof JournalRefusedError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
