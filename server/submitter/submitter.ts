import { isError, keccak256, Transaction, type JsonRpcProvider, type Wallet } from "ethers";
import type pg from "pg";
import type { Logger } from "pino";
import { explainRevert, type ContractRefusal } from "../chain/explain-revert.ts";
import { loadArtifact, loadLedgerArtifact, loadWriteAbis } from "../chain/ledger-artifact.ts";
import { createAdvisoryLock } from "../db/advisory-lock.ts";
import {
  confirmedSenders,
  highestNonceInFlight,
  markSolo,
  moveOutbox,
  readOutbox,
  reopenConfirmed,
  replaceTransaction,
  type OutboxRow as StoredRow,
  type OutboxStatus,
} from "../db/outbox.ts";
import { revertDataOf } from "../chain/revert-data.ts";
import { batches, encodeWrites, writeKind, type WritePayload } from "../domain/writes/registry.ts";
import { forwardedCall, type RelayPayload } from "../domain/writes/relay.ts";
import { planBatches } from "./plan-batches.ts";

type OutboxRow = StoredRow<WritePayload>;

export interface SubmitterOptions {
  pool: pg.Pool;
  provider: JsonRpcProvider;
  /** The key each organisation's writes are signed with (its own operator key, held by the server). */
  signerFor(orgId: bigint): Promise<Wallet | undefined>;
  /** Sends the requests organisations signed themselves, through the ledger's forwarder; it can write nothing alone. */
  relayer?: Wallet;
  /** Sends auditors' writes (confirmations by a regulator's client); absent, those fail with the reason. */
  auditor?: Wallet;
  forwarderAddress?: string;
  ledgerAddress: string;
  confirmations: number;
  pollIntervalMs: number;
  /** A transaction not mined after this long is replaced at its nonce with a higher fee. */
  stuckAfterMs: number;
  logger: Logger;
  /** Called after transactions went out, so the indexer can look for them at once. */
  onBroadcast?: () => void;
  /** Why nothing may be sent now (the local chain's journal cannot be written), or undefined. */
  holdReason?: () => string | undefined;
}

export interface SubmitterStatus {
  running: boolean;
  /** False while another connection holds the submitter lock or the lock's connection was lost. */
  lockHeld: boolean;
  /** Why nothing is being sent, while something holds it. */
  held?: string;
}

export interface Submitter {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Called when the API accepted a write, so it goes out now rather than at the next poll. */
  notify(): void;
  /** Called after a reorganisation removed the blocks above `ancestor`: writes confirmed there are checked again. */
  recheckAbove(ancestor: bigint): void;
  /** Called after the chain node was restarted: confirmed writes whose nonce it no longer has are sent again. */
  recheckLostWrites(): void;
  status(): SubmitterStatus;
}


/**
 * Writes read per cycle, and at most per transaction: 200 donations are about 1,000,000 gas and
 * 30 KB of call data, far inside a block's gas limit and a node's transaction size limit, and each
 * transaction costs the submitter about four calls to the node whatever its size.
 */
const SUBMITTER_LOCK = 7261000002;
const PICK = 500;
const MAX_BATCH = 200;
const FEE_TTL_MS = 2_000;
/** The shortest time between cycles while writes keep arriving: about 50 donations at 1,000 a second. */
const GATHER_MS = 50;
/** A replacement must pay at least 10% more; a quarter more clears every client's rule. */
const FEE_BUMP_PERCENT = 125n;

/** A broadcast the node refused for a reason that retrying the same bytes will not fix. */
class NonceLost extends Error {}

/**
 * Sends outbox entries to the chain exactly once, each organisation's writes from its own key on
 * its own nonce lane, in the order the API accepted them, with consecutive writes of one kind in one
 * transaction (recordDonations, recordDisbursements). Each transaction is signed and stored with
 * its nonce *before* it is broadcast: after a crash the stored transaction is broadcast again, and
 * its nonce makes a second copy impossible. Every status change is guarded by the status it leaves:
 * pending → submitted → confirmed, or failed with the contract's reason.
 */
export function createSubmitter(options: SubmitterOptions): Submitter {
  const { pool, provider, logger } = options;
  const abi = loadLedgerArtifact().abi;
  const abis = loadWriteAbis();
  const forwarderAbi = loadArtifact("LedgerForwarder").abi;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let dirty = false;
  const lock = createAdvisoryLock(pool, SUBMITTER_LOCK, (error) => {
    // Without the lock another submitter may start sending: stop at once, take it again later.
    lockHeld = false;
    logger.error({ err: error }, "submitter lost its lock connection; sending stops until it holds the lock again");
  });
  let lockHeld = false;
  /** The next nonce of each sending key, or undefined when it must be read from the chain again. */
  const lanes = new Map<string, bigint | undefined>();
  let sentThisCycle = 0;
  let recheckFrom: bigint | undefined;
  let recheckLost = false;

  async function cycle(): Promise<boolean> {
    if (!lockHeld && !(await acquireLock())) return false;
    // A node restarting, or a block its journal cannot keep (lost at the next restart): nothing is
    // sent, and nothing is settled as on-chain, meanwhile.
    if (options.holdReason?.()) return false;
    if (recheckLost) {
      recheckLost = false;
      lanes.clear();
      await requeueLostWrites().catch((error) => {
        recheckLost = true;
        throw error;
      });
    }
    if (recheckFrom !== undefined) {
      const ancestor = recheckFrom;
      recheckFrom = undefined;
      await reopenAbove(ancestor);
    }
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

  // ------------------------------------------------------------------ settling what was sent

  async function settleSubmitted(): Promise<void> {
    const rows = await readOutbox<WritePayload>(pool, "submitted", 5000);
    if (rows.length === 0) return;
    const head = BigInt(await provider.send("eth_blockNumber", []));
    const minedNonces = new Map<string, bigint>();
    for (const batch of groupByTransaction(rows)) {
      if (!lockHeld) return;
      const first = batch[0]!;
      const ids = batch.map((r) => r.id);
      let receipt = await findReceipt(first);
      if (!receipt) {
        // Read the sender's mined nonce first, then look for receipts again: a transaction mined in
        // between is then seen, and is never mistaken for one whose nonce went to another.
        const sender = first.sender!;
        if (!minedNonces.has(sender)) minedNonces.set(sender, BigInt(await provider.getTransactionCount(sender, "latest")));
        receipt = await findReceipt(first);
        if (!receipt) {
          if (minedNonces.get(sender)! > BigInt(first.nonce!)) {
            // Another transaction from this key used the nonce, so none of ours can ever be mined:
            // nothing of these writes is on the chain, and they go out again with a fresh nonce.
            lanes.set(sender, undefined);
            const reset = await transition(ids, "submitted", "pending", `solo = solo, sender = NULL, nonce = NULL, raw_tx = NULL, tx_hash = NULL, tx_hashes = '{}', submitted_at = NULL`);
            if (reset) logger.warn({ sender, nonce: first.nonce, writes: ids.length }, "nonce taken by another transaction; sending these writes again");
          } else if (Date.now() - first.submitted_at!.getTime() > options.stuckAfterMs) {
            await replaceWithHigherFee(first);
          } else if (!(await provider.send("eth_getTransactionByHash", [first.tx_hash]))) {
            await broadcast(first).catch((error) => logger.warn({ err: error, outboxId: first.id }, "re-broadcast failed; will retry"));
          }
          continue;
        }
      }
      if (head - BigInt(receipt.blockNumber) < BigInt(options.confirmations)) continue;
      if (receipt.status === "0x1") {
        await transition(ids, "submitted", "confirmed", `tx_hash = $3, block_number = $4, settled_at = now()`, [
          receipt.transactionHash,
          BigInt(receipt.blockNumber).toString(),
        ]);
      } else if (batch.length > 1) {
        // Nothing of a refused batch was recorded: send each write alone, so each gets its own answer.
        await transition(ids, "submitted", "pending", `solo = true, sender = NULL, nonce = NULL, raw_tx = NULL, tx_hash = NULL, tx_hashes = '{}', submitted_at = NULL`);
      } else {
        await markFailed(first.id, "submitted", await replayForReason(first, BigInt(receipt.blockNumber)));
      }
    }
  }

  async function findReceipt(row: OutboxRow): Promise<{ blockNumber: string; status: string; transactionHash: string } | null> {
    // Newest first: after a fee bump the replacement is the likely one to be mined.
    for (const hash of [...row.tx_hashes].reverse()) {
      const receipt = await provider.send("eth_getTransactionReceipt", [hash]);
      if (receipt) return receipt;
    }
    return null;
  }

  async function replaceWithHigherFee(row: OutboxRow): Promise<void> {
    const signer = await laneSigner(row);
    if (!signer || signer.address.toLowerCase() !== row.sender) return;
    const old = Transaction.from(row.raw_tx!);
    const fees = await currentFees();
    const bumped = (value: bigint | null, current: bigint | null | undefined) => {
      const raised = ((value ?? 0n) * FEE_BUMP_PERCENT) / 100n + 1n;
      return current && current > raised ? current : raised;
    };
    const tx = Transaction.from({
      type: 2,
      chainId: old.chainId,
      nonce: old.nonce,
      to: old.to,
      data: old.data,
      gasLimit: old.gasLimit,
      maxFeePerGas: bumped(old.maxFeePerGas, fees.maxFeePerGas ?? fees.gasPrice),
      maxPriorityFeePerGas: bumped(old.maxPriorityFeePerGas, fees.maxPriorityFeePerGas),
    });
    const signed = await signTransaction(signer, tx);
    if (!(await replaceTransaction(pool, row.tx_hash!, signed.serialized, signed.hash))) return;
    logger.warn({ nonce: old.nonce, sender: row.sender, replaced: row.tx_hash, by: signed.hash, maxFeePerGas: String(tx.maxFeePerGas) }, "transaction stuck; replaced with a higher fee");
    await broadcast({ ...row, raw_tx: signed.serialized, tx_hash: signed.hash }).catch((error) =>
      logger.warn({ err: error, outboxId: row.id }, "broadcast of the replacement failed; will retry"),
    );
  }

  // ------------------------------------------------------------------ sending what was accepted

  async function submitPending(): Promise<boolean> {
    const rows = await readOutbox<WritePayload>(pool, "pending", PICK);
    if (rows.length === 0) return false;
    // One lane per sending key: each organisation's own key, and the relayer for signed requests.
    const lanesNow = new Map<string, { signer: Wallet; rows: OutboxRow[] }>();
    // One look per organisation and cycle, not per write: a rotated key is seen at the next cycle.
    const signers = new Map<string, Promise<Wallet | undefined>>();
    for (const row of rows) {
      const signerKey = `${writeKind(row.kind).signer(row.payload)} ${row.organisation_id}`;
      if (!signers.has(signerKey)) signers.set(signerKey, laneSigner(row));
      const signer = await signers.get(signerKey)!;
      if (!signer) {
        await markFailed(row.id, "pending", noSigner(row));
        continue;
      }
      const lane = lanesNow.get(signer.address) ?? { signer, rows: [] };
      lane.rows.push(row);
      lanesNow.set(signer.address, lane);
    }
    let more = rows.length === PICK;
    for (const { signer, rows: laneRows } of lanesNow.values()) {
      if (!lockHeld) return false;
      if (await sendLane(signer, laneRows)) more = true;
    }
    return more;
  }

  async function laneSigner(row: OutboxRow): Promise<Wallet | undefined> {
    switch (writeKind(row.kind).signer(row.payload)) {
      case "relayer":
        return options.relayer;
      case "auditor":
        return options.auditor;
      case "organisation":
        return options.signerFor(BigInt(row.organisation_id));
    }
  }

  function noSigner(row: OutboxRow): ContractRefusal {
    switch (writeKind(row.kind).signer(row.payload)) {
      case "relayer":
        return { error: "NoRelayer", args: {}, message: "This server has no relayer key to send signed requests with." };
      case "auditor":
        return { error: "NoAuditorKey", args: {}, message: "This server has no auditor key to sign auditors' writes with (AUDITOR_PRIVATE_KEY)." };
      case "organisation":
        return { error: "NoSigningKey", args: { orgId: row.organisation_id }, message: `Organisation ${row.organisation_id} has no key on this server to sign its writes with.` };
    }
  }

  /** Sends one organisation's pending writes in order from its key; true when some must be retried at once. */
  async function sendLane(signer: Wallet, rows: OutboxRow[]): Promise<boolean> {
    const from = signer.address.toLowerCase();
    const fees = await currentFees();
    const chainId = (await provider.getNetwork()).chainId;
    for (const batch of planBatches(rows, MAX_BATCH, batches)) {
      const call = encodeWrites(abis, batch.map((r) => r.payload));
      const { data } = call;
      const to = call.to === "forwarder" ? options.forwarderAddress! : options.ledgerAddress;
      let gas: bigint;
      try {
        // Against the pending state, so writes already sent but not yet mined count.
        gas = BigInt(await provider.send("eth_estimateGas", [{ from, to, data }, "pending"]));
      } catch (error) {
        const revertData = revertDataOf(error);
        if (revertData === undefined) throw error; // the node is away, not a refusal: retry later
        if (batch.length > 1) {
          // One write of the batch would be refused: find it by sending each alone.
          await markSolo(pool, batch.map((r) => r.id));
          return true;
        }
        await markFailed(batch[0]!.id, "pending", batch[0]!.kind === "relay" ? await relayRefusal(batch[0]!, "pending") : explainRevert(abi, revertData));
        continue;
      }
      const nonce = await laneNonce(from);
      const tx = Transaction.from({
        type: 2,
        chainId,
        nonce: Number(nonce),
        to,
        data,
        gasLimit: (gas * 12n) / 10n,
        maxFeePerGas: fees.maxFeePerGas ?? fees.gasPrice,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? 0n,
      });
      const signed = await signTransaction(signer, tx);
      // Stored before it is broadcast: after a crash the same transaction goes out again.
      const stored = await transition(
        batch.map((r) => r.id),
        "pending",
        "submitted",
        // The signed bytes are kept once, on the batch's first write (the one settling reads them from):
        // a copy on each of 200 writes was 6 MB written and read again per transaction.
        `sender = $3, nonce = $4, raw_tx = CASE WHEN id = (SELECT min(w) FROM unnest($1::bigint[]) AS w) THEN $5 END,
         tx_hash = $6, tx_hashes = ARRAY[$6::text], submitted_at = now()`,
        [from, nonce.toString(), signed.serialized, signed.hash],
      );
      if (!stored) throw new Error("outbox entries changed under the submitter; another submitter may be running");
      lanes.set(from, nonce + 1n);
      try {
        await broadcast({ ...batch[0]!, sender: from, raw_tx: signed.serialized, tx_hash: signed.hash });
      } catch (error) {
        // The write is stored; settling re-broadcasts it or notices that its nonce went elsewhere.
        lanes.set(from, undefined);
        logger.warn({ err: error, outboxId: batch[0]!.id, sender: from }, "broadcast failed; nonce will be read again");
        return false;
      }
      sentThisCycle++;
    }
    return false;
  }

  /** The lane's next nonce: read from the chain on first use and after any failed send. */
  async function laneNonce(sender: string): Promise<bigint> {
    const known = lanes.get(sender);
    if (known !== undefined) return known;
    const onChain = BigInt(await provider.getTransactionCount(sender, "pending"));
    const stored = await highestNonceInFlight(pool, sender);
    const afterStored = stored === undefined ? 0n : stored + 1n;
    const next = onChain > afterStored ? onChain : afterStored;
    lanes.set(sender, next);
    return next;
  }

  // Fees move once per block at most; reading them for every cycle would cost three calls each time.
  let feeCache: { at: number; fees: Awaited<ReturnType<JsonRpcProvider["getFeeData"]>> } | undefined;
  async function currentFees() {
    if (!feeCache || Date.now() - feeCache.at > FEE_TTL_MS) feeCache = { at: Date.now(), fees: await provider.getFeeData() };
    return feeCache.fees;
  }

  async function broadcast(row: Pick<OutboxRow, "raw_tx" | "sender" | "tx_hash">): Promise<void> {
    try {
      await provider.send("eth_sendRawTransaction", [row.raw_tx]);
    } catch (error) {
      // ethers turns each node's wording into one code; "already known" has none, and every node
      // says it in its own words (geth, Hardhat, anvil, Besu), so those are matched as a last resort.
      if (isError(error, "NONCE_EXPIRED")) throw new NonceLost((error as Error).message);
      // A transaction at this nonce is already in the pool: settling finds out which one is mined.
      if (isError(error, "REPLACEMENT_UNDERPRICED")) return;
      if (/already known|known transaction|already imported|already in (the )?(pool|mempool)/i.test(JSON.stringify(error))) return;
      throw error;
    }
  }

  async function replayForReason(row: OutboxRow, block: bigint): Promise<ContractRefusal> {
    if (row.kind === "relay") return relayRefusal(row, "0x" + (block - 1n).toString(16));
    try {
      await provider.send("eth_call", [{ from: row.sender, to: options.ledgerAddress, data: writeKind(row.kind).encode(abis, row.payload).data }, "0x" + (block - 1n).toString(16)]);
      return explainRevert(abi, undefined);
    } catch (error) {
      return explainRevert(abi, revertDataOf(error));
    }
  }

  /**
   * Why a relayed request was refused: the forwarder's own reason (signature, nonce, deadline), or
   * else the ledger's, found by making the forwarded call as the forwarder makes it (the forwarder
   * itself only reports that the call failed).
   */
  async function relayRefusal(row: OutboxRow, blockTag: string): Promise<ContractRefusal> {
    const request = (row.payload as RelayPayload).request;
    try {
      await provider.send("eth_call", [{ from: row.sender ?? options.relayer?.address, to: options.forwarderAddress, data: writeKind(row.kind).encode(abis, row.payload).data }, blockTag]);
    } catch (error) {
      const refusal = explainRevert(forwarderAbi, revertDataOf(error));
      if (refusal.error.startsWith("ERC2771")) return refusal;
    }
    try {
      await provider.send("eth_call", [{ from: options.forwarderAddress, to: options.ledgerAddress, data: forwardedCall(request), gas: "0x" + BigInt(request.gas).toString(16) }, blockTag]);
      return explainRevert(abi, undefined);
    } catch (error) {
      return explainRevert(abi, revertDataOf(error));
    }
  }

  function transition(ids: string[], from: OutboxStatus, to: OutboxStatus, set: string, params: unknown[] = []): Promise<boolean> {
    return moveOutbox(pool, logger, { ids, from, to, set, params });
  }

  async function markFailed(id: string, from: "pending" | "submitted", refusal: ContractRefusal): Promise<void> {
    if (await transition([id], from, "failed", `error = $3, settled_at = now()`, [JSON.stringify(refusal)])) {
      logger.info({ outboxId: id, refusal }, "write refused by the ledger");
    }
  }

  // ------------------------------------------------------------------ one submitter at a time

  async function acquireLock(): Promise<boolean> {
    lockHeld = await lock.acquire();
    // Lanes may have moved while another submitter held the lock.
    if (lockHeld) lanes.clear();
    return lockHeld;
  }

  async function requeueLostWrites(): Promise<void> {
    // Confirmed writes whose nonce the chain has not used any more were dropped with their blocks
    // (a reorganisation, a rebuilt local chain): send the same signed transactions again.
    for (const sender of await confirmedSenders(pool)) {
      const mined = BigInt(await provider.getTransactionCount(sender, "latest"));
      const lost = await reopenConfirmed(pool, { sender, fromNonce: mined });
      if (lost) logger.warn({ sender, writes: lost }, "confirmed writes are no longer on the chain; sending them again");
    }
  }

  /**
   * Writes confirmed in blocks a reorganisation removed are "submitted" again: settling then finds
   * their transaction mined on the new branch, or broadcasts it again (same bytes, same nonce, so
   * never twice).
   */
  async function reopenAbove(ancestor: bigint): Promise<void> {
    const rowCount = await reopenConfirmed(pool, { aboveBlock: ancestor });
    if (rowCount) logger.warn({ ancestor: String(ancestor), writes: rowCount }, "a reorganisation removed confirmed writes; checking them again");
  }

  async function run(): Promise<void> {
    let delay = options.pollIntervalMs;
    while (running) {
      dirty = false;
      try {
        const started = performance.now();
        const more = await cycle();
        delay = options.pollIntervalMs;
        if (more) continue;
        if (dirty) {
          // Writes arrived while this cycle ran: a steady stream is gathered for a moment and goes
          // out in full batches, not a small transaction per cycle. A lone write goes at once.
          const gather = GATHER_MS - (performance.now() - started);
          if (gather > 0) await new Promise((r) => setTimeout(r, gather));
          continue;
        }
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
      if (!(await acquireLock())) throw new Error("Another submitter is already sending this outbox to the chain.");
      await requeueLostWrites();
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await lock.release();
      lockHeld = false;
    },
    notify() {
      dirty = true;
      wake?.();
    },
    recheckLostWrites() {
      recheckLost = true;
      dirty = true;
      wake?.();
    },
    recheckAbove(ancestor) {
      recheckFrom = recheckFrom === undefined || ancestor < recheckFrom ? ancestor : recheckFrom;
      dirty = true;
      wake?.();
    },
    status: () => {
      const held = options.holdReason?.();
      return { running, lockHeld, ...(held ? { held } : {}) };
    },
  };
}

/**
 * The signed bytes and their hash. ethers re-serialises a transaction for every getter it is
 * asked, which for a batch's 30 KB of call data was most of the submitter's own time.
 */
async function signTransaction(signer: Wallet, tx: Transaction): Promise<{ serialized: string; hash: string }> {
  const serialized = await signer.signTransaction(tx);
  return { serialized, hash: keccak256(serialized) };
}

function groupByTransaction(rows: OutboxRow[]): OutboxRow[][] {
  const byHash = new Map<string, OutboxRow[]>();
  for (const row of rows) byHash.set(row.tx_hash!, [...(byHash.get(row.tx_hash!) ?? []), row]);
  return [...byHash.values()];
}
