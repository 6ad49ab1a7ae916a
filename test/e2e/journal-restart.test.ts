import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Transaction } from "ethers";
import { expect } from "chai";
import { JournalRefusedError } from "../../server/chain/errors.ts";
import { loadConfig } from "../../server/config.ts";
import { startLedgerSystem, type LedgerSystem } from "../../server/main.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { useTempDataDir } from "../support/system.ts";
import { until } from "../support/until.ts";

const configFor = (dataDir: string) =>
  loadConfig({ DATA_DIR: dataDir, PORT: "0", CHAIN_PORT: "0", LOG_LEVEL: "silent", POLL_INTERVAL_MS: "50", SEED_DEMO: "false", RPC_URL: "", DATABASE_URL: "" });

interface JournalLine {
  number: number;
  txs: string[];
}

/**
 * Faults injected into the journal between two runs (what a crash, a lost append or a second
 * run writing the same file leaves): the restart restores every acknowledged write, or refuses
 * with the block and the way out. Never a chain that silently lacks something.
 */
describe("restarting on a journal with faults", function () {
  const rootOf = useTempDataDir("ledger-journal-restart");
  let pristine: string;
  /** Outbox ids of the acknowledged gifts, each in a block of its own at the journal's end. */
  let gifts: string[];
  let registrar: string;

  before(async function () {
    this.timeout(240_000);
    if (process.env.RPC_URL || process.env.DATABASE_URL) this.skip();
    pristine = path.join(rootOf(), "pristine");
    mkdirSync(pristine, { mode: 0o755 });
    const system = await startLedgerSystem(configFor(pristine));
    try {
      const demo = await system.seedDemo();
      registrar = system.registrar!.address.toLowerCase();
      const token = await tokenFor(system.url, demo.foundation.clientId, demo.foundation.secret);
      gifts = [];
      for (let i = 0; i < 5; i++) {
        const answer = await call(system.url, "POST", "/api/v1/donations", {
          token,
          headers: { "idempotency-key": newKey("journal-restart") },
          body: { campaignId: demo.foundation.campaignId.toString(), amount: "700", channel: "bank" },
        });
        expect(answer.status).to.equal(202);
        gifts.push(answer.body.id);
        await until("the gift on the chain", async () => ((await system.pool.query(`SELECT status FROM outbox WHERE id = $1`, [answer.body.id])).rows[0].status === "confirmed" ? true : undefined));
      }
      // Every block in the journal before the stop.
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await system.stop();
    }
  });

  /** A copy of the stopped system's DATA_DIR whose journal lines go through `edit`. */
  function faulty(name: string, edit: (lines: string[]) => string[]): string {
    const dir = path.join(rootOf(), name);
    // As the README's backup does: owners and modes kept (Postgres refuses a data folder others can read).
    execFileSync("cp", ["-a", pristine, dir]);
    const file = path.join(dir, "chain-journal.jsonl");
    const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
    writeFileSync(file, edit(lines).join("\n") + "\n");
    return dir;
  }

  const lineOf = (lines: string[], test: (tx: Transaction) => boolean) =>
    lines.findIndex((l) => (JSON.parse(l) as JournalLine).txs.some((raw) => test(Transaction.from(raw))));

  async function expectEveryGiftOnce(system: LedgerSystem): Promise<void> {
    await until("every gift confirmed and mirrored", async () => {
      await system.indexer.waitForBlock(BigInt(await system.provider.getBlockNumber()));
      const { rows } = await system.pool.query(
        `SELECT o.id::text, o.status, count(d.record_id)::int AS mirrored FROM outbox o
           LEFT JOIN donation d ON d.donor_commitment = o.donor_commitment
          WHERE o.id = ANY($1::bigint[]) GROUP BY 1, 2`,
        [gifts],
      );
      return rows.length === gifts.length && rows.every((r) => r.status === "confirmed" && r.mirrored === 1) ? true : undefined;
    });
  }

  it("a gap (a block's append lost): the outbox sends its writes again, and every acknowledged gift is on the chain once", async function () {
    this.timeout(180_000);
    // The third gift's block goes missing; the two after it are out of order now.
    const dir = faulty("gap", (lines) => lines.filter((_, i) => i !== lines.length - 3));
    const system = await startLedgerSystem(configFor(dir));
    try {
      await expectEveryGiftOnce(system);
    } finally {
      await system.stop();
    }
  });

  it("a repeat (a second run appended the same blocks again): nothing is sent twice", async function () {
    this.timeout(180_000);
    const dir = faulty("repeat", (lines) => [...lines, ...lines.slice(-4)]);
    const system = await startLedgerSystem(configFor(dir));
    try {
      await expectEveryGiftOnce(system);
      const { rows } = await system.pool.query(`SELECT count(*)::int AS n FROM donation`);
      expect(rows[0].n).to.equal(3 + gifts.length); // the demo's three and the five
    } finally {
      await system.stop();
    }
  });

  it("a lost block that held another key's transaction, with a later one of that key: refused, naming the block and the way out", async function () {
    this.timeout(180_000);
    let removed = -1;
    const dir = faulty("refused", (lines) => {
      // The registrar's second transaction (an operator added for the foundation): the partner's
      // registration comes later from the same key and cannot be placed without it.
      const registrarLines = lines.map((_, i) => i).filter((i) => lineOf([lines[i]!], (tx) => tx.from!.toLowerCase() === registrar) === 0);
      removed = registrarLines[1]!;
      return lines.filter((_, i) => i !== removed);
    });
    const file = path.join(dir, "chain-journal.jsonl");
    const before = readFileSync(file, "utf8");
    const error = await startLedgerSystem(configFor(dir)).then(
      () => expect.fail("the start should have been refused"),
      (e: Error) => e,
    );
    expect(error).to.be.instanceOf(JournalRefusedError);
    expect(error.message).to.contain(`cannot be rebuilt past block ${removed - 1}`);
    expect(error.message).to.match(/nonce \d+, journal block \d+\): a transaction of its sender before it/);
    expect(error.message).to.contain(`head -n ${removed}`);
    expect(readFileSync(file, "utf8"), "the journal is left as it was").to.equal(before);

    // The way out the message gives: keep the chain up to that block, and start.
    execFileSync("sh", ["-c", /mv .* > \S+/.exec(error.message)![0]]);
    const system = await startLedgerSystem(configFor(dir));
    await system.stop();
  });
});
