import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import pino from "pino";
import { readJournal, recordJournal, replayJournal, type JournalBlock } from "../../server/chain/chain-journal.ts";
import { recordJournalInThread } from "../../server/chain/journal-thread.ts";
import { startLocalNode } from "../../server/chain/local-node.ts";
import { createRawRpc } from "../../server/chain/raw-rpc.ts";
import { call } from "../support/http.ts";
import { getTestSystem, postFoundationGift, type TestSystem } from "../support/system.ts";

describe("the chain journal under faults", function () {
  let t: TestSystem;
  let dir: string;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    // The journal keeps the embedded Hardhat chain; a node behind RPC_URL keeps its own state.
    if (t.system.config.RPC_URL) this.skip();
    dir = mkdtempSync(path.join(tmpdir(), "ledger-journal-"));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  const logger = pino({ level: "silent" });
  const head = async () => Number(await t.system.provider.send("eth_blockNumber", []));
  const contiguous = (file: string) => readJournal(file).every((b, i) => b.number === i);
  async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
    for (let i = 0; i < 400; i++) {
      if (await condition()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it("cuts off a line a crash left half written (keeping it aside) and goes on from the last whole block", async function () {
    this.timeout(60_000);
    const file = path.join(dir, "torn.jsonl");
    const first = recordJournal({ provider: t.system.provider, file, pollIntervalMs: 20, logger });
    await until("the journal to catch up", async () => readJournal(file).length === (await head()) + 1);
    await first.stop();
    const whole = readJournal(file).length;
    appendFileSync(file, `{"number":${whole},"hash":"0x12`); // a crash in the middle of an append

    const second = recordJournal({ provider: t.system.provider, file, pollIntervalMs: 20, logger });
    try {
      await until("the journal to catch up again", async () => readJournal(file).length === (await head()) + 1);
      expect(contiguous(file)).to.equal(true);
      expect(readdirSync(dir).some((f) => f.startsWith("torn.jsonl.tail-"))).to.equal(true);
    } finally {
      await second.stop();
    }
  });

  const recorders = {
    "in this thread": (file: string) => recordJournal({ provider: t.system.provider, file, pollIntervalMs: 20, logger }),
    // As the running system records it: the failure is reported from the journal's thread.
    "on a thread of its own": (file: string) => recordJournalInThread({ url: t.system.rpcUrl, file, pollIntervalMs: 20, logLevel: "silent" }, logger),
  };
  for (const [where, record] of Object.entries(recorders)) it(`retries a failed append from the same block, skipping none, and says it is failing meanwhile (${where})`, async function () {
    this.timeout(60_000);
    const file = path.join(dir, `unwritable-${where.replaceAll(" ", "-")}.jsonl`);
    const recorder = record(file);
    try {
      await until("the journal to catch up", async () => readJournal(file).length === (await head()) + 1);
      // The file cannot be appended to (a directory stands where it was: EISDIR, as root ignores permissions).
      renameSync(file, `${file}.away`);
      mkdirSync(file);
      await t.system.provider.send("evm_mine", []);
      await t.system.provider.send("evm_mine", []);
      await until("the recorder to say it fails", () => recorder.failing() !== undefined);
      expect(recorder.failing()).to.match(/cannot be written/);

      rmSync(file, { recursive: true });
      renameSync(`${file}.away`, file);
      await until("the journal to catch up after the fault", async () => recorder.failing() === undefined && readJournal(file).length === (await head()) + 1);
      expect(contiguous(file)).to.equal(true);
    } finally {
      await recorder.stop();
    }
  });

  it("holds every write while the system's own journal cannot be written, says so on /health, and sends them once it can", async function () {
    this.timeout(90_000);
    const file = path.join(t.system.config.DATA_DIR, "chain-journal.jsonl");
    expect(existsSync(file)).to.equal(true);
    renameSync(file, `${file}.away`);
    mkdirSync(file);
    let restored = false;
    const restore = () => {
      if (restored) return;
      restored = true;
      rmSync(file, { recursive: true, force: true });
      renameSync(`${file}.away`, file);
    };
    try {
      // A block must be mined for the recorder to have something it cannot write.
      await t.system.provider.send("evm_mine", []);
      await until("the journal fault to show", () => t.system.submitter.status().held !== undefined);
      const health = await call(t.baseUrl, "GET", "/health");
      expect(health.status).to.equal(503);
      expect(health.body.chain.held).to.match(/cannot be written/);

      const gift = await postFoundationGift(t, "606", "journal-hold");
      expect(gift.status).to.equal(202);
      await new Promise((r) => setTimeout(r, 500));
      const held = await t.system.db.outboxEntry.findUniqueOrThrow({ where: { id: BigInt(gift.body.id) } });
      expect(held.status).to.equal("pending");

      restore();
      const recordId = await t.waitForWrite(gift.body.id);
      expect(recordId).to.be.a("string");
      await until("the journal to hold the chain again", async () => readJournal(file).length === (await head()) + 1);
      expect(contiguous(file)).to.equal(true);
      expect((await call(t.baseUrl, "GET", "/health")).status).to.equal(200);
    } finally {
      restore();
    }
  });

  it("replays a journal in batches onto a fresh node to the same hashes, and stops exactly at a block that differs", async function () {
    this.timeout(120_000);
    const file = path.join(dir, "replay.jsonl");
    // Enough blocks for more than one batch, whatever ran before (empty ones replay like any other).
    await createRawRpc(t.system.rpcUrl).batch(Array.from({ length: 260 }, (): [string, unknown[]] => ["evm_mine", []]));
    const recorder = recordJournal({ provider: t.system.provider, file, pollIntervalMs: 20, logger });
    await until("the journal to catch up", async () => readJournal(file).length === (await head()) + 1);
    await recorder.stop();
    const journal = readJournal(file);
    expect(journal.length).to.be.greaterThan(250); // more than one batch

    const replayOnFreshNode = async (blocks: JournalBlock[]) => {
      const node = await startLocalNode({ port: 0, genesisTime: blocks[0]!.timestamp });
      try {
        return await replayJournal(createRawRpc(node.url), blocks, logger);
      } finally {
        await node.stop();
      }
    };
    expect(await replayOnFreshNode(journal)).to.deep.equal({ replayed: journal.length - 1 });
    const k = journal.length - 7; // in the last batch
    const altered = journal.map((b) => (b.number === k ? { ...b, hash: "0x" + "00".repeat(32) } : b));
    expect(await replayOnFreshNode(altered)).to.deep.equal({ replayed: k - 1, divergedAt: k });
  });
});
