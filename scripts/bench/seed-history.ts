import { randomBytes } from "node:crypto";
import { encodeBytes32String, keccak256, Transaction, Wallet, ZeroAddress, type Interface } from "ethers";
import { donorCommitment } from "../../server/domain/commitments.ts";
import { generateTrackingCode } from "../../server/domain/tracking-code.ts";

/** How big a history to write; every count is a total over the round. */
export interface HistoryShape {
  organisations: number;
  campaignsPerOrganisation: number;
  donations: number;
  grants: number;
  disbursements: number;
  refunds: number;
  confirmations: number;
  /** Donations given a real tracking code (spread evenly); the others get a random commitment. */
  codes: number;
  /**
   * Periods of chain time the history is spread over (1 when not given): each holds an equal share
   * of every kind of record, in the order of a sector's quarter (gifts, refunds, grants on, payouts),
   * and the chain's clock moves on by `periodDays` (91 when not given) over each.
   */
  periods?: number;
  periodDays?: number;
}

export interface SeedKeys {
  registrar: string;
  funder: string;
  auditor: string;
}

/** The counters of the ledger before the round: ids are assigned in sending order from them. */
export interface Counters {
  organisations: number;
  campaigns: number;
  records: number;
}

export interface SeededHistory {
  codes: string[];
  /** A sample of the disbursements' record ids, to ask for their sources. */
  disbursements: string[];
  transactions: number;
  counters: Counters;
}

type Rpc = { send(method: string, params: unknown[]): Promise<any>; batch(calls: [string, unknown[]][]): Promise<any[]> };

interface Lane {
  wallet: Wallet;
  nonce: number;
}

interface Campaign {
  id: bigint;
  org: number;
  /** A fund receives grants only, so the lots it passes on came from other organisations. */
  fund: boolean;
  balance: bigint;
}

const BATCH = 100;
const SEND_CHUNK = 200;
const MAX_BATCH_BYTES = 1_000_000;

/**
 * Writes a history like a sector's: organisations with campaigns, donations in batches of 100,
 * a few refunds, grants from donation campaigns to other organisations' funds and on from those
 * funds to a third organisation's (all acknowledged), disbursements in batches of 100, and some
 * confirmations by the auditor. Transactions are signed here and sent in JSON-RPC batches in nonce
 * order, each sender's in sequence; every id is assigned in sending order from `counters` (the
 * ledger numbers organisations, campaigns and records from one counter each), and the caller
 * checks the ledger's counters afterwards. Amounts keep every campaign's balance positive, so
 * nothing reverts. Random choices come from `seed`, so a round is the same every time. Over
 * several periods the chain's clock is moved on (`evm_increaseTime`, which the Hardhat node and
 * anvil both know) between the phases of each, so a quarter of the history is a quarter of time.
 */
export async function seedHistory(options: { rpc: Rpc; abi: Interface; ledgerAddress: string; keys: SeedKeys; shape: HistoryShape; counters: Counters; seed: number; label: string; onProgress?: (done: string) => void }): Promise<SeededHistory> {
  const { rpc, abi, shape } = options;
  const random = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const chainId = BigInt(await rpc.send("eth_chainId", []));
  const fee = BigInt(await rpc.send("eth_gasPrice", [])) * 4n;
  const counters = { ...options.counters };
  let transactions = 0;

  const lane = async (key: string): Promise<Lane> => {
    const wallet = new Wallet(key);
    return { wallet, nonce: Number(BigInt(await rpc.send("eth_getTransactionCount", [wallet.address, "pending"]))) };
  };
  const [registrar, funder, auditor] = [await lane(options.keys.registrar), await lane(options.keys.funder), await lane(options.keys.auditor)];

  // Signing costs about as much as mining: the next chunk is signed while the node mines the last.
  let queue: Promise<string>[] = [];
  let queuedBytes = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    const signed = await Promise.all(queue);
    queue = [];
    queuedBytes = 0;
    await inFlight;
    if (signed.length) inFlight = sendSigned(rpc, signed);
  };
  const send = async (from: Lane, data: string, gasLimit: bigint, value = 0n, to = options.ledgerAddress) => {
    const tx = Transaction.from({ type: 2, chainId, nonce: from.nonce++, to, data, value, gasLimit, maxFeePerGas: fee, maxPriorityFeePerGas: 0n });
    queue.push(from.wallet.signTransaction(tx));
    queuedBytes += data.length;
    transactions++;
    // The node drops a request body of several megabytes (EPIPE): a batch of 100-donation calls is cut short.
    if (queue.length >= SEND_CHUNK || queuedBytes >= MAX_BATCH_BYTES) await flush();
  };
  const done = async (what: string) => {
    await flush();
    await inFlight;
    options.onProgress?.(what);
  };

  // Organisations, each with a key of its own (funded for gas) and its campaigns.
  const orgs: { lane: Lane; id: bigint }[] = [];
  for (let i = 0; i < shape.organisations; i++) {
    const wallet = Wallet.createRandom();
    const org = { lane: { wallet: new Wallet(wallet.privateKey), nonce: 0 }, id: BigInt(++counters.organisations) };
    orgs.push(org);
    await send(funder, "0x", 21_000n, 10n ** 19n, wallet.address);
    await send(registrar, abi.encodeFunctionData("registerOrganisation", [i % 4, encodeBytes32String(registrationNumber(options.label, i)), `Bench organisation ${options.label}-${i}`]), 400_000n);
    await send(registrar, abi.encodeFunctionData("addOperator", [org.id, wallet.address]), 200_000n);
  }
  await done("organisations");
  const campaigns: Campaign[] = [];
  const cny = "0x" + Buffer.from("CNY", "latin1").toString("hex");
  for (const [o, org] of orgs.entries()) {
    for (let k = 0; k < shape.campaignsPerOrganisation; k++) {
      // The last two campaigns of each organisation are funds: they receive grants, never gifts.
      campaigns.push({ id: BigInt(++counters.campaigns), org: o, fund: k >= shape.campaignsPerOrganisation - 2, balance: 0n });
      await send(org.lane, abi.encodeFunctionData("openCampaign", [org.id, 0, cny, ZeroAddress, 0n, `Bench campaign ${options.label}-${o}-${k}`]), 400_000n);
    }
  }
  await done("campaigns");

  const codes: string[] = [];
  const disbursed: bigint[] = [];
  const periods = Math.max(1, shape.periods ?? 1);
  const dayShare = (shape.periodDays ?? 91) / 4;
  // The share of a total that period p holds: the totals come out exact.
  const share = (total: number, p: number) => Math.floor((total * (p + 1)) / periods) - Math.floor((total * p) / periods);
  const later = async (days: number) => {
    if (periods > 1) await rpc.send("evm_increaseTime", [Math.round(days * 86_400)]);
  };
  const codeEvery = Math.max(1, Math.floor(shape.donations / Math.max(1, shape.codes)));
  let given = 0;
  const givingByOrg = orgs.map((_, o) => campaigns.filter((c) => c.org === o && !c.fund));
  const byOrg = orgs.map((_, o) => campaigns.filter((c) => c.org === o));
  const funds = campaigns.filter((c) => c.fund);
  const grantRound = async (count: number, from: Campaign[], portion: () => number) => {
    const made: { id: bigint; to: Campaign; amount: bigint }[] = [];
    for (let i = 0; i < count; i++) {
      const source = pick(from);
      const targets = funds.filter((f) => f.org !== source.org);
      const target = pick(targets);
      const amount = (source.balance * BigInt(Math.floor(portion() * 10_000))) / 10_000n;
      if (amount <= 0n) continue;
      source.balance -= amount;
      made.push({ id: BigInt(++counters.records), to: target, amount });
      await send(orgs[source.org]!.lane, abi.encodeFunctionData("makeGrant", [source.id, target.id, amount, "0x" + "00".repeat(32)]), 300_000n);
    }
    for (const grant of made) {
      grant.to.balance += grant.amount;
      counters.records++;
      await send(orgs[grant.to.org]!.lane, abi.encodeFunctionData("acknowledgeGrant", [grant.id]), 200_000n);
    }
  };
  const unconfirmed: bigint[] = [];
  for (let p = 0; p < periods; p++) {
    const of = periods > 1 ? ` (period ${p + 1} of ${periods})` : "";

    // Donations, in batches of 100 per organisation over its donation campaigns.
    const donations: { id: bigint; org: number; campaign: Campaign; amount: bigint }[] = [];
    const count = share(shape.donations, p);
    const perOrg = Math.ceil(count / orgs.length);
    let givenNow = 0;
    for (const [o, org] of orgs.entries()) {
      for (let start = 0; start < perOrg && givenNow < count; start += BATCH) {
        const items = [];
        for (let k = 0; k < BATCH && start + k < perOrg && givenNow < count; k++, givenNow++, given++) {
          const campaign = pick(givingByOrg[o]!);
          const amount = BigInt(100 + Math.floor(random() * 99_900));
          let commitment = "0x" + randomBytes(32).toString("hex");
          if (given % codeEvery === 0 && codes.length < shape.codes) {
            const code = generateTrackingCode();
            codes.push(code);
            commitment = donorCommitment(code);
          }
          items.push({ campaignId: campaign.id, amount, channel: Math.floor(random() * 4), donorCommitment: commitment });
          campaign.balance += amount;
          if (donations.length < 200_000 || random() < 0.01) donations.push({ id: BigInt(counters.records + items.length), org: o, campaign, amount });
        }
        counters.records += items.length;
        await send(org.lane, abi.encodeFunctionData("recordDonations", [items]), 5_000_000n);
      }
    }
    await done(`donations${of}`);
    await later(dayShare);

    // Refunds of half of a gift of this period, before anything else leaves its campaign: its own money is still there.
    for (let i = 0; i < share(shape.refunds, p) && donations.length; i++) {
      const gift = donations.splice(Math.floor(random() * donations.length), 1)[0]!;
      const amount = gift.amount / 2n;
      gift.campaign.balance -= amount;
      counters.records++;
      await send(orgs[gift.org]!.lane, abi.encodeFunctionData("refundDonation", [gift.id, gift.campaign.id, amount, "0x" + "00".repeat(32)]), 200_000n);
    }
    await done(`refunds${of}`);

    // Grants in two rounds: gifts' money to another organisation's fund, then on to a third's.
    const grants = share(shape.grants, p);
    const firstRound = Math.round(grants * 0.6);
    await grantRound(firstRound, campaigns.filter((c) => !c.fund), () => 0.01 + random() * 0.03);
    await done(`grants to partners${of}`);
    await later(dayShare);
    await grantRound(grants - firstRound, funds, () => 0.03 + random() * 0.05);
    await done(`grants onward${of}`);
    await later(dayShare);

    // Disbursements in batches of 100 per organisation, each a small share of what its campaign holds.
    const payouts = share(shape.disbursements, p);
    const perOrgOut = Math.ceil(payouts / orgs.length);
    let paid = 0;
    for (const [o, org] of orgs.entries()) {
      for (let start = 0; start < perOrgOut && paid < payouts; start += BATCH) {
        const items = [];
        for (let k = 0; k < BATCH && start + k < perOrgOut && paid < payouts; k++, paid++) {
          const campaign = pick(byOrg[o]!);
          const amount = (campaign.balance * BigInt(100 + Math.floor(random() * 100))) / 10_000n;
          if (amount <= 0n) continue;
          campaign.balance -= amount;
          items.push({
            campaignId: campaign.id,
            recipientCommitment: "0x" + randomBytes(32).toString("hex"),
            amount,
            purpose: random() < 0.8 ? 0 : random() < 0.5 ? 1 : 2,
            evidenceHash: "0x" + randomBytes(32).toString("hex"),
            payee: ZeroAddress,
            confirmer: ZeroAddress,
          });
          disbursed.push(BigInt(counters.records + items.length));
          unconfirmed.push(BigInt(counters.records + items.length));
        }
        if (!items.length) continue;
        counters.records += items.length;
        await send(org.lane, abi.encodeFunctionData("recordDisbursements", [items]), 5_000_000n);
      }
    }
    await done(`disbursements${of}`);
    // Each payout is confirmed at most once (the ledger refuses a second confirmation).
    for (let i = 0; i < share(shape.confirmations, p) && unconfirmed.length; i++) {
      const [id] = unconfirmed.splice(Math.floor(random() * unconfirmed.length), 1);
      await send(auditor, abi.encodeFunctionData("confirmDisbursement", [id]), 150_000n);
    }
    await done(`confirmations${of}`);
    await later(dayShare);
  }

  const sample = Array.from({ length: Math.min(1_000, disbursed.length) }, () => pick(disbursed).toString());
  return { codes, disbursements: sample, transactions, counters };
}

/**
 * Sends signed transactions in one JSON-RPC batch. The node now and then drops the connection of a
 * large batch (EPIPE); the node handles a batch in order, so the transactions it does not know
 * yet are sent again, in the same order.
 */
async function sendSigned(rpc: Rpc, signed: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rpc.batch(signed.map((raw) => ["eth_sendRawTransaction", [raw]]));
      return;
    } catch (error) {
      if (attempt >= 5 || !(error instanceof TypeError)) throw error; // fetch's own failure, not the node's answer
      await new Promise((r) => setTimeout(r, 200 * attempt));
      const known = await rpc.batch(signed.map((raw) => ["eth_getTransactionByHash", [keccak256(raw)]]));
      signed = signed.filter((_, i) => known[i] === null);
      if (signed.length === 0) return;
    }
  }
}

/** A small seeded generator (mulberry32): the same history every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A number of the form of a unified social credit code (18 characters, as IATI's CN-USCI prefix
 * expects), unique per round and organisation: "53100000" (a social organisation in Beijing), a
 * digit per round label, the organisation's index.
 */
function registrationNumber(label: string, i: number): string {
  const round = [...label].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 10;
  return `53100000${round}${String(i).padStart(9, "0")}`;
}
