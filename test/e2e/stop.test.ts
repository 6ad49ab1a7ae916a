import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { findFreePort } from "../../server/net.ts";
import { useTempDataDir } from "../support/system.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { until } from "../support/until.ts";

/** `npm start` as a terminal runs it: in a process group of its own, so a Ctrl-C can go to the whole group. */
function startInTerminal(dataDir: string, port: number): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    detached: true,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), CHAIN_PORT: "0", LOG_LEVEL: "warn", POLL_INTERVAL_MS: "50", RPC_URL: "", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

describe("stopping npm start", function () {
  const dataDirOf = useTempDataDir("ledger-stop");

  it("stops on Ctrl-C within 10 s while clients write, leaves nothing running, and loses no acknowledged write", async function () {
    this.timeout(300_000);
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    const first = startInTerminal(dataDirOf(), port);
    try {
      await until("the first run to be ready", async () => ((await fetch(`${base}/health`)).status === 200 ? true : undefined));
      const [, clientId, secret] = await until("the first run's banner", async () => /"client_id":"([^"]+)","client_secret":"([^"]+)"/.exec(first.output()) ?? undefined);
      const campaignId = /"campaignId":"(\d+)"/.exec(first.output())?.[1];
      const token = await tokenFor(base, clientId!, secret!);

      // Clients writing until the server stops answering.
      const acknowledged: string[] = [];
      let writing = true;
      const writers = Array.from({ length: 8 }, async () => {
        while (writing) {
          try {
            const r = await call(base, "POST", "/api/v1/donations", {
              token,
              headers: { "idempotency-key": newKey("stop") },
              body: { campaignId, amount: "100", channel: "bank" },
            });
            if (r.status === 202) acknowledged.push(r.body.id);
          } catch {
            return; // the server is gone
          }
        }
      });
      await new Promise((r) => setTimeout(r, 1_500));

      const asked = Date.now();
      const exited = new Promise<number | null>((resolve) => first.child.once("exit", (code) => resolve(code)));
      process.kill(-first.child.pid!, "SIGINT"); // what a terminal's Ctrl-C does
      const code = await exited;
      const seconds = (Date.now() - asked) / 1000;
      writing = false;
      await Promise.all(writers);
      expect(seconds, first.output()).to.be.at.most(10);
      expect(code, first.output()).to.equal(0);
      expect(first.output()).to.match(/Stopped in/);
      expect(acknowledged.length).to.be.greaterThan(0);

      // Nothing left behind: the chain node, Postgres and the lock are gone with it.
      expect(existsSync(path.join(dataDirOf(), "chain.pid")), "chain node pid file").to.equal(false);
      expect(existsSync(path.join(dataDirOf(), "postgres", "postmaster.pid")), "postgres still running").to.equal(false);
      expect(existsSync(path.join(dataDirOf(), "owner.lock")), "DATA_DIR lock").to.equal(false);

      // Started again: every write acknowledged before the stop reaches the chain.
      const second = startInTerminal(dataDirOf(), port);
      try {
        await until("the second run to be ready", async () => ((await fetch(`${base}/health`)).status === 200 ? true : undefined));
        // The demo client's secret is the same as before the restart: an integration that saved it goes on.
        const secret2 = await until("the second run's banner", async () => /"client_secret":"([^"]+)"/.exec(second.output())?.[1]);
        expect(secret2).to.equal(secret);
        const token2 = await tokenFor(base, clientId!, secret!);
        for (const id of acknowledged) {
          const status = await until(`write ${id} to settle`, async () => {
            const r = await call(base, "GET", `/api/v1/writes/${id}`, { token: token2 });
            return r.body.status === "confirmed" || r.body.status === "failed" ? r.body.status : undefined;
          });
          expect(status, `write ${id}`).to.equal("confirmed");
        }
      } finally {
        const exited2 = new Promise((resolve) => second.child.once("exit", resolve));
        process.kill(-second.child.pid!, "SIGINT");
        await exited2;
      }
    } finally {
      try {
        process.kill(-first.child.pid!, "SIGKILL");
      } catch {
        // already stopped
      }
    }
  });
});
