import { spawn } from "node:child_process";
import { expect } from "chai";
import type { Wallet } from "ethers";
import { recordDonations } from "../../../scripts/bench/record-donations.ts";
import { fetchHeader } from "../../../server/chain/headers.ts";
import { loadLedgerArtifact } from "../../../server/chain/ledger-artifact.ts";
import { createRawRpc } from "../../../server/chain/raw-rpc.ts";
import { readCursor } from "../../../server/db/cursor.ts";
import { createEmptyMirror, verifyMirror } from "../../../server/indexer/verify-mirror.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";

const EVENTS = Number(process.env.KILL_TEST_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.KILL_TEST_ROUNDS ?? 20);

describe("an indexer process killed outright again and again during a backfill", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  it(`loses and doubles nothing: after ${ROUNDS} kill -9s, verify finds the mirror equal to the chain`, async function () {
    this.timeout(600_000);
    const rpc = createRawRpc(t.system.rpcUrl);
    await recordDonations({
      rpc,
      signer: t.demo.foundation.ownKey as Wallet,
      ledgerAddress: t.system.ledgerAddress,
      campaignId: t.demo.foundation.campaignId,
      abi: loadLedgerArtifact().abi,
      events: EVENTS,
    });
    const head = BigInt(await rpc.send("eth_blockNumber", []));

    // A second, empty mirror beside the system's, filled by an indexer in its own process.
    const cursor = (await readCursor(t.system.pool))!;
    const start = (await fetchHeader(t.system.provider, cursor.deployBlock - 1n))!;
    const schema = `killed_${process.pid}_${Date.now()}`;
    await createEmptyMirror(t.system.pool, schema, { ...cursor, blockNumber: start.number, blockHash: start.hash });
    const url = new URL(t.system.databaseUrl);
    url.searchParams.set("options", `-c search_path=${schema}`);
    const database = url.toString();
    const indexed = async () => BigInt((await t.system.pool.query(`SELECT block_number FROM "${schema}".indexer_cursor`)).rows[0].block_number);
    const run = (mode: "killed" | "last") => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/indexer.ts", "--rpc", t.system.rpcUrl, "--database", database], {
        env: {
          ...process.env,
          POLL_INTERVAL_MS: "20",
          // Killed runs take one block per range, so kills land between and inside many commits, on any
          // node's block sizes; the last run catches up at its own pace (a shared test chain can be long).
          ...(mode === "killed" ? { LOG_LEVEL: "silent", INDEXER_BATCH_BLOCKS: "1", INDEXER_MAX_BATCH_BLOCKS: "1" } : { LOG_LEVEL: "warn" }),
        },
        stdio: mode === "killed" ? "ignore" : ["ignore", "pipe", "pipe"],
      });
      // Listened for at once: a run that ends by itself before it is killed must not be waited for forever.
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      return { child, exited };
    };

    try {
      const progress: bigint[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const { child, exited } = run("killed");
        // Once this run has written something (or after 5 s), at a random moment up to 40 ms later:
        // inside its next commits, while most of the backfill is still to come.
        const before = await indexed();
        for (let i = 0; i < 1_000 && (await indexed()) === before; i++) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, Math.random() * 40));
        child.kill("SIGKILL");
        await exited;
        progress.push(await indexed());
      }
      // Killed at different points of the backfill, most of them while it was under way.
      const midway = new Set(progress.filter((b) => b > start.number && b < head));
      expect(midway.size, `cursor after each kill: ${progress.join(", ")}`).to.be.at.least(ROUNDS / 2);

      // The last run says why if it stops short of the head.
      const last = run("last");
      let said = "";
      for (const stream of [last.child.stdout!, last.child.stderr!]) stream.on("data", (chunk: Buffer) => (said = (said + chunk.toString()).slice(-4_000)));
      let exitCode: number | null | undefined;
      void last.exited.then((code) => (exitCode = code));
      try {
        for (let i = 0; i < 6000 && exitCode === undefined && (await indexed()) < head; i++) await new Promise((r) => setTimeout(r, 50));
      } finally {
        last.child.kill("SIGTERM");
      }
      expect(await indexed(), `the last indexer (exit ${exitCode}) said:\n${said}`).to.be.at.least(head);
      const report = await verifyMirror({ databaseUrl: t.system.databaseUrl, provider: t.system.provider, reader: rpc, mirrorSchema: schema });
      expect(report.differences).to.deep.equal([]);
      expect(report.events).to.be.at.least(EVENTS);
    } finally {
      await t.system.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
});
