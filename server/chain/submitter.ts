import { Transaction, type JsonRpcProvider, type Wallet } from "ethers";
import type pg from "pg";
import type { Logger } from "pino";
import { encodeWrite, encodeWriteBatch, type OutboxPayload } from "./encode-write.ts";
import { explainRevert } from "./explain-revert.ts";
import { loadLedgerArtifact } from "./ledger-artifact.ts";
import { planBatches } from "./plan-batches.ts";

export interface SubmitterOptions {
  pool: pg.Pool;
  provider: JsonRpcProvider;
  signer: Wallet;
  ledgerAddress: string;
  confirmations: number;
  pollIntervalMs: number;
  logger: Logger;
  /** Called after transactions went out, so the indexer can look for them at once. */
  onBroadcast?: () => void;
}

export interface Submitter {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Called when the API accepted a write, so it goes out now rather than at the next poll. */
  notify(): void;
}

interface Row {
  id: string;
  kind: string;
  solo: boolean;
  payload: OutboxPayload;
  tx_hash: string | null;
  raw_tx: string | null;
}

const SUBMITTER_LOCK = 7261000002;
/** Writes read per cycle, and at most per transaction (a batch of 50 donations is about 250,000 gas). */
const PICK = 500;
const MAX_BATCH = 50;
const FEE_TTL_MS = 2_000;

function groupByTransaction(rows: Row[]): Row[][] {
  const byHash = new Map<string, Row[]>();
  for (const row of rows) byHash.set(row.tx_hash!, [...(byHash.get(row.tx_hash!) ?? []), row]);
  return [...byHash.values()];
}

/**
 * Sends outbox entries to the chain in the order the API accepted them, exactly once, with
 * consecutive writes of one kind sharing a transaction (recordDonations, recordDisbursements).
 * Each transaction is signed and stored with its nonce *before* it is broadcast: after a crash
 * the stored transaction is broadcast again, and its nonce makes a second copy impossible.
 * pending → submitted → confirmed, or failed with the contract's reason.
 */
export function createSubmitter(options: SubmitterOptions): Submitter {
  const { pool, provider, signer, logger } = options;
  const abi = loadLedgerArtifact().abi;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let dirty = false;
  let lockClient: pg.PoolClient | undefined;
  let nextNonce = 0n;
  let sentThisCycle = 0;
  const from = signer.address;

  async function cycle(): Promise<boolean> {
    await settleSubmitted();
    const sent = sentThisCycle;
    const more = await submitPending();
    if (sentThisCycle > sent) {
      options.onBroadcast?.();
      // On an instant-mining chain the receipts are already there: settle now, not a poll later.
      await settleSubmitted();
    }
    return more;
  }

  async function settleSubmitted(): Promise<void> {
    const { rows } = await pool.query<Row>(
      `SELECT id, kind, solo, payload, tx_hash, raw_tx FROM outbox WHERE status = 'submitted' ORDER BY id LIMIT 5000`,
    );
    if (rows.length === 0) return;
    const head = BigInt(await provider.send("eth_blockNumber", []));
    for (const batch of groupByTransaction(rows)) {
      const first = batch[0]!;
      const receipt = await provider.send("eth_getTransactionReceipt", [first.tx_hash]);
      if (!receipt) {
        const known = await provider.send("eth_getTransactionByHash", [first.tx_hash]);
        if (!known) await broadcast(first);
        continue;
      }
      if (head - BigInt(receipt.blockNumber) < BigInt(options.confirmations)) continue;
      if (receipt.status === "0x1") {
        const ids = recordIdsFrom(receipt.logs);
        if (ids.length !== batch.length) throw new Error(`transaction ${first.tx_hash} recorded ${ids.length} records for ${batch.length} writes`);
        await pool.query(
          `UPDATE outbox o SET status = 'confirmed', record_id = r.record_id, settled_at = now()
           FROM unnest($1::bigint[], $2::numeric[]) AS r(id, record_id) WHERE o.id = r.id AND o.status = 'submitted'`,
          [batch.map((r) => r.id), ids.map(String)],
        );
      } else if (batch.length > 1) {
        // Nothing of a refused batch was recorded: send each write alone, so each gets its own answer.
        await pool.query(
          `UPDATE outbox SET status = 'pending', solo = true, nonce = NULL, raw_tx = NULL, tx_hash = NULL, submitted_at = NULL
           WHERE id = ANY($1::bigint[]) AND status = 'submitted'`,
          [batch.map((r) => r.id)],
        );
      } else {
        await markFailed(first.id, await replayForReason(first, BigInt(receipt.blockNumber)));
      }
    }
  }

  async function submitPending(): Promise<boolean> {
    const { rows } = await pool.query<Row>(
      `SELECT id, kind, solo, payload, tx_hash, raw_tx FROM outbox WHERE status = 'pending' ORDER BY id LIMIT $1`,
      [PICK],
    );
    if (rows.length === 0) return false;
    const fees = await currentFees();
    const chainId = (await provider.getNetwork()).chainId;
    for (const batch of planBatches(rows, MAX_BATCH)) {
      const data = encodeWriteBatch(abi, batch.map((r) => r.payload));
      let gas: bigint;
      try {
        // Against the pending state, so writes already sent but not yet mined count.
        gas = BigInt(await provider.send("eth_estimateGas", [{ from, to: options.ledgerAddress, data }, "pending"]));
      } catch (error) {
        const revertData = revertDataOf(error);
        if (revertData === undefined) throw error; // the node is away, not a refusal: retry later
        if (batch.length > 1) {
          // One write of the batch would be refused: find it by sending each alone.
          await pool.query(`UPDATE outbox SET solo = true WHERE id = ANY($1::bigint[])`, [batch.map((r) => r.id)]);
          return true;
        }
        await markFailed(batch[0]!.id, explainRevert(abi, revertData));
        continue;
      }
      const tx = Transaction.from({
        type: 2,
        chainId,
        nonce: Number(nextNonce),
        to: options.ledgerAddress,
        data,
        gasLimit: (gas * 12n) / 10n,
        maxFeePerGas: fees.maxFeePerGas ?? fees.gasPrice,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? 0n,
      });
      const signed = Transaction.from(await signer.signTransaction(tx));
      // Stored before it is broadcast: after a crash the same transaction goes out again.
      await pool.query(
        `UPDATE outbox SET status = 'submitted', nonce = $2, raw_tx = $3, tx_hash = $4, submitted_at = now() WHERE id = ANY($1::bigint[])`,
        [batch.map((r) => r.id), nextNonce.toString(), signed.serialized, signed.hash],
      );
      nextNonce++;
      await broadcast({ ...batch[0]!, raw_tx: signed.serialized, tx_hash: signed.hash });
      sentThisCycle++;
    }
    return rows.length === PICK;
  }

  // Fees move once per block at most; reading them for every cycle would cost three calls each time.
  let feeCache: { at: number; fees: Awaited<ReturnType<JsonRpcProvider["getFeeData"]>> } | undefined;
  async function currentFees() {
    if (!feeCache || Date.now() - feeCache.at > FEE_TTL_MS) feeCache = { at: Date.now(), fees: await provider.getFeeData() };
    return feeCache.fees;
  }

  async function broadcast(row: Row): Promise<void> {
    try {
      await provider.send("eth_sendRawTransaction", [row.raw_tx]);
    } catch (error) {
      const message = (error as Error).message ?? "";
      if (/already known|known transaction/i.test(message)) return;
      if (/nonce too low/i.test(message)) {
        // Our nonce went to another transaction, so this one can never be mined.
        const receipt = await provider.send("eth_getTransactionReceipt", [row.tx_hash]);
        if (!receipt) {
          await pool.query(`UPDATE outbox SET status = 'failed', error = $2, settled_at = now() WHERE tx_hash = $1 AND status = 'submitted'`, [
            row.tx_hash,
            JSON.stringify({ error: "NonceReused", args: {}, message: "Another transaction used this write's nonce." }),
          ]);
        }
        return;
      }
      logger.warn({ err: error, outboxId: row.id }, "broadcast failed; will retry");
    }
  }

  async function replayForReason(row: Row, block: bigint) {
    try {
      await provider.send("eth_call", [{ from, to: options.ledgerAddress, data: encodeWrite(abi, row.payload) }, "0x" + (block - 1n).toString(16)]);
      return explainRevert(abi, undefined);
    } catch (error) {
      return explainRevert(abi, revertDataOf(error));
    }
  }

  async function markFailed(id: string, refusal: object): Promise<void> {
    await pool.query(`UPDATE outbox SET status = 'failed', error = $2, settled_at = now() WHERE id = $1`, [id, JSON.stringify(refusal)]);
    logger.info({ outboxId: id, refusal }, "write refused by the ledger");
  }

  function recordIdsFrom(logs: { address: string; topics: string[]; data: string }[]): bigint[] {
    const ids: bigint[] = [];
    for (const log of logs) {
      if (log.address.toLowerCase() !== options.ledgerAddress.toLowerCase()) continue;
      const parsed = abi.parseLog(log);
      if (parsed?.name === "DonationRecorded" || parsed?.name === "DisbursementRecorded") ids.push(parsed.args.recordId as bigint);
    }
    return ids;
  }

  async function run(): Promise<void> {
    let delay = options.pollIntervalMs;
    while (running) {
      dirty = false;
      try {
        const more = await cycle();
        delay = options.pollIntervalMs;
        if (more || dirty) continue;
      } catch (error) {
        logger.warn({ err: error, retryInMs: delay }, "submitter cycle failed; retrying");
        delay = Math.min(delay * 2, 10_000);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  return {
    async start() {
      lockClient = await pool.connect();
      lockClient.on("error", (error) => logger.warn({ err: error }, "submitter lock connection lost"));
      const { rows } = await lockClient.query(`SELECT pg_try_advisory_lock($1) AS ok`, [SUBMITTER_LOCK]);
      if (!rows[0].ok) {
        lockClient.release();
        throw new Error("Another submitter is already sending this outbox to the chain.");
      }
      const onChain = BigInt(await provider.getTransactionCount(from, "pending"));
      // Confirmed writes whose nonce the chain has not used any more were dropped with their
      // blocks (a reorganisation, a rebuilt local chain): send the same signed transactions again.
      const lost = await pool.query(
        `UPDATE outbox SET status = 'submitted', record_id = NULL, settled_at = NULL WHERE status = 'confirmed' AND nonce >= $1`,
        [onChain.toString()],
      );
      if (lost.rowCount) logger.warn({ writes: lost.rowCount }, "confirmed writes are no longer on the chain; sending them again");
      const stored = await pool.query(`SELECT max(nonce) AS n FROM outbox WHERE nonce IS NOT NULL`);
      const afterStored = stored.rows[0].n === null ? 0n : BigInt(stored.rows[0].n) + 1n;
      nextNonce = onChain > afterStored ? onChain : afterStored;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      if (lockClient) {
        await lockClient.query(`SELECT pg_advisory_unlock($1)`, [SUBMITTER_LOCK]).catch(() => {});
        lockClient.release();
      }
    },
    notify() {
      dirty = true;
      wake?.();
    },
  };
}

/** The revert data inside an ethers/JSON-RPC error, or undefined when the error is not a revert. */
function revertDataOf(error: unknown): string | undefined {
  const e = error as { data?: unknown; info?: { error?: { data?: unknown; message?: string } }; error?: { data?: unknown } };
  const candidates = [e?.data, e?.info?.error?.data, e?.error?.data];
  for (const c of candidates) {
    if (typeof c === "string" && c.startsWith("0x")) return c;
    if (c && typeof c === "object" && typeof (c as { data?: unknown }).data === "string") return (c as { data: string }).data;
  }
  const message = e?.info?.error?.message ?? (error as Error)?.message ?? "";
  if (/revert/i.test(message)) return "0x";
  return undefined;
}
