import type { JsonRpcProvider } from "ethers";
import type pg from "pg";
import { createPool } from "../db/pool.ts";
import { fetchHeader, type BlockHeader } from "../chain/headers.ts";
import { createRangeSizer } from "../chain/range-sizer.ts";
import { loadLedgerArtifact } from "../chain/ledger-artifact.ts";
import type { ChainReader } from "../chain/raw-rpc.ts";
import { readCursor, type Cursor } from "../db/cursor.ts";
import { compareBlocks, compareStorage, compareTable, compareTotals, type Difference } from "./compare-mirror.ts";
import { RangeInconsistentError } from "./fetch-range.ts";
import { prepareRange, type PreparedRange } from "./prepare-range.ts";
import { writeBatch } from "./write-batch.ts";

/** The block a tail check would start from is gone (a reorganisation): check everything instead. */
export type { Difference } from "./compare-mirror.ts";

export class TailUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TailUnavailableError";
  }
}

export interface VerifyReport {
  /** "tail" when only the blocks after `options.after` were checked. */
  scope: "full" | "tail";
  ledgerAddress: string;
  chainId: string;
  /** The mirror was checked up to this block, the newest it claimed when the check began. */
  block: string;
  blockHash: string;
  events: number;
  rows: number;
  differences: Difference[];
  ms: number;
  /** Where the time went: copying the mirror, rebuilding it from the chain, comparing. */
  phasesMs?: { copy: number; rebuild: number; compare: number };
}

export interface VerifyOptions {
  /** The database holding the mirror; the check writes only to scratch schemas it drops after. */
  databaseUrl: string;
  provider: JsonRpcProvider;
  /** Reads logs and headers in bulk (a linear-time transport); the provider by default. */
  reader?: ChainReader;
  /** Blocks per read of the chain. */
  rangeBlocks?: number;
  /** The schema holding the mirror to check: "public" unless a second mirror lives beside it. */
  mirrorSchema?: string;
  /**
   * Check only the tail: the rows of blocks after this one, which an earlier check reached (the
   * server's continuous check). Rows, blocks and events are compared; what depends on all history
   * (flags, totals, contract storage, later changes to older rows) waits for a full check.
   */
  after?: { number: bigint; hash: string };
  /** Differing rows listed per table and side (1,000); beyond them one difference says how many more (memory stays bounded). */
  listedRows?: number;
  onProgress?(progress: { block: bigint; toBlock: bigint; events: number }): void;
}

/** Mirror tables compared row by row, with the columns that identify a row. */
const TABLES: Record<string, string[]> = {
  ledger_event: ["block_number", "log_index"],
  organisation: ["id"],
  operator: ["org_id", "address"],
  campaign: ["id"],
  campaign_target: ["block_number", "log_index"],
  public_fundraising: ["block_number", "log_index"],
  disclosure: ["block_number", "log_index"],
  donation: ["record_id"],
  disbursement: ["record_id"],
  grant: ["record_id"],
  grant_settlement: ["record_id"],
  refund: ["record_id"],
  correction: ["record_id"],
  correction_approval: ["record_id"],
  record_flag: ["block_number", "log_index", "rule"],
  lot: ["record", "idx"],
  slice: ["movement", "idx"],
  allocation_shortfall: ["movement", "origin"],
  flow_daily: ["day", "campaign_id", "kind", "counterpart"],
  flow_monthly: ["month", "campaign_id", "kind", "counterpart"],
  flow_quarterly: ["quarter", "campaign_id", "kind", "counterpart"],
};

/** Derived from all of history (flags, the allocation's queues, the flow sums): only a full check can rebuild them. */
const WHOLE_HISTORY = new Set(["record_flag", "lot", "slice", "allocation_shortfall", "flow_daily", "flow_monthly", "flow_quarterly"]);

/**
 * Re-reads every event of the ledger from the chain and rebuilds what the mirror should hold, with
 * the indexer's own code, into a scratch schema; takes a consistent copy of the mirror up to the
 * block it claims; and compares the two row by row, then the totals, then contract storage (the
 * record counter and every campaign's balance at that block). Works against any node and any copy
 * of the database: nothing is trusted but the chain.
 */
export async function verifyMirror(options: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const { provider } = options;
  const reader = options.reader ?? provider;
  const admin = createPool(options.databaseUrl, { max: 2 });
  const base = `verify_${process.pid}_${Date.now()}`;
  const mirror = `${base}_mirror`;
  const chain = `${base}_chain`;
  const differences: Difference[] = [];
  const after = options.after;
  // Flags are judged from all of history: only a full check can rebuild them.
  const tables = Object.keys(TABLES).filter((t) => !(after && WHOLE_HISTORY.has(t)));
  let events = 0;
  let rows = 0;
  try {
    // 1. A consistent copy of the mirror, up to the block its cursor claims.
    const client = await admin.connect();
    let cursor;
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
      const source = options.mirrorSchema ?? "public";
      await client.query(`SET LOCAL search_path = "${source}"`);
      cursor = await readCursor(client);
      if (!cursor) throw new Error("This database holds no mirror (no indexer cursor).");
      if (after) {
        const kept = await client.query(`SELECT 1 FROM chain_block WHERE number = $1 AND hash = $2`, [after.number, after.hash]);
        if (kept.rowCount !== 1 || cursor.blockNumber < after.number) throw new TailUnavailableError(`block ${after.number} is no longer in the mirror as checked`);
        if (cursor.blockNumber === after.number) {
          await client.query("COMMIT");
          return { scope: "tail", blockHash: cursor.blockHash, ledgerAddress: cursor.ledgerAddress, chainId: cursor.chainId.toString(), block: cursor.blockNumber.toString(), events: 0, rows: 0, differences: [], ms: Date.now() - started };
        }
      }
      await client.query(`CREATE SCHEMA "${mirror}"`);
      for (const table of [...tables, "chain_block"]) {
        const column = table === "chain_block" ? "number" : "block_number";
        const where = after ? ` WHERE "${column}" > ${BigInt(after.number).toString()}` : "";
        const copied = await client.query(`CREATE TABLE "${mirror}"."${table}" AS SELECT * FROM "${source}"."${table}"${where}`);
        rows += copied.rowCount ?? 0;
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    const target = cursor.blockNumber;
    const copied = Date.now();

    const canonical = await fetchHeader(provider, target);
    if (canonical?.hash !== cursor.blockHash) {
      differences.push({ table: "indexer_cursor", key: `block ${target}`, problem: "the mirror's newest block is not the chain's block at that height", chain: canonical?.hash ?? null, mirror: cursor.blockHash });
    }

    // 2. What the mirror should hold, rebuilt from the chain by the indexer's own code.
    const start = (await fetchHeader(provider, after ? after.number : cursor.deployBlock - 1n))!;
    if (after && start.hash !== after.hash) throw new TailUnavailableError(`block ${after.number} is no longer on the chain as checked`);
    await createEmptyMirror(admin, chain, { ...cursor, blockNumber: start.number, blockHash: start.hash }, { scratch: true });
    const scratch = createPool(options.databaseUrl, { max: 2, options: `-c search_path=${chain}` });
    try {
      events = await rebuild(reader, scratch, cursor.ledgerAddress, start, target, options);
    } finally {
      await scratch.end();
    }

    const rebuilt = Date.now();
    // 3. Row by row: what only one side holds, paired by key into "changed" where both do.
    for (const table of tables) differences.push(...(await compareTable(admin, table, TABLES[table]!, mirror, chain, options.listedRows ?? 1_000)));
    differences.push(...(await compareBlocks(admin, mirror, chain)));

    // 4. Totals, per campaign and overall, then contract storage at the checked block.
    if (!after) {
      differences.push(...(await compareTotals(admin, mirror, chain)));
      differences.push(...(await compareStorage(admin, provider, cursor.ledgerAddress, chain, target)));
    }

    return {
      phasesMs: { copy: copied - started, rebuild: rebuilt - copied, compare: Date.now() - rebuilt },
      scope: after ? "tail" : "full",
      blockHash: cursor.blockHash,
      ledgerAddress: cursor.ledgerAddress,
      chainId: cursor.chainId.toString(),
      block: target.toString(),
      events,
      rows,
      differences,
      ms: Date.now() - started,
    };
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${mirror}" CASCADE`).catch(() => {});
    await admin.query(`DROP SCHEMA IF EXISTS "${chain}" CASCADE`).catch(() => {});
    await admin.end();
  }
}

/**
 * Fills the scratch mirror from `start` to `target` with the indexer's own reading and writing, one
 * range read ahead while the last is written. Consecutive ranges must link by parent hash: a
 * reorganisation during the check is an error to run again, never a gap.
 */
async function rebuild(reader: ChainReader, scratch: pg.Pool, address: string, start: BlockHeader, target: bigint, options: VerifyOptions): Promise<number> {
  const abi = loadLedgerArtifact().abi;
  const sizer = createRangeSizer(BigInt(options.rangeBlocks ?? 100));
  const read = (from: bigint) => prepareRange(reader, abi, address, from, target < from + sizer.span() - 1n ? target : from + sizer.span() - 1n);
  let at = start;
  let events = 0;
  let ahead: Promise<PreparedRange> | undefined;
  while (at.number < target) {
    let prepared = await ahead?.catch(() => undefined);
    ahead = undefined;
    if (!prepared) {
      try {
        prepared = await read(at.number + 1n);
      } catch (error) {
        if (sizer.refused(error)) continue; // a node that will not answer so much at once: smaller, again
        throw error;
      }
    }
    const { range } = prepared;
    sizer.answered(range.logs.length, prepared.ms, range.to - range.from + 1n);
    if (range.headers.get(range.from)!.parentHash !== at.hash) throw new RangeInconsistentError(`the chain changed at block ${range.from} during the check; run it again`);
    if (range.to < target) {
      ahead = read(range.to + 1n);
      ahead.catch(() => {});
    }
    // A tail's rebuild starts without the money before it: it keeps no allocation or flow sums (not compared either).
    await writeBatch(scratch, { fromCursor: at.number, events: prepared.events, headers: range.headers, to: range.headers.get(range.to)!, derived: !options.after });
    events += prepared.events.length;
    at = range.headers.get(range.to)!;
    options.onProgress?.({ block: at.number, toBlock: target, events });
  }
  return events;
}

/**
 * An empty mirror in schema `schema`, shaped like the real one and bound to the same chain,
 * starting at `cursor`: for rebuilding the mirror from the chain beside the real one.
 */
export async function createEmptyMirror(pool: pg.Pool, schema: string, cursor: Cursor, options: { scratch?: boolean } = {}): Promise<void> {
  await pool.query(`CREATE SCHEMA "${schema}"`);
  for (const table of [...Object.keys(TABLES), "chain_block", "indexer_cursor"]) {
    await pool.query(`CREATE TABLE "${schema}"."${table}" (LIKE public."${table}" INCLUDING ALL)`);
  }
  if (options.scratch) {
    // A mirror rebuilt only to be compared needs no lookup indexes on its largest tables: the
    // indexer's writes consult their primary keys, and the comparison reads everything.
    const { rows } = await pool.query<{ name: string }>(
      `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = $1 AND t.relname = ANY($2) AND NOT x.indisprimary`,
      [schema, ["ledger_event", "donation", "disbursement"]],
    );
    for (const { name } of rows) await pool.query(`DROP INDEX "${schema}"."${name}"`);
  }
  await pool.query(
    `INSERT INTO "${schema}".indexer_cursor (id, chain_id, ledger_address, genesis_hash, deploy_block, block_number, block_hash)
     VALUES (1, $1, $2, $3, $4, $5, $6)`,
    [cursor.chainId, cursor.ledgerAddress, cursor.genesisHash, cursor.deployBlock, cursor.blockNumber, cursor.blockHash],
  );
}
