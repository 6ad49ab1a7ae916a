import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import pg from "pg";
import { loadConfig } from "../../server/config.ts";
import { startLedgerSystem } from "../../server/main.ts";
import { onboardOrganisation } from "../../server/services/onboard-organisation.ts";
import { useTempDataDir } from "../support/system.ts";
import { call } from "../support/http.ts";

describe("seeding the demo after a crash cut it short", function () {
  const dataDirOf = useTempDataDir("ledger-seed");

  it("finishes what was begun (an organisation registered with its server key only, no campaign) and makes exactly one demo", async function () {
    this.timeout(180_000);
    const config = loadConfig({ DATA_DIR: dataDirOf(), PORT: "0", CHAIN_PORT: "0", LOG_LEVEL: "silent", POLL_INTERVAL_MS: "50", SEED_DEMO: "false" });
    const system = await startLedgerSystem(config);
    try {
      // What a kill -9 after the foundation's registration leaves: on the ledger, no own key, no campaign.
      const { orgId } = await onboardOrganisation({
        ledgerAddress: system.ledgerAddress,
        registrar: system.registrar!,
        orgSigners: system.orgSigners,
        fundingWei: 0n,
        organisation: { kind: 1, registrationNumber: "53100000500021676K", name: "Sunrise Children's Foundation" },
      });
      const demo = await system.seedDemo();
      const again = await system.seedDemo();

      const { rows: orgs } = await system.pool.query(`SELECT id::text FROM organisation WHERE registration_number = '53100000500021676K'`);
      expect(orgs).to.deep.equal([{ id: orgId.toString() }]);
      expect(demo.foundation.orgId).to.equal(orgId);
      const { rows: operators } = await system.pool.query(`SELECT address FROM operator WHERE org_id = $1 AND removed_block IS NULL`, [orgId]);
      expect(operators.map((o) => o.address)).to.include(((await demo.foundation.ownKey.getAddress()) as string).toLowerCase());
      const { rows: campaigns } = await system.pool.query(`SELECT count(*)::int AS n FROM campaign WHERE org_id = $1`, [orgId]);
      expect(campaigns[0].n).to.equal(1);
      expect(again.foundation.campaignId).to.equal(demo.foundation.campaignId);
      expect((await call(system.url, "GET", `/api/v1/track/${demo.trackingCode}`)).status).to.equal(200);
      const { rows: gifts } = await system.pool.query(`SELECT count(*)::int AS n FROM donation WHERE campaign_id = $1`, [demo.foundation.campaignId]);
      expect(gifts[0].n).to.equal(3);
      const { rows: facts } = await system.pool.query(
        `SELECT (SELECT count(*)::int FROM public_fundraising WHERE org_id = $1 AND qualified) AS statuses, (SELECT count(*)::int FROM disclosure WHERE campaign_id = $2) AS disclosures`,
        [orgId, demo.foundation.campaignId],
      );
      expect(facts[0]).to.deep.equal({ statuses: 1, disclosures: 1 });
    } finally {
      await system.stop();
    }
  });
});

/** scripts/serve.ts (what `npm start` runs) with the embedded chain and Postgres, killing itself after seeding step `crashAt`. */
function serve(dataDir: string, crashAt: number) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: "0", CHAIN_PORT: "0", LOG_LEVEL: "info", POLL_INTERVAL_MS: "50", RPC_URL: "", DATABASE_URL: "", FAILPOINT_SEED_STEP: String(crashAt) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let sawBanner!: () => void;
  const banner = new Promise<void>((resolve) => (sawBanner = resolve));
  const keep = (c: Buffer) => {
    output += c.toString();
    if (/Demo gift tracking code/.test(output)) sawBanner();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  return { child, exited, banner, output: () => output };
}

describe("a crash at every step of seeding the demo", function () {
  const dataDirOf = useTempDataDir("ledger-seed-crash");

  it("kills npm start after each seeding step in turn; each restart goes on, and the end is exactly one demo", async function () {
    // The embedded parts only: an external node or database keeps its own state across a kill.
    if (process.env.RPC_URL || process.env.DATABASE_URL) this.skip();
    this.timeout(900_000);
    let finished: ReturnType<typeof serve> | undefined;
    const crashes: number[] = [];
    for (let step = 1; step <= 40 && !finished; step++) {
      const run = serve(dataDirOf(), step);
      const outcome = await Promise.race([run.exited.then((how) => ({ how })), run.banner.then(() => ({ banner: true }))]);
      if ("banner" in outcome) {
        finished = run;
        break;
      }
      // Killed by its failpoint right after the step, and by nothing else.
      expect(outcome.how, run.output().slice(-3_000)).to.equal("SIGKILL");
      expect(/failpoint: killed after seeding step (\d+)/.exec(run.output())?.[1], run.output().slice(-3_000)).to.equal(String(step));
      // Its chain node and Postgres outlive it, as after any kill -9; the next start stops them. Its
      // output pipes are let go, or a leftover holding them keeps this process waiting.
      run.child.stdout!.destroy();
      run.child.stderr!.destroy();
      crashes.push(step);
    }
    expect(finished, "a run that finished seeding").to.not.equal(undefined);
    try {
      // Every step of seeding was a crash point once: two organisations of six steps, the four writes' six, the
      // foundation's public-fundraising status and its disclosure.
      expect(crashes.length).to.be.at.least(20);
      const base = /running at (http:\/\/\S+)/.exec(finished!.output())![1]!;
      expect((await fetch(`${base}/health`)).status).to.equal(200);
      const { databaseUrl } = JSON.parse(readFileSync(path.join(dataDirOf(), "endpoints.json"), "utf8")) as { databaseUrl: string };
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        const { rows: orgs } = await db.query(`SELECT registration_number, count(*)::int AS n FROM organisation GROUP BY 1 ORDER BY 1`);
        expect(orgs).to.deep.equal([
          { registration_number: "52440300MJL171234X", n: 1 },
          { registration_number: "53100000500021676K", n: 1 },
        ]);
        const { rows: campaigns } = await db.query(`SELECT org_id, count(*)::int AS n FROM campaign GROUP BY 1`);
        expect(campaigns.map((c) => c.n)).to.deep.equal([1, 1]);
        const { rows: records } = await db.query(
          `SELECT (SELECT count(*)::int FROM donation) AS donations, (SELECT count(*)::int FROM disbursement) AS payouts, (SELECT count(*)::int FROM disclosure) AS disclosures,
                  (SELECT count(*)::int FROM public_fundraising) AS statuses, (SELECT count(*)::int FROM outbox) AS writes`,
        );
        expect(records[0]).to.deep.equal({ donations: 3, payouts: 1, disclosures: 1, statuses: 1, writes: 5 });
      } finally {
        await db.end();
      }
    } finally {
      finished!.child.kill("SIGTERM");
      await finished!.exited;
    }
  });

  afterEach(function () {
    // A failed run leaves the last killed run's chain node and Postgres behind: stop them here.
    for (const file of ["chain.pid", "postgres/postmaster.pid"]) {
      try {
        process.kill(Number(readFileSync(path.join(dataDirOf(), file), "utf8").split("\n")[0]), "SIGKILL");
      } catch {
        // not running
      }
    }
  });
});
