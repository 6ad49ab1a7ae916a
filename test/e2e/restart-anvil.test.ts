import { existsSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { loadConfig } from "../../server/config.ts";
import { startLedgerSystem } from "../../server/main.ts";
import { packageRoot } from "../../server/package-root.ts";
import { call } from "../support/http.ts";
import { useTempDataDir } from "../support/system.ts";

describe("a restart with the state-saving local chain (LOCAL_CHAIN=anvil)", function () {
  const dataDirOf = useTempDataDir("ledger-anvil");

  before(function () {
    let installed = false;
    try {
      installed = existsSync(path.join(packageRoot("@foundry-rs/anvil-linux-amd64"), "bin", "anvil"));
    } catch {
      installed = false;
    }
    if (!installed) this.skip(); // anvil ships for Linux x64 only
  });

  it("comes back with the same chain, ledger and gifts, without replaying a journal", async function () {
    this.timeout(180_000);
    const config = loadConfig({ DATA_DIR: dataDirOf(), PORT: "0", CHAIN_PORT: "0", LOG_LEVEL: "silent", POLL_INTERVAL_MS: "50", LOCAL_CHAIN: "anvil" });
    const first = await startLedgerSystem(config);
    let before: { address: string; head: bigint; hash: string; code: string; trace: Record<string, unknown> };
    try {
      const demo = await first.seedDemo();
      const head = BigInt(await first.provider.send("eth_blockNumber", []));
      await first.indexer.waitForBlock(head);
      const block = await first.provider.send("eth_getBlockByNumber", ["0x" + head.toString(16), false]);
      const trace = (await call(first.url, "GET", `/api/v1/track/${demo.trackingCode}`)).body;
      before = { address: first.ledgerAddress, head, hash: block.hash, code: demo.trackingCode, trace };
    } finally {
      await first.stop();
    }
    expect(existsSync(path.join(dataDirOf(), "anvil-state.json"))).to.equal(true);
    expect(existsSync(path.join(dataDirOf(), "chain-journal.jsonl"))).to.equal(false);

    const second = await startLedgerSystem(config);
    try {
      expect(second.ledgerAddress).to.equal(before.address);
      const block = await second.provider.send("eth_getBlockByNumber", ["0x" + before.head.toString(16), false]);
      expect(block.hash).to.equal(before.hash);
      const trace = await call(second.url, "GET", `/api/v1/track/${before.code}`);
      expect({ ...trace.body, asOfBlock: null, verification: null }).to.deep.equal({ ...before.trace, asOfBlock: null, verification: null });
      expect((await second.verifier.checkNow()).state).to.equal("ok");
    } finally {
      await second.stop();
    }
  });
});
