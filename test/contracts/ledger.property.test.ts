import { expect } from "chai";
import type { Contract, ContractTransactionResponse } from "ethers";
import fc from "fast-check";
import {
  Asset,
  AUDITOR_ROLE,
  bytes3,
  DEFAULT_ADMIN_ROLE,
  ethers,
  GrantState,
  Kind,
  loadFixture,
  MAX_UINT128,
  OPERATOR_ROLE,
  REGISTRAR_ROLE,
  type Signer,
} from "./ledger/fixtures.ts";

// A plain TypeScript model of the Ledger, driven side by side with the contract through long
// random sequences of operations, valid and invalid. After every step: the contract accepted
// iff the model did, refusals name the same custom error with the same arguments, every
// campaign balance, every grant, every account's operator binding and auditor role, and the
// record counter agree, and the ledger holds exactly the native campaigns' balances plus the
// native grants in transit. The model knows the trust rules: grants count once acknowledged
// and flow back when refused, positive corrections wait for an auditor, a confirmer is never of
// the paying organisation, one address holds one role, an operator is bound to one organisation.

const RUNS = Number(process.env.LEDGER_PROPERTY_RUNS ?? 50);
const STEPS = { minLength: 40, maxLength: 80 };

const ORGS = 3;
/** The campaigns the fixture opens, ids 1..6. */
const CAMPAIGNS = [
  { orgId: 1, native: false, currency: "CNY" },
  { orgId: 1, native: true, currency: "" },
  { orgId: 2, native: false, currency: "CNY" },
  { orgId: 2, native: true, currency: "" },
  { orgId: 3, native: false, currency: "CNY" },
  { orgId: 3, native: false, currency: "USD" },
] as const;
const NATIVE_IDS = CAMPAIGNS.flatMap((c, i) => (c.native ? [i + 1] : []));
const ATTESTED_IDS = CAMPAIGNS.flatMap((c, i) => (c.native ? [] : [i + 1]));

// ------------------------------------------------------------------ the model

type RecordKind =
  | "donation"
  | "onchain"
  | "grant"
  | "acknowledgement"
  | "refusal"
  | "disbursement"
  | "refund"
  | "correction"
  | "approval";

interface ModelCampaign {
  orgId: number;
  native: boolean;
  currency: string;
  open: boolean;
  balance: bigint;
}

type GrantStatus = "pending" | "acknowledged" | "refused";

interface Model {
  suspended: boolean[]; // by orgId
  operators: Set<string>[]; // by orgId: those that may write (when the organisation is not suspended)
  /** The organisation each address serves or served as an operator: for good, removal included. */
  bound: Map<string, number>;
  admin: string;
  registrar: string;
  auditors: Set<string>;
  campaigns: (ModelCampaign | undefined)[]; // by campaignId
  recordCount: bigint;
  /** What each record is, for choosing ids to refer to; the contract tells apart only what it stores. */
  records: Map<bigint, { kind: RecordKind; campaignId: number }>;
  grants: Map<bigint, { fromCampaignId: number; toCampaignId: number; amount: bigint; status: GrantStatus }>;
  /** Positive corrections: pending until an auditor approves them. */
  corrections: Map<bigint, { campaignId: number; amount: bigint; pending: boolean }>;
  confirmations: Map<bigint, { confirmer: string; orgId: number; confirmed: boolean }>;
  onchain: Map<bigint, { donor: string; campaignId: number; refundable: bigint }>;
}

/** The model refuses an operation, naming the custom error the contract must revert with. */
class Refused extends Error {
  constructor(
    readonly error: string,
    readonly args: unknown[],
  ) {
    super(error);
  }
}

const refuse = (error: string, ...args: unknown[]): never => {
  throw new Refused(error, args);
};

function initialModel(w: { admin: Signer; registrar: Signer; auditor: Signer; actors: Signer[] }): Model {
  const operators = w.actors.slice(0, ORGS).map((a) => a.address);
  return {
    suspended: Array.from({ length: ORGS + 1 }, () => false),
    operators: Array.from({ length: ORGS + 1 }, (_, orgId) => new Set(orgId === 0 ? [] : [operators[orgId - 1]!])),
    bound: new Map(operators.map((address, i) => [address, i + 1])),
    admin: w.admin.address,
    registrar: w.registrar.address,
    auditors: new Set([w.auditor.address]),
    campaigns: [undefined, ...CAMPAIGNS.map((c) => ({ ...c, open: true, balance: 0n }))],
    recordCount: 0n,
    records: new Map(),
    grants: new Map(),
    corrections: new Map(),
    confirmations: new Map(),
    onchain: new Map(),
  };
}

function campaignOf(m: Model, id: number): ModelCampaign {
  return m.campaigns[id] ?? refuse("LedgerUnknownCampaign", BigInt(id));
}

function checkOperator(m: Model, orgId: number, account: string): void {
  if (!m.operators[orgId]?.has(account)) refuse("LedgerUnauthorizedOperator", BigInt(orgId), account);
  if (m.suspended[orgId]) refuse("LedgerOrganisationSuspended", BigInt(orgId));
}

function operated(m: Model, id: number, account: string): ModelCampaign {
  const c = campaignOf(m, id);
  checkOperator(m, c.orgId, account);
  return c;
}

function credit(c: ModelCampaign, id: number, amount: bigint): void {
  if (amount === 0n) refuse("LedgerZeroAmount", BigInt(id));
  if (amount > MAX_UINT128 - c.balance) refuse("LedgerAmountTooLarge", BigInt(id), amount);
  c.balance += amount;
}

function debit(c: ModelCampaign, id: number, amount: bigint): void {
  if (amount === 0n) refuse("LedgerZeroAmount", BigInt(id));
  if (amount > c.balance) refuse("LedgerInsufficientBalance", BigInt(id), c.balance, amount);
  c.balance -= amount;
}

function registered(orgId: number): void {
  if (orgId < 1 || orgId > ORGS) refuse("LedgerUnknownOrganisation", BigInt(orgId));
}

function checkRegistrar(registrar: boolean, account: string): void {
  if (!registrar) refuse("AccessControlUnauthorizedAccount", account, REGISTRAR_ROLE);
}

/** One address, one role: `account` may take `role` only if it holds no other (the contract checks in this order). */
function checkNoRole(m: Model, account: string, role: string): void {
  if (role !== DEFAULT_ADMIN_ROLE && account === m.admin) refuse("LedgerRoleConflict", account, DEFAULT_ADMIN_ROLE);
  if (role !== REGISTRAR_ROLE && account === m.registrar) refuse("LedgerRoleConflict", account, REGISTRAR_ROLE);
  if (role !== AUDITOR_ROLE && m.auditors.has(account)) refuse("LedgerRoleConflict", account, AUDITOR_ROLE);
  if (role !== OPERATOR_ROLE && m.bound.has(account)) refuse("LedgerRoleConflict", account, OPERATOR_ROLE);
}

function knownRecord(m: Model, id: bigint): void {
  if (id === 0n || id > m.recordCount) refuse("LedgerUnknownRecord", id);
}

function attestedDonation(m: Model, id: bigint, account: string, d: DonationItem): void {
  const c = operated(m, d.campaign, account);
  if (!c.open) refuse("LedgerCampaignClosed", BigInt(d.campaign));
  if (c.native) refuse("LedgerWrongAsset", BigInt(d.campaign), Asset.Attested);
  if (d.channel === ONCHAIN) refuse("LedgerInvalidChannel", BigInt(d.campaign), BigInt(d.channel));
  credit(c, d.campaign, d.amount);
  m.records.set(id, { kind: "donation", campaignId: d.campaign });
}

function disburse(m: Model, id: bigint, account: string, d: ResolvedDisbursement): void {
  const c = operated(m, d.campaign, account);
  if (c.native === (d.payee === ethers.ZeroAddress) || d.payee === d.ledgerAddress) {
    refuse("LedgerInvalidPayee", BigInt(d.campaign), d.payee);
  }
  debit(c, d.campaign, d.amount);
  if (d.confirmer !== ethers.ZeroAddress) {
    // An organisation may not sign for its own delivery: no key it is or was bound to.
    if (m.bound.get(d.confirmer) === c.orgId) refuse("LedgerInvalidConfirmer", BigInt(d.campaign), d.confirmer);
    m.confirmations.set(id, { confirmer: d.confirmer, orgId: c.orgId, confirmed: false });
  }
  m.records.set(id, { kind: "disbursement", campaignId: d.campaign });
}

// ------------------------------------------------------------------ operations

const ONCHAIN = 4;
/** "owner" is the operator the fixture gave the campaign's organisation; 0..2 are those three operators, 3 a stranger. */
type ActorPick = "owner" | 0 | 1 | 2 | 3;
/** A record id chosen among records of a kind when there are some, else anywhere in 0..recordCount + 1. */
interface RecordPick {
  prefer: RecordKind | "any";
  index: number;
}
interface DonationItem {
  campaign: number;
  amount: bigint;
  channel: number;
}
interface DisbursementItem {
  campaign: number;
  amount: bigint;
  payee: "auto" | "zero" | "payee" | "ledger";
  /** An index into World.confirmers (nobody, two outsiders, the operators, the stranger, the auditor), or OWN_OPERATOR. */
  confirmer: number;
}
/** The confirmer is the operator the fixture gave the paying organisation: the usual sender naming itself. */
const OWN_OPERATOR = -1;
interface ResolvedDisbursement {
  campaign: number;
  amount: bigint;
  payee: string;
  confirmer: string;
  ledgerAddress: string;
}

type Op =
  | { type: "donation"; actor: ActorPick; item: DonationItem }
  | { type: "donations"; actor: ActorPick; items: DonationItem[]; sameOrg: boolean }
  | { type: "donateNative"; donor: 0 | 1; campaign: number; amount: bigint }
  | { type: "grant"; actor: ActorPick; from: number; to: number | { match: number }; amount: bigint }
  | { type: "acknowledge"; actor: ActorPick; pick: RecordPick }
  | { type: "refuseGrant"; side: "receiver" | "sender"; actor: ActorPick; pick: RecordPick }
  | { type: "approveCorrection"; caller: "auditor" | "newAuditor" | "operator" | "stranger"; pick: RecordPick }
  | { type: "grantAuditor" | "revokeAuditor"; who: number; admin: boolean }
  | { type: "disbursement"; actor: ActorPick; item: DisbursementItem }
  | { type: "disbursements"; actor: ActorPick; items: DisbursementItem[]; sameOrg: boolean }
  | { type: "confirm"; caller: "confirmer" | "auditor" | "newAuditor" | "operator" | "stranger"; pick: RecordPick }
  | { type: "refund"; actor: ActorPick; pick: RecordPick; campaign: number | "own"; amount: bigint }
  | { type: "correct"; actor: ActorPick; pick: RecordPick; campaign: number | "own"; delta: bigint }
  | { type: "close"; actor: ActorPick; campaign: number }
  | { type: "suspend"; orgId: number; registrar: boolean }
  | { type: "reinstate"; orgId: number | "suspended"; registrar: boolean }
  | { type: "addOperator" | "removeOperator"; orgId: number; who: number; registrar: boolean };

const campaignArb = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: CAMPAIGNS.length }) }, { weight: 1, arbitrary: fc.constantFrom(0, 7) });
const orgArb = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: ORGS }) }, { weight: 1, arbitrary: fc.constantFrom(0, ORGS + 1) });
const actorArb: fc.Arbitrary<ActorPick> = fc.oneof(
  { weight: 10, arbitrary: fc.constant("owner" as const) },
  { weight: 2, arbitrary: fc.constantFrom<ActorPick>(0, 1, 2, 3) },
);
/** Amounts in, and (smaller, so most fit the balance) amounts out; now and then zero or too large. */
const amountArb = (max: bigint) =>
  fc.oneof(
    { weight: 16, arbitrary: fc.bigInt({ min: 1n, max }) },
    { weight: 1, arbitrary: fc.constant(0n) },
    { weight: 1, arbitrary: fc.constantFrom(MAX_UINT128, MAX_UINT128 + 1n, ethers.MaxUint256) },
  );
const inArb = amountArb(3_000n);
const outArb = amountArb(800n);
const valueArb = fc.oneof({ weight: 12, arbitrary: fc.bigInt({ min: 1n, max: 5_000n }) }, { weight: 1, arbitrary: fc.constant(0n) });
const deltaArb = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: -800n, max: 3_000n }) },
  { weight: 1, arbitrary: fc.constantFrom(MAX_UINT128, -(2n ** 255n), 2n ** 255n - 1n) },
);
const pickArb = (...prefer: (RecordKind | "any")[]): fc.Arbitrary<RecordPick> =>
  fc.record({ prefer: fc.constantFrom(...prefer), index: fc.nat() });
const donationItemArb: fc.Arbitrary<DonationItem> = fc.record({
  campaign: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ATTESTED_IDS) }, { weight: 1, arbitrary: campaignArb }),
  amount: inArb,
  channel: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(ONCHAIN) }),
});
const disbursementItemArb: fc.Arbitrary<DisbursementItem> = fc.record({
  campaign: campaignArb,
  amount: outArb,
  payee: fc.oneof({ weight: 12, arbitrary: fc.constant("auto" as const) }, { weight: 1, arbitrary: fc.constantFrom("zero" as const, "payee" as const, "ledger" as const) }),
  confirmer: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 2 }) },
    { weight: 3, arbitrary: fc.integer({ min: 3, max: 7 }) },
    { weight: 1, arbitrary: fc.constant(OWN_OPERATOR) },
  ),
});
/** Batches mostly stay within the campaigns of one organisation, as a real operator's do. */
const sameOrgArb = fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
/** A grant mostly goes to a campaign holding the same asset. */
const grantTargetArb = fc.oneof({ weight: 4, arbitrary: fc.record({ match: fc.nat() }) }, { weight: 1, arbitrary: campaignArb });
/** Registrar-only operations are sent by the registrar, and now and then by a stranger. */
const registrarArb = fc.oneof({ weight: 8, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const nativeCampaignArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...NATIVE_IDS) }, { weight: 1, arbitrary: campaignArb });
/** Mostly a suspended organisation (resolved when the step runs), so reinstatements happen. */
const reinstatedArb = fc.oneof({ weight: 3, arbitrary: fc.constant("suspended" as const) }, { weight: 1, arbitrary: orgArb });
const ownArb = fc.oneof({ weight: 6, arbitrary: fc.constant("own" as const) }, { weight: 1, arbitrary: campaignArb });
/** An index into World.accounts: mostly the three operators and the stranger, now and then any role holder. */
const whoArb = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 3, arbitrary: fc.integer({ min: 4, max: 9 }) });
/** Admin-only operations are sent by the admin, and now and then by a stranger. */
const adminArb = registrarArb;

const op = (weight: number, arbitrary: fc.Arbitrary<Op>) => ({ weight, arbitrary });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  op(5, fc.record({ type: fc.constant("donation"), actor: actorArb, item: donationItemArb })),
  op(2, fc.record({ type: fc.constant("donations"), actor: actorArb, items: fc.array(donationItemArb, { maxLength: 4 }), sameOrg: sameOrgArb })),
  op(4, fc.record({ type: fc.constant("donateNative"), donor: fc.constantFrom<0 | 1>(0, 1), campaign: nativeCampaignArb, amount: valueArb })),
  op(4, fc.record({ type: fc.constant("grant"), actor: actorArb, from: campaignArb, to: grantTargetArb, amount: outArb })),
  op(3, fc.record({ type: fc.constant("acknowledge"), actor: actorArb, pick: pickArb("grant", "grant", "grant", "any") })),
  op(2, fc.record({ type: fc.constant("refuseGrant"), side: fc.constantFrom("receiver" as const, "sender" as const), actor: actorArb, pick: pickArb("grant", "grant", "grant", "any") })),
  op(4, fc.record({ type: fc.constant("disbursement"), actor: actorArb, item: disbursementItemArb })),
  op(2, fc.record({ type: fc.constant("disbursements"), actor: actorArb, items: fc.array(disbursementItemArb, { maxLength: 4 }), sameOrg: sameOrgArb })),
  op(2, fc.record({ type: fc.constant("confirm"), caller: fc.constantFrom("confirmer", "confirmer", "auditor", "newAuditor", "operator", "stranger"), pick: pickArb("disbursement", "disbursement", "any") })),
  op(3, fc.record({ type: fc.constant("refund"), actor: actorArb, pick: pickArb("onchain", "onchain", "donation", "any"), campaign: ownArb, amount: outArb })),
  op(3, fc.record({ type: fc.constant("correct"), actor: actorArb, pick: pickArb("donation", "any"), campaign: ownArb, delta: deltaArb })),
  op(2, fc.record({ type: fc.constant("approveCorrection"), caller: fc.constantFrom("auditor", "auditor", "auditor", "newAuditor", "operator", "stranger"), pick: pickArb("correction", "correction", "correction", "any") })),
  op(1, fc.record({ type: fc.constant("close"), actor: actorArb, campaign: campaignArb })),
  op(1, fc.record({ type: fc.constant("suspend"), orgId: orgArb, registrar: registrarArb })),
  op(1, fc.record({ type: fc.constant("reinstate"), orgId: reinstatedArb, registrar: registrarArb })),
  op(1, fc.record({ type: fc.constantFrom("addOperator", "removeOperator"), orgId: orgArb, who: whoArb, registrar: registrarArb })),
  // Mostly appointments: a revocation of the one auditor would silence approvals for the rest of the run.
  op(1, fc.record({ type: fc.constantFrom("grantAuditor", "grantAuditor", "grantAuditor", "revokeAuditor"), who: whoArb, admin: adminArb })),
);

// ------------------------------------------------------------------ the chain side

async function propertyFixture() {
  const signers = await ethers.getSigners();
  const [admin, registrar, auditor, op1, op2, op3, stranger, donorA, donorB, payee, confirmerA, confirmerB, spare] = signers;
  // No forwarder: the forwarder's own rules are tested in forwarder.test.ts.
  const ledger = await ethers.deployContract("Ledger", [admin!.address, registrar!.address, ethers.ZeroAddress]);
  const by = (signer: Signer) => ledger.connect(signer) as Contract;
  await by(admin!).grantRole(AUDITOR_ROLE, auditor!.address);
  const operators = [op1!, op2!, op3!];
  for (let orgId = 1; orgId <= ORGS; orgId++) {
    await by(registrar!).registerOrganisation(Kind.Charity, ethers.encodeBytes32String(`REG-${orgId}`), `Organisation ${orgId}`);
    await by(registrar!).addOperator(orgId, operators[orgId - 1]!.address);
  }
  for (const c of CAMPAIGNS) {
    const [asset, currency] = c.native ? [Asset.Native, "0x000000"] : [Asset.Attested, bytes3(c.currency)];
    await by(operators[c.orgId - 1]!).openCampaign(c.orgId, asset, currency, ethers.ZeroAddress, 0n, `Campaign of ${c.orgId}`);
  }
  return {
    ledger,
    ledgerAddress: await ledger.getAddress(),
    by,
    admin: admin!,
    registrar: registrar!,
    auditor: auditor!,
    /** The three operators, then a stranger. */
    actors: [op1!, op2!, op3!, stranger!],
    /** Who registry and role operations name: the actors, then holders of other roles and no role. */
    accounts: [op1!, op2!, op3!, stranger!, confirmerA!, confirmerB!, auditor!, registrar!, admin!, spare!],
    /** An account the admin may make a second auditor, when the model asks for "newAuditor". */
    spare: spare!,
    donors: [donorA!, donorB!],
    payee: payee!,
    /** Who a disbursement may name as confirmer: nobody, two outsiders, the operators, the stranger, an auditor. */
    confirmers: [ethers.ZeroAddress, confirmerA!.address, confirmerB!.address, op1!.address, op2!.address, op3!.address, stranger!.address, auditor!.address],
    signerOf: new Map(signers.map((s) => [s.address, s])),
  };
}
type World = Awaited<ReturnType<typeof propertyFixture>>;

/** One step: what the model does with a copy of the state, and the transaction to send. */
interface Step {
  predict(m: Model): void;
  send(): Promise<ContractTransactionResponse>;
}

function plan(op: Op, m: Model, w: World): Step {
  const actor = (pick: ActorPick, campaignId: number): Signer => {
    if (pick !== "owner") return w.actors[pick]!;
    const orgId = m.campaigns[campaignId]?.orgId ?? 1;
    return w.actors[orgId - 1]!;
  };
  const record = (pick: RecordPick): bigint => {
    const ids = pick.prefer === "any" ? [] : [...m.records].filter(([, r]) => r.kind === pick.prefer).map(([id]) => id);
    if (ids.length > 0) return ids[pick.index % ids.length]!;
    return BigInt(pick.index) % (m.recordCount + 2n);
  };
  /** With `sameOrg`, every item after the first is moved to a campaign of the first item's organisation. */
  const sameOrg = <T extends { campaign: number }>(items: T[], enabled: boolean): T[] => {
    const orgId = m.campaigns[items[0]?.campaign ?? 0]?.orgId;
    if (!enabled || orgId === undefined) return items;
    const ids = CAMPAIGNS.flatMap((c, i) => (c.orgId === orgId ? [i + 1] : []));
    return items.map((item, i) => (i === 0 ? item : { ...item, campaign: ids[item.campaign % ids.length]! }));
  };
  const resolve = (d: DisbursementItem): ResolvedDisbursement => {
    const native = m.campaigns[d.campaign]?.native ?? false;
    const payee = {
      auto: native ? w.payee.address : ethers.ZeroAddress,
      zero: ethers.ZeroAddress,
      payee: w.payee.address,
      ledger: w.ledgerAddress,
    }[d.payee];
    const confirmer =
      d.confirmer === OWN_OPERATOR ? w.actors[(m.campaigns[d.campaign]?.orgId ?? 1) - 1]!.address : w.confirmers[d.confirmer]!;
    return { campaign: d.campaign, amount: d.amount, payee, confirmer, ledgerAddress: w.ledgerAddress };
  };
  const input = (d: ResolvedDisbursement) => ({
    campaignId: d.campaign,
    recipientCommitment: ethers.id(`recipient-${d.campaign}`),
    amount: d.amount,
    purpose: 0n,
    evidenceHash: ethers.sha256(ethers.toUtf8Bytes(`invoice-${d.amount}`)),
    payee: d.payee,
    confirmer: d.confirmer,
  });
  const commitment = ethers.id("salt|donor");
  const reason = ethers.id("reason");

  switch (op.type) {
    case "donation": {
      const from = actor(op.actor, op.item.campaign);
      return {
        predict: (s) => attestedDonation(s, ++s.recordCount, from.address, op.item),
        send: () => w.by(from).recordDonation(op.item.campaign, op.item.amount, op.item.channel, commitment),
      };
    }
    case "donations": {
      const items = sameOrg(op.items, op.sameOrg);
      const from = actor(op.actor, items[0]?.campaign ?? 1);
      return {
        predict: (s) => {
          if (items.length === 0) refuse("LedgerEmptyBatch", 0n);
          const first = s.recordCount + 1n;
          s.recordCount += BigInt(items.length);
          items.forEach((item, i) => attestedDonation(s, first + BigInt(i), from.address, item));
        },
        send: () =>
          w.by(from).recordDonations(items.map((d) => ({ campaignId: d.campaign, amount: d.amount, channel: d.channel, donorCommitment: commitment }))),
      };
    }
    case "donateNative": {
      const donor = w.donors[op.donor]!;
      return {
        predict: (s) => {
          const c = campaignOf(s, op.campaign);
          if (!c.open) refuse("LedgerCampaignClosed", BigInt(op.campaign));
          if (!c.native) refuse("LedgerWrongAsset", BigInt(op.campaign), Asset.Native);
          if (s.suspended[c.orgId]) refuse("LedgerOrganisationSuspended", BigInt(c.orgId));
          credit(c, op.campaign, op.amount);
          const id = ++s.recordCount;
          s.onchain.set(id, { donor: donor.address, campaignId: op.campaign, refundable: op.amount });
          s.records.set(id, { kind: "onchain", campaignId: op.campaign });
        },
        send: () => w.by(donor).donateNative(op.campaign, commitment, { value: op.amount }),
      };
    }
    case "grant": {
      const from = actor(op.actor, op.from);
      const spec = CAMPAIGNS[op.from - 1];
      const matching = CAMPAIGNS.flatMap((c, i) =>
        i + 1 !== op.from && c.native === spec?.native && c.currency === spec?.currency ? [i + 1] : [],
      );
      const to = typeof op.to === "number" ? op.to : (matching[op.to.match % matching.length] ?? op.from);
      return {
        predict: (s) => {
          const source = operated(s, op.from, from.address);
          if (to === op.from) refuse("LedgerSameCampaign", BigInt(to));
          const target = campaignOf(s, to);
          if (!target.open) refuse("LedgerCampaignClosed", BigInt(to));
          if (s.suspended[target.orgId]) refuse("LedgerOrganisationSuspended", BigInt(target.orgId));
          if (source.native !== target.native || source.currency !== target.currency) {
            refuse("LedgerAssetMismatch", BigInt(op.from), BigInt(to));
          }
          debit(source, op.from, op.amount);
          const id = ++s.recordCount;
          s.grants.set(id, { fromCampaignId: op.from, toCampaignId: to, amount: op.amount, status: "pending" });
          s.records.set(id, { kind: "grant", campaignId: to });
        },
        send: () => w.by(from).makeGrant(op.from, to, op.amount, ethers.id("memo")),
      };
    }
    case "acknowledge": {
      const grantId = record(op.pick);
      const from = actor(op.actor, m.grants.get(grantId)?.toCampaignId ?? 1);
      return {
        predict: (s) => {
          const g = s.grants.get(grantId) ?? refuse("LedgerUnknownRecord", grantId);
          if (g.status !== "pending") refuse("LedgerAlreadySettled", grantId);
          const to = operated(s, g.toCampaignId, from.address);
          if (!to.open) refuse("LedgerCampaignClosed", BigInt(g.toCampaignId));
          credit(to, g.toCampaignId, g.amount);
          g.status = "acknowledged";
          s.records.set(++s.recordCount, { kind: "acknowledgement", campaignId: g.toCampaignId });
        },
        send: () => w.by(from).acknowledgeGrant(grantId),
      };
    }
    case "refuseGrant": {
      const grantId = record(op.pick);
      const g = m.grants.get(grantId);
      const from = actor(op.actor, (op.side === "receiver" ? g?.toCampaignId : g?.fromCampaignId) ?? 1);
      return {
        predict: (s) => {
          const g = s.grants.get(grantId) ?? refuse("LedgerUnknownRecord", grantId);
          if (g.status !== "pending") refuse("LedgerAlreadySettled", grantId);
          const source = s.campaigns[g.fromCampaignId]!;
          // The sender's operators withdraw (even a removed one is judged as the sender's); anyone else answers as the receiver.
          const senderSide = s.bound.get(from.address) === source.orgId;
          checkOperator(s, senderSide ? source.orgId : s.campaigns[g.toCampaignId]!.orgId, from.address);
          credit(source, g.fromCampaignId, g.amount);
          g.status = "refused";
          s.records.set(++s.recordCount, { kind: "refusal", campaignId: g.fromCampaignId });
        },
        send: () => w.by(from).refuseGrant(grantId, reason),
      };
    }
    case "disbursement": {
      const d = resolve(op.item);
      const from = actor(op.actor, d.campaign);
      return {
        predict: (s) => disburse(s, ++s.recordCount, from.address, d),
        send: () => w.by(from).recordDisbursement(input(d)),
      };
    }
    case "disbursements": {
      const items = sameOrg(op.items, op.sameOrg).map(resolve);
      const from = actor(op.actor, items[0]?.campaign ?? 1);
      return {
        predict: (s) => {
          if (items.length === 0) refuse("LedgerEmptyBatch", 0n);
          const first = s.recordCount + 1n;
          s.recordCount += BigInt(items.length);
          items.forEach((d, i) => disburse(s, first + BigInt(i), from.address, d));
        },
        send: () => w.by(from).recordDisbursements(items.map(input)),
      };
    }
    case "confirm": {
      const id = record(op.pick);
      const named = m.confirmations.get(id)?.confirmer ?? ethers.ZeroAddress;
      const caller = {
        confirmer: w.signerOf.get(named) ?? w.accounts[4]!,
        auditor: w.auditor,
        newAuditor: w.spare,
        operator: w.actors[0]!,
        stranger: w.actors[3]!,
      }[op.caller];
      return {
        predict: (s) => {
          knownRecord(s, id);
          const c = s.confirmations.get(id) ?? { confirmer: ethers.ZeroAddress, orgId: 0, confirmed: false };
          if (c.confirmed) refuse("LedgerAlreadySettled", id);
          // The named confirmer, unless it has since joined the paying organisation; or an auditor.
          const named = c.confirmer !== ethers.ZeroAddress && caller.address === c.confirmer && (s.bound.get(caller.address) ?? 0) !== c.orgId;
          if (!named && !s.auditors.has(caller.address)) refuse("LedgerUnauthorizedConfirmer", id, caller.address);
          s.confirmations.set(id, { ...c, confirmed: true });
        },
        send: () => w.by(caller).confirmDisbursement(id),
      };
    }
    case "refund": {
      const donationId = record(op.pick);
      const campaignId = op.campaign === "own" ? (m.records.get(donationId)?.campaignId ?? 1) : op.campaign;
      const from = actor(op.actor, campaignId);
      return {
        predict: (s) => {
          knownRecord(s, donationId);
          const c = operated(s, campaignId, from.address);
          debit(c, campaignId, op.amount);
          const id = ++s.recordCount;
          if (c.native) {
            const d = s.onchain.get(donationId);
            if (d === undefined || d.campaignId !== campaignId) refuse("LedgerUnknownRecord", donationId);
            if (op.amount > d!.refundable) refuse("LedgerRefundTooLarge", donationId, d!.refundable, op.amount);
            d!.refundable -= op.amount;
          }
          s.records.set(id, { kind: "refund", campaignId });
        },
        send: () => w.by(from).refundDonation(donationId, campaignId, op.amount, reason),
      };
    }
    case "correct": {
      const correctedId = record(op.pick);
      const campaignId = op.campaign === "own" ? (m.records.get(correctedId)?.campaignId ?? 1) : op.campaign;
      const from = actor(op.actor, campaignId);
      return {
        predict: (s) => {
          knownRecord(s, correctedId);
          const c = operated(s, campaignId, from.address);
          if (c.native) refuse("LedgerWrongAsset", BigInt(campaignId), Asset.Attested);
          if (op.delta === 0n) refuse("LedgerZeroAmount", BigInt(campaignId));
          const id = ++s.recordCount;
          if (op.delta > 0n) {
            // Pending: checked against what a balance can hold, credited when an auditor approves.
            if (op.delta > MAX_UINT128) refuse("LedgerAmountTooLarge", BigInt(campaignId), op.delta);
            s.corrections.set(id, { campaignId, amount: op.delta, pending: true });
          } else {
            // -(-2^255) does not fit an int256; the contract asks for the largest uint256 instead.
            debit(c, campaignId, op.delta === -(2n ** 255n) ? ethers.MaxUint256 : -op.delta);
          }
          s.records.set(id, { kind: "correction", campaignId });
        },
        send: () => w.by(from).correctRecord(correctedId, campaignId, op.delta, reason),
      };
    }
    case "approveCorrection": {
      const correctionId = record(op.pick);
      const caller = { auditor: w.auditor, newAuditor: w.spare, operator: w.actors[0]!, stranger: w.actors[3]! }[op.caller];
      return {
        predict: (s) => {
          if (!s.auditors.has(caller.address)) refuse("AccessControlUnauthorizedAccount", caller.address, AUDITOR_ROLE);
          const p = s.corrections.get(correctionId) ?? refuse("LedgerUnknownRecord", correctionId);
          if (!p.pending) refuse("LedgerAlreadySettled", correctionId);
          credit(s.campaigns[p.campaignId]!, p.campaignId, p.amount);
          p.pending = false;
          s.records.set(++s.recordCount, { kind: "approval", campaignId: p.campaignId });
        },
        send: () => w.by(caller).approveCorrection(correctionId),
      };
    }
    case "close": {
      const from = actor(op.actor, op.campaign);
      return {
        predict: (s) => {
          const c = operated(s, op.campaign, from.address);
          if (!c.open) refuse("LedgerCampaignClosed", BigInt(op.campaign));
          c.open = false;
        },
        send: () => w.by(from).closeCampaign(op.campaign),
      };
    }
    case "suspend":
    case "reinstate": {
      const from = op.registrar ? w.registrar : w.actors[3]!;
      const suspend = op.type === "suspend";
      // "suspended": the first suspended organisation, if any.
      const orgId = op.orgId === "suspended" ? Math.max(1, m.suspended.indexOf(true)) : op.orgId;
      return {
        predict: (s) => {
          checkRegistrar(op.registrar, from.address);
          registered(orgId);
          if (suspend && s.suspended[orgId]) refuse("LedgerOrganisationSuspended", BigInt(orgId));
          if (!suspend && !s.suspended[orgId]) refuse("LedgerOrganisationNotSuspended", BigInt(orgId));
          s.suspended[orgId] = suspend;
        },
        send: () => (suspend ? w.by(from).suspendOrganisation(orgId) : w.by(from).reinstateOrganisation(orgId)),
      };
    }
    case "addOperator":
    case "removeOperator": {
      const from = op.registrar ? w.registrar : w.actors[3]!;
      const account = w.accounts[op.who]!.address;
      const add = op.type === "addOperator";
      return {
        predict: (s) => {
          checkRegistrar(op.registrar, from.address);
          registered(op.orgId);
          const operators = s.operators[op.orgId]!;
          if (add) {
            const bound = s.bound.get(account);
            if (bound !== undefined && bound !== op.orgId) refuse("LedgerOperatorBound", account, BigInt(bound));
            if (operators.has(account)) refuse("LedgerInvalidOperator", BigInt(op.orgId), account);
            checkNoRole(s, account, OPERATOR_ROLE);
            operators.add(account);
            s.bound.set(account, op.orgId);
          } else {
            if (!operators.has(account)) refuse("LedgerInvalidOperator", BigInt(op.orgId), account);
            operators.delete(account); // still bound
          }
        },
        send: () => (add ? w.by(from).addOperator(op.orgId, account) : w.by(from).removeOperator(op.orgId, account)),
      };
    }
    case "grantAuditor":
    case "revokeAuditor": {
      const from = op.admin ? w.admin : w.actors[3]!;
      const account = w.accounts[op.who]!.address;
      const grant = op.type === "grantAuditor";
      return {
        predict: (s) => {
          if (!op.admin) refuse("AccessControlUnauthorizedAccount", from.address, DEFAULT_ADMIN_ROLE);
          if (grant) {
            checkNoRole(s, account, AUDITOR_ROLE);
            s.auditors.add(account);
          } else {
            s.auditors.delete(account);
          }
        },
        send: () => (grant ? w.by(from).grantRole(AUDITOR_ROLE, account) : w.by(from).revokeRole(AUDITOR_ROLE, account)),
      };
    }
  }
}

type Outcome = { accepted: true } | { accepted: false; error: string; args: unknown[] };

async function sendAndDecode(ledger: Contract, send: () => Promise<ContractTransactionResponse>): Promise<Outcome> {
  try {
    await (await send()).wait();
    return { accepted: true };
  } catch (error) {
    const data = (error as { data?: string }).data;
    const decoded = data ? ledger.interface.parseError(data) : null;
    if (decoded === null) throw error;
    return { accepted: false, error: decoded.name, args: [...decoded.args] };
  }
}

function predictOutcome(step: Step, m: Model): { outcome: Outcome; next: Model } {
  const next = structuredClone(m);
  try {
    step.predict(next);
    return { outcome: { accepted: true }, next };
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return { outcome: { accepted: false, error: error.error, args: error.args }, next: m };
  }
}

const show = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v));

const STATES: Record<GrantStatus, bigint> = { pending: GrantState.Pending, acknowledged: GrantState.Acknowledged, refused: GrantState.Refused };

/** Reads back what `op` may have changed (every balance and the counter always) and compares it with the model. */
async function checkAgainstModel(w: World, m: Model, op: Op, where: string): Promise<void> {
  const ids = CAMPAIGNS.map((_, i) => BigInt(i + 1));
  const grantIds = ["grant", "acknowledge", "refuseGrant"].includes(op.type) ? [...m.grants.keys()] : [];
  const roles = ["addOperator", "removeOperator", "suspend", "reinstate", "grantAuditor", "revokeAuditor"].includes(op.type);
  const accounts = roles ? w.accounts : [];
  const [views, recordCount, held, grants, operatorOf, auditors] = await Promise.all([
    Promise.all(ids.map((id) => w.ledger.campaign(id))),
    w.ledger.recordCount(),
    ethers.provider.getBalance(w.ledgerAddress),
    Promise.all(grantIds.map((id) => w.ledger.grant(id))),
    Promise.all(accounts.map((a) => w.ledger.operatorOf(a.address))),
    Promise.all(accounts.map((a) => w.ledger.hasRole(AUDITOR_ROLE, a.address))),
  ]);
  expect(views.map((v) => [v.balance, v.open]), `campaigns ${where}`).to.deep.equal(
    ids.map((id) => [m.campaigns[Number(id)]!.balance, m.campaigns[Number(id)]!.open]),
  );
  expect(recordCount, `recordCount ${where}`).to.equal(m.recordCount);
  expect(grants.map((g) => [g.fromCampaignId, g.toCampaignId, g.amount, g.state]), `grants ${where}`).to.deep.equal(
    grantIds.map((id) => {
      const g = m.grants.get(id)!;
      return [BigInt(g.fromCampaignId), BigInt(g.toCampaignId), g.amount, STATES[g.status]];
    }),
  );
  expect(operatorOf.map((o) => [o.orgId, o.active]), `operators ${where}`).to.deep.equal(
    accounts.map((a) => {
      const orgId = m.bound.get(a.address) ?? 0;
      return [BigInt(orgId), orgId !== 0 && m.operators[orgId]!.has(a.address) && !m.suspended[orgId]];
    }),
  );
  expect(auditors, `auditors ${where}`).to.deep.equal(accounts.map((a) => m.auditors.has(a.address)));
  // The ledger holds every native campaign's balance, and the native grants in transit.
  const inTransit = [...m.grants.values()]
    .filter((g) => g.status === "pending" && m.campaigns[g.fromCampaignId]!.native)
    .reduce((sum, g) => sum + g.amount, 0n);
  const nativeBooks = NATIVE_IDS.reduce((sum, id) => sum + m.campaigns[id]!.balance, 0n) + inTransit;
  expect(held, `ledger ETH against native books ${where}`).to.equal(nativeBooks);
}

describe("Ledger: model-based property", function () {
  it(`agrees with a TypeScript model over ${RUNS} random sequences of ${STEPS.minLength}–${STEPS.maxLength} operations`, async function () {
    const seen = { accepted: 0, refused: new Map<string, number>(), acceptedByType: new Map<string, number>() };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, STEPS), async (ops) => {
        const w = await loadFixture(propertyFixture);
        let m = initialModel(w);
        for (const [i, op] of ops.entries()) {
          const step = plan(op, m, w);
          const { outcome: expected, next } = predictOutcome(step, m);
          const actual = await sendAndDecode(w.ledger, step.send);
          const where = `after step ${i} ${show(op)}`;
          expect(show(actual), `outcome ${where}`).to.equal(show(expected));
          m = next;
          if (actual.accepted) {
            seen.accepted++;
            seen.acceptedByType.set(op.type, (seen.acceptedByType.get(op.type) ?? 0) + 1);
          }
          else seen.refused.set(actual.error, (seen.refused.get(actual.error) ?? 0) + 1);
          await checkAgainstModel(w, m, op, where);
        }
      }),
      { numRuns: RUNS },
    );
    // The sequences must exercise both sides: many writes accepted, and many kinds of refusal.
    expect(seen.accepted).to.be.greaterThan(RUNS * 10);
    expect(seen.refused.size).to.be.greaterThan(10);
    // The trust rules are exercised both ways, not only modelled.
    for (const type of ["acknowledge", "refuseGrant", "approveCorrection", "confirm", "grantAuditor"]) {
      expect(seen.acceptedByType.get(type) ?? 0, `accepted ${type}`).to.be.greaterThan(0);
    }
    for (const error of ["LedgerRoleConflict", "LedgerOperatorBound", "LedgerInvalidConfirmer", "LedgerAlreadySettled"]) {
      expect(seen.refused.get(error) ?? 0, `refused with ${error}`).to.be.greaterThan(0);
    }
    if (process.env.LEDGER_PROPERTY_STATS) console.log(seen);
  });
});
