/**
 * `npm start`: the whole ledger on this machine — local chain, embedded Postgres, indexer,
 * submitter, API and donor pages — plus a demo, then waits for Ctrl-C.
 */
import { loadConfig, ConfigError } from "../server/config.ts";
import { DataDirInUseError } from "../server/data-dir-lock.ts";
import { startLedgerSystem } from "../server/main.ts";
import { buildContracts } from "./build-contracts.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  await buildContracts();
  const system = await startLedgerSystem(config);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    system.logger.info(`${signal}: stopping`);
    await system.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const lines = [``, `  Donation ledger is running at ${system.url}`, `  Health:  ${system.url}/health`];
  if (system.seedsDemo) {
    const demo = await system.seedDemo();
    lines.push(
      ``,
      `  Demo gift tracking code: ${demo.trackingCode}`,
      `  Its journey:             ${system.url}/track/${demo.trackingCode}`,
      ``,
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
  if (error instanceof ConfigError || error instanceof DataDirInUseError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
