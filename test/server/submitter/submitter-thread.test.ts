import { Worker } from "node:worker_threads";
import { expect } from "chai";
import { createLogger } from "../../../server/logger.ts";
import { createSubmitterThread, type SubmitterThreadSettings } from "../../../server/submitter/submitter-thread.ts";
import { getTestSystem, postFoundationGift, type TestSystem } from "../../support/system.ts";

describe("the submitter on a thread of its own", function () {
  let t: TestSystem;
  let settings: SubmitterThreadSettings;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    const { config } = t.system;
    settings = {
      databaseUrl: t.system.databaseUrl,
      rpcUrl: t.system.rpcUrl,
      masterKey: { dataDir: config.DATA_DIR, ...(config.MASTER_KEY ? { configured: config.MASTER_KEY } : {}) },
      ledgerAddress: t.system.ledgerAddress,
      confirmations: config.CONFIRMATIONS,
      pollIntervalMs: config.POLL_INTERVAL_MS,
      stuckAfterMs: config.STUCK_TX_SECONDS * 1000,
      logLevel: "silent",
    };
  });

  it("refuses to start while another submitter holds the lock, with the same error as the submitter itself", async function () {
    this.timeout(30_000);
    const second = createSubmitterThread({ settings, logger: createLogger("silent") });
    const refused = await second.start().then(() => undefined, (error: Error) => error);
    expect(refused?.message).to.equal("Another submitter is already sending this outbox to the chain.");
    expect(second.status()).to.deep.equal({ running: false, lockHeld: false });
    expect(t.system.submitter.status().lockHeld).to.equal(true);
  });

  it("starts its thread again when it dies, and the writes accepted meanwhile go out", async function () {
    this.timeout(60_000);
    await t.system.submitter.stop();
    // The thread's Worker, caught as the submitter asks it to start (there is no other handle on it).
    const workers: Worker[] = [];
    const postMessage = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker["postMessage"]>) {
      if (!workers.includes(this)) workers.push(this);
      return postMessage.apply(this, args);
    };
    const thread = createSubmitterThread({ settings, logger: createLogger("silent") });
    try {
      await thread.start();
      expect(thread.status()).to.deep.include({ running: true, lockHeld: true });
      expect(workers).to.have.length(1);
      await workers[0]!.terminate();
      expect(thread.status().running).to.equal(false);

      const gift = await postFoundationGift(t, "321", "thread-restart");
      expect(gift.status).to.equal(202);
      await t.waitForWrite(gift.body.id);
      expect(workers).to.have.length(2);
      expect(thread.status()).to.deep.include({ running: true, lockHeld: true });
    } finally {
      Worker.prototype.postMessage = postMessage;
      await thread.stop();
      await t.system.submitter.start();
    }
  });
});
