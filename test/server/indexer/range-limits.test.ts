import { expect } from "chai";
import pg from "pg";
import pino from "pino";
import { fetchHeader } from "../../../server/chain/headers.ts";
import { RpcError, type ChainReader } from "../../../server/chain/raw-rpc.ts";
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

  it("reads smaller ranges until each answer fits, and mirrors every event", async function () {
    this.timeout(120_000);
    const head = BigInt(await t.system.provider.send("eth_blockNumber", []));
    await t.system.indexer.waitForBlock(head);
    const cursor = (await readCursor(t.system.pool))!;
    const start = (await fetchHeader(t.system.provider, cursor.deployBlock - 1n))!;
    const schema = `limits_${process.pid}_${Date.now()}`;
    await createEmptyMirror(t.system.pool, schema, { ...cursor, blockNumber: start.number, blockHash: start.hash });
    const pool = new pg.Pool({ connectionString: t.system.databaseUrl, max: 2, options: `-c search_path=${schema}` });
    // The real node, refusing (as geth, Erigon and hosted nodes do) any answer of more than a
    // third of all the ledger's logs; every single block still fits.
    const all: { blockNumber: string }[] = await t.system.provider.send("eth_getLogs", [
      { address: t.system.ledgerAddress, fromBlock: "0x0", toBlock: "0x" + head.toString(16) },
    ]);
    const perBlock = new Map<string, number>();
    for (const log of all) perBlock.set(log.blockNumber, (perBlock.get(log.blockNumber) ?? 0) + 1);
    const limit = Math.max(...perBlock.values(), Math.floor(all.length / 3));
    let refused = 0;
    const limited: ChainReader = {
      async send(method, params) {
        const answer = await t.system.provider.send(method, params);
        if (method === "eth_getLogs" && answer.length > limit) {
          refused++;
          throw new RpcError(-32005, `query returned more than ${limit} results`);
        }
        return answer;
      },
    };
    const indexer = createIndexer({
      pool,
      provider: t.system.provider,
      reader: limited,
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
      expect(refused).to.be.greaterThan(0);
      const count = async (table: string) =>
        Number((await t.system.pool.query(`SELECT count(*) AS n FROM ${table} WHERE block_number <= $1`, [head.toString()])).rows[0].n);
      expect(await count(`"${schema}".ledger_event`)).to.equal(await count("public.ledger_event"));
      expect(await count(`"${schema}".donation`)).to.equal(await count("public.donation"));
    } finally {
      await pool.end();
      await t.system.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    }
  });
});
