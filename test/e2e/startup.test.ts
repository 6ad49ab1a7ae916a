import { expect } from "chai";
import { loadConfig } from "../../server/config.ts";
import { startLedgerSystem } from "../../server/main.ts";
import { findFreePort } from "../../server/net.ts";
import { useTempDataDir } from "../support/system.ts";

describe("starting the system", function () {
  const dataDirOf = useTempDataDir("ledger-startup");

  it("answers 503 'starting' with its step from the first moment, and 'ok' only once the demo exists", async function () {
    this.timeout(180_000);
    const port = await findFreePort();
    const seen: { status: number; body: { status: string; step?: string }; at: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/health`);
          seen.push({ status: response.status, body: await response.json(), at: Date.now() });
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const config = loadConfig({ DATA_DIR: dataDirOf(), PORT: String(port), CHAIN_PORT: "0", LOG_LEVEL: "silent", POLL_INTERVAL_MS: "50", SEED_DEMO: "true" });
    const system = await startLedgerSystem(config);
    try {
      expect(system.seedsDemo).to.equal(true);
      const demo = await system.seedDemo();
      const seededAt = Date.now();
      for (let i = 0; i < 100 && seen.at(-1)?.status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
      polling = false;
      await poller;

      const starting = seen.filter((s) => s.status === 503);
      expect(starting.length).to.be.greaterThan(0);
      for (const s of starting) expect(s.body.status).to.equal("starting");
      const steps = new Set(starting.map((s) => s.body.step));
      expect([...steps].some((step) => /database|chain|migrations|ledger/.test(step ?? "")), [...steps].join(" | ")).to.equal(true);
      expect([...steps].some((step) => /seeding the demo/.test(step ?? "")), [...steps].join(" | ")).to.equal(true);
      const firstOk = seen.find((s) => s.status === 200);
      expect(firstOk, "ready in the end").to.not.equal(undefined);
      expect(firstOk!.at).to.be.at.least(seededAt - 50);
      expect(firstOk!.body.status).to.equal("ok");
      const trace = await fetch(`${system.url}/api/v1/track/${demo.trackingCode}`);
      expect(trace.status).to.equal(200);
    } finally {
      polling = false;
      await system.stop();
    }
  });
});
