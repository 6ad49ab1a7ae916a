/**
 * `npm run verify [-- --rpc URL --database URL] [--json]`: checks the mirror against the chain.
 *
 * Re-reads every event of the ledger from the node, rebuilds what the mirror should hold, and
 * compares row by row, total by total, and against contract storage; then checks the access log's
 * hash chain (regulators' reads of restricted detail). Exits 1 on any difference
 * (each named with what the chain says and what the mirror says), 2 when it cannot run. A
 * regulator runs it against their own node and a copy of the database; with neither given it
 * checks the local system `npm start` runs (the addresses it wrote to DATA_DIR/endpoints.json).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Presets, SingleBar } from "cli-progress";
import { attachLedgerSystem } from "../server/attach-system.ts";
import { createAccessLogStore } from "../server/db/access-log.ts";
import { createPool } from "../server/db/pool.ts";
import { checkAccessLog, type AccessLogCheck } from "../server/services/check-access-log.ts";
import { verifyMirror, type VerifyReport } from "../server/indexer/verify-mirror.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rpc: { type: "string", default: process.env.RPC_URL },
      database: { type: "string", default: process.env.DATABASE_URL },
      json: { type: "boolean", default: false },
    },
  });
  const local = localEndpoints(process.env.DATA_DIR ?? ".data");
  const rpcUrl = values.rpc ?? local?.rpcUrl;
  const databaseUrl = values.database ?? local?.databaseUrl;
  if (!rpcUrl || !databaseUrl) {
    console.error("Give the chain and the database: npm run verify -- --rpc URL --database URL (or RPC_URL and DATABASE_URL), or run it beside `npm start`.");
    process.exit(2);
  }
  const attached = await attachLedgerSystem({ rpcUrl });
  const bar = process.stderr.isTTY && !values.json ? new SingleBar({ format: "verify [{bar}] block {value}/{total} · {events} events · {rate} events/s", hideCursor: true }, Presets.shades_classic) : undefined;
  const started = Date.now();
  let report: VerifyReport;
  try {
    let begun = false;
    report = await verifyMirror({
      databaseUrl,
      provider: attached.provider,
      reader: attached.reader,
      onProgress: ({ block, toBlock, events }) => {
        const rate = Math.round(events / Math.max((Date.now() - started) / 1000, 0.001));
        if (!bar) return;
        if (!begun) bar.start(Number(toBlock), 0, { events: 0, rate: 0 });
        begun = true;
        bar.update(Number(block), { events, rate });
      },
    });
  } finally {
    bar?.stop();
    await attached.close();
  }
  const accessLog = await checkAccessLogAt(databaseUrl);
  if (values.json) {
    console.log(JSON.stringify({ ...report, accessLog }, null, 2));
  } else {
    const rate = Math.round(report.events / Math.max(report.ms / 1000, 0.001));
    console.log(`Ledger ${report.ledgerAddress} on chain ${report.chainId}, checked up to block ${report.block}: ${report.events} events, ${report.rows} mirror rows, ${report.ms} ms (${rate} events/s).`);
    if (report.differences.length === 0) console.log("The mirror equals the chain: no difference.");
    for (const d of report.differences) {
      console.log(`DIFFERENCE ${d.table} ${d.key}: ${d.problem}\n  chain:  ${JSON.stringify(d.chain)}\n  mirror: ${JSON.stringify(d.mirror)}`);
    }
  }
  if (!values.json) {
    const head = accessLog.head ? `, the last is ${accessLog.head.seq} with hash ${accessLog.head.hash}` : "";
    console.log(`Access log: ${accessLog.entries} entries${head}.`);
    if (accessLog.problems.length === 0) console.log("The access log's hash chain is whole: no entry was changed or removed before its last.");
    for (const p of accessLog.problems) console.log(`ACCESS LOG entry ${p.seq}: ${p.problem}`);
  }
  process.exit(report.differences.length === 0 && accessLog.problems.length === 0 ? 0 : 1);
}

/** The access log lives beside the mirror, in the same database; it is checked against itself, not the chain. */
async function checkAccessLogAt(databaseUrl: string): Promise<AccessLogCheck> {
  const pool = createPool(databaseUrl, { max: 1 });
  try {
    return await checkAccessLog({ accessLog: createAccessLogStore(pool) });
  } finally {
    await pool.end();
  }
}

function localEndpoints(dataDir: string): { rpcUrl: string; databaseUrl: string } | undefined {
  const file = path.join(dataDir, "endpoints.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(2);
});
