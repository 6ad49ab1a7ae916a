import { expect } from "chai";
import pg from "pg";
import pino from "pino";
import { fetchHeader } from "../../../server/chain/headers.ts";
import { createRawRpc, RpcError, type ChainReader } from "../../../server/chain/raw-rpc.ts";
import { readCursor } from "../../../server/db/cursor.ts";
import { createIndexer } from "../../../server/indexer/indexer.ts";
import { createEmptyMirror } from "../../../server/indexer/verify-mirror.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";

describe("an indexer against a node that limits how many logs one answer may hold", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  /** Backfills a second, empty mirror through `reader` from a first read of the whole chain, and compares it with the system's. */
  async function backfillThrough(reader: (limitLogs: number) => ChainReader): Promise<void> {
    const head = BigInt(await t.system.provider.send("eth_blockNumber", []));
    await t.system.indexer.waitForBlock(head);
    const cursor = (await readCursor(t.system.pool))!;
    const start = (await fetchHeader(t.system.provider, cursor.deployBlock - 1n))!;
    const schema = `limits_${process.pid}_${Date.now()}`;
    await createEmptyMirror(t.system.pool, schema, { ...cursor, blockNumber: start.number, blockHash: start.hash });
    const pool = new pg.Pool({ connectionString: t.system.databaseUrl, max: 2, options: `-c search_path=${schema}` });
    // A third of all the ledger's logs, or the busiest block if that is more: every single block still fits.
    const all: { blockNumber: string }[] = await t.system.provider.send("eth_getLogs", [
      { address: t.system.ledgerAddress, fromBlock: "0x0", toBlock: "0x" + head.toString(16) },
    ]);
    const perBlock = new Map<string, number>();
    for (const log of all) perBlock.set(log.blockNumber, (perBlock.get(log.blockNumber) ?? 0) + 1);
    const limit = Math.max(...perBlock.values(), Math.floor(all.length / 3));
    const indexer = createIndexer({
      pool,
      provider: t.system.provider,
      reader: reader(limit),
      ledgerAddress: t.system.ledgerAddress,
      confirmations: 0,
      pollIntervalMs: 20,
      batchBlocks: 10_000, // the whole chain in the first read: far too many logs
      logger: pino({ level: "silent" }),
    });
    indexer.start();
    try {
      await indexer.waitForBlock(head, 100_000);
    } finally {
      await indexer.stop();
    }
    try {
      const count = async (table: string) =>
        Number((await t.system.pool.query(`SELECT count(*) AS n FROM ${table} WHERE block_number <= $1`, [head.toString()])).rows[0].n);
      expect(await count(`"${schema}".ledger_event`)).to.equal(await count("public.ledger_event"));
      expect(await count(`"${schema}".donation`)).to.equal(await count("public.donation"));
    } finally {
      await pool.end();
      await t.system.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    }
  }

  it("reads smaller ranges until each answer fits, and mirrors every event", async function () {
    this.timeout(120_000);
    // The real node, refusing (as geth, Erigon and hosted nodes do) any answer of more than the limit.
    let refused = 0;
    await backfillThrough((limit) => ({
      async send(method, params) {
        const answer = await t.system.provider.send(method, params);
        if (method === "eth_getLogs" && answer.length > limit) {
          refused++;
          throw new RpcError(-32005, `query returned more than ${limit} results`);
        }
        return answer;
      },
    }));
    expect(refused).to.be.greaterThan(0);
  });

  it("reads smaller ranges when an answer is larger than the transport accepts, and mirrors every event", async function () {
    this.timeout(120_000);
    // The transport's own cap, set at about the size of the limit's worth of logs (a log is under 1.2 kB of JSON).
    let capped = 0;
    await backfillThrough((limit) => {
      const rpc = createRawRpc(t.system.rpcUrl, { maxResponseBytes: limit * 1_200 });
      return {
        async send(method, params) {
          try {
            return await rpc.send(method, params);
          } catch (error) {
            if ((error as Error).name === "ResponseTooLargeError") capped++;
            throw error;
          }
        },
        batch: rpc.batch,
      };
    });
    expect(capped).to.be.greaterThan(0);
  });
});
