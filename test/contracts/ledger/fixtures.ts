import type { Contract, ContractTransactionReceipt } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";
import { FORWARD_REQUEST_TYPES } from "../../../server/chain/forward-request-types.ts";
export { FORWARD_REQUEST_TYPES };

// One in-process chain for every Ledger test file: the module is evaluated once, so
// `loadFixture` snapshots are shared and each fixture is built once per run.
export const { ethers, networkHelpers } = await network.create();
export const { loadFixture } = networkHelpers;

// Mirrors of the enums in ILedger.sol; events and views decode them as bigint.
export const Kind = { Charity: 0n, Foundation: 1n, Partner: 2n, Supplier: 3n } as const;
export const Channel = { Bank: 0n, Alipay: 1n, WeChatPay: 2n, Cash: 3n, OnChain: 4n } as const;
export const Purpose = { Programme: 0n, Administration: 1n, Fundraising: 2n } as const;
export const Asset = { Attested: 0n, Native: 1n, Token: 2n } as const;

export const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;
export const REGISTRAR_ROLE = ethers.id("REGISTRAR_ROLE");
export const AUDITOR_ROLE = ethers.id("AUDITOR_ROLE");
/** Names operators in LedgerRoleConflict; operators live in the registry, not in AccessControl. */
export const OPERATOR_ROLE = ethers.id("OPERATOR_ROLE");
export const MAX_UINT128 = 2n ** 128n - 1n;

/** A bytes3 currency code from three ASCII characters (which may be invalid on purpose). */
export function bytes3(code: string): string {
  const bytes = ethers.toUtf8Bytes(code);
  if (bytes.length !== 3) throw new Error(`not three bytes: ${code}`);
  return ethers.hexlify(bytes);
}

export const CNY = bytes3("CNY");
export const USD = bytes3("USD");
export const NO_CURRENCY = "0x000000";

// Realistic, non-zero facts: registration numbers, commitments, SHA-256 evidence.
export const REG_NO = ethers.encodeBytes32String("91110000MA01ABCD2X");
export const OTHER_REG_NO = ethers.encodeBytes32String("53100000500021676Q");
export const DONOR = ethers.id("salt-7f3a|donor-42");
/** A keyed commitment (HMAC-SHA256 under the organisation's key) of the recipient's reference. */
export const RECIPIENT = ethers.computeHmac("sha256", ethers.toUtf8Bytes("org-1 recipient key"), ethers.toUtf8Bytes("SUPPLIER-0007"));
export const EVIDENCE = ethers.sha256(ethers.toUtf8Bytes("invoice 2025-001"));
export const MEMO = ethers.sha256(ethers.toUtf8Bytes("grant agreement 2025-07"));
export const REASON = ethers.sha256(ethers.toUtf8Bytes("donor asked for a refund"));

export const ORG = 1n;
export const OTHER_ORG = 2n;
export const UNKNOWN = 99n;
export const TARGET = 50_000_00n;

/** The campaigns `withCampaigns` opens, in order: ORG's four, then OTHER_ORG's four. */
export const C = {
  CNY: 1n,
  NATIVE: 2n,
  TOKEN: 3n,
  FEE: 4n,
  OTHER_CNY: 5n,
  OTHER_USD: 6n,
  OTHER_NATIVE: 7n,
  OTHER_TOKEN: 8n,
} as const;
export const CAMPAIGN_COUNT = 8n;

// What `withFunds` puts in, and the record ids it gets.
export const FUNDED = 100_000n; // attested, minor units
export const ETH_GIFT = ethers.parseEther("1");
export const TOKEN_GIFT = 50_000n;
export const FEE_GIFT = 50_000n;
export const FEE_ARRIVED = FEE_GIFT - FEE_GIFT / 100n; // the mock token burns 1% of each transfer
export const R = { CNY_GIFT: 1n, OTHER_CNY_GIFT: 2n, NATIVE_GIFT: 3n, TOKEN_GIFT: 4n, FEE_GIFT: 5n } as const;
export const FUNDED_RECORDS = 5n;

export const MINTED = 10_000_000n;

export type Signer = HardhatEthersSigner;

/** A DisbursementInput with attested defaults; override what the case needs. */
export function disbursement(campaignId: bigint, amount: bigint, overrides: Partial<DisbursementInput> = {}): DisbursementInput {
  return {
    campaignId,
    recipientCommitment: RECIPIENT,
    amount,
    purpose: Purpose.Programme,
    evidenceHash: EVIDENCE,
    payee: ethers.ZeroAddress,
    confirmer: ethers.ZeroAddress,
    ...overrides,
  };
}

export interface DisbursementInput {
  campaignId: bigint;
  recipientCommitment: string;
  amount: bigint;
  purpose: bigint;
  evidenceHash: string;
  payee: string;
  confirmer: string;
}

/** The DisbursementRecorded arguments for `d` leaving `balanceAfter`, authorised by `by`. */
export function disbursementArgs(recordId: bigint, d: DisbursementInput, balanceAfter: bigint, by: { address: string }): unknown[] {
  return [recordId, d.campaignId, d.recipientCommitment, d.amount, d.purpose, d.evidenceHash, d.payee, d.confirmer, balanceAfter, by.address];
}

/**
 * A deployed ledger trusting a LedgerForwarder, with an auditor, two ERC-20 mocks, and named
 * accounts, each holding at most one role (the ledger refuses more): `fellowOperator` is a
 * second operator of ORG once `withOrganisations` has run, `relayer` sends others' signed
 * requests and holds no role.
 */
export async function deployLedger() {
  const [admin, registrar, auditor, operator, otherOperator, outsider, donor, payee, confirmer, newcomer, relayer, fellowOperator] =
    await ethers.getSigners();
  const forwarder = await ethers.deployContract("LedgerForwarder");
  const ledger = await ethers.deployContract("Ledger", [admin!.address, registrar!.address, await forwarder.getAddress()]);
  const token = await ethers.deployContract("ERC20Mock", ["Test Dollar", "TUSD"]);
  const feeToken = await ethers.deployContract("ERC20FeeOnTransferMock", ["Fee Dollar", "FUSD"]);
  // Without generated typings, connect() returns a BaseContract that has lost the ABI methods.
  const by = (signer: Signer) => ledger.connect(signer) as Contract;
  await by(admin!).grantRole(AUDITOR_ROLE, auditor!.address);
  return {
    ledger,
    forwarder,
    token,
    feeToken,
    by,
    admin: admin!,
    registrar: registrar!,
    auditor: auditor!,
    operator: operator!,
    otherOperator: otherOperator!,
    outsider: outsider!,
    donor: donor!,
    payee: payee!,
    confirmer: confirmer!,
    newcomer: newcomer!,
    relayer: relayer!,
    fellowOperator: fellowOperator!,
  };
}

/** ORG (a charity, `operator` and `fellowOperator`) and OTHER_ORG (a foundation, `otherOperator`). */
export async function withOrganisations() {
  const f = await deployLedger();
  const asRegistrar = f.by(f.registrar);
  await asRegistrar.registerOrganisation(Kind.Charity, REG_NO, "Sunrise Children's Fund");
  await asRegistrar.registerOrganisation(Kind.Foundation, OTHER_REG_NO, "Riverside Foundation");
  await asRegistrar.addOperator(ORG, f.operator.address);
  await asRegistrar.addOperator(OTHER_ORG, f.otherOperator.address);
  await asRegistrar.addOperator(ORG, f.fellowOperator.address);
  return f;
}

/** The eight empty campaigns of `C`; the donor holds both tokens and has approved the ledger. */
export async function withCampaigns() {
  const f = await withOrganisations();
  const [tokenAddress, feeAddress] = [await f.token.getAddress(), await f.feeToken.getAddress()];
  const op = f.by(f.operator);
  const other = f.by(f.otherOperator);
  await op.openCampaign(ORG, Asset.Attested, CNY, ethers.ZeroAddress, TARGET, "Winter coats");
  await op.openCampaign(ORG, Asset.Native, NO_CURRENCY, ethers.ZeroAddress, 0n, "Winter coats (ETH)");
  await op.openCampaign(ORG, Asset.Token, NO_CURRENCY, tokenAddress, 0n, "Winter coats (TUSD)");
  await op.openCampaign(ORG, Asset.Token, NO_CURRENCY, feeAddress, 0n, "Winter coats (FUSD)");
  await other.openCampaign(OTHER_ORG, Asset.Attested, CNY, ethers.ZeroAddress, TARGET, "Clean water");
  await other.openCampaign(OTHER_ORG, Asset.Attested, USD, ethers.ZeroAddress, 0n, "Clean water (USD)");
  await other.openCampaign(OTHER_ORG, Asset.Native, NO_CURRENCY, ethers.ZeroAddress, 0n, "Clean water (ETH)");
  await other.openCampaign(OTHER_ORG, Asset.Token, NO_CURRENCY, tokenAddress, 0n, "Clean water (TUSD)");
  for (const t of [f.token, f.feeToken]) {
    await (t.connect(f.donor) as Contract).approve(await f.ledger.getAddress(), ethers.MaxUint256);
    await (t as Contract).mint(f.donor.address, MINTED);
  }
  return f;
}

/** As `withCampaigns`, with one donation in each of ORG's campaigns and in OTHER_CNY (records R). */
export async function withFunds() {
  const f = await withCampaigns();
  await f.by(f.operator).recordDonation(C.CNY, FUNDED, Channel.Bank, DONOR);
  await f.by(f.otherOperator).recordDonation(C.OTHER_CNY, FUNDED, Channel.Alipay, DONOR);
  const asDonor = f.by(f.donor);
  await asDonor.donateNative(C.NATIVE, DONOR, { value: ETH_GIFT });
  await asDonor.donateToken(C.TOKEN, TOKEN_GIFT, DONOR);
  await asDonor.donateToken(C.FEE, FEE_GIFT, DONOR);
  return f;
}

/** A campaign's balance, from the view. */
export async function balanceOf(ledger: Contract, campaignId: bigint): Promise<bigint> {
  return (await ledger.campaign(campaignId)).balance as bigint;
}

/** Grant states, as the `grant` view returns them. */
export const GrantState = { None: 0n, Pending: 1n, Acknowledged: 2n, Refused: 3n } as const;

/**
 * What the books hold per asset (native, and per token address) against what the ledger actually
 * holds: the two must be equal after any sequence of operations. The books are the campaign
 * balances plus the grants in transit: a pending grant has left its sender's balance and entered
 * no other yet, while the ledger still holds its value.
 */
export async function holdings(ledger: Contract, tokens: Contract[]) {
  const books = new Map<string, bigint>([["native", 0n]]);
  const assetKey = async (campaignId: bigint): Promise<string | undefined> => {
    const c = await ledger.campaign(campaignId);
    if (c.asset === Asset.Attested) return undefined;
    return c.asset === Asset.Native ? "native" : (c.token as string).toLowerCase();
  };
  const add = (key: string | undefined, amount: bigint) => {
    if (key !== undefined) books.set(key, (books.get(key) ?? 0n) + amount);
  };
  for (let id = 1n; id <= CAMPAIGN_COUNT; id++) {
    add(await assetKey(id), (await ledger.campaign(id)).balance as bigint);
  }
  const records = (await ledger.recordCount()) as bigint;
  for (let id = 1n; id <= records; id++) {
    const g = await ledger.grant(id);
    if (g.state === GrantState.Pending) add(await assetKey(g.fromCampaignId as bigint), g.amount as bigint);
  }
  const address = await ledger.getAddress();
  const held = new Map<string, bigint>([["native", await ethers.provider.getBalance(address)]]);
  for (const t of tokens) {
    const key = (await t.getAddress()).toLowerCase();
    held.set(key, (await t.balanceOf(address)) as bigint);
    books.set(key, books.get(key) ?? 0n);
  }
  return { books: Object.fromEntries(books), held: Object.fromEntries(held) };
}

/** The record id each record-writing event of `receipt` carries, in log order. */
export function recordIdsInLogOrder(ledger: Contract, receipt: ContractTransactionReceipt): bigint[] {
  const writers = new Set([
    "DonationRecorded",
    "GrantMade",
    "GrantAcknowledged",
    "GrantRefused",
    "DisbursementRecorded",
    "DonationRefunded",
    "RecordCorrected",
    "CorrectionApproved",
  ]);
  const ledgerAddress = (ledger.target as string).toLowerCase();
  return receipt.logs
    .filter((log) => log.address.toLowerCase() === ledgerAddress)
    .map((log) => ledger.interface.parseLog(log))
    .filter((parsed) => parsed !== null && writers.has(parsed.name))
    .map((parsed) => parsed!.args[0] as bigint);
}

// ------------------------------------------------------------------ ERC-2771


/** What `LedgerForwarder.execute` takes. */
export interface ForwardRequestData {
  from: string;
  to: string;
  value: bigint;
  gas: bigint;
  deadline: bigint;
  data: string;
  signature: string;
}

/**
 * `signer`'s signed request to call `data` on the ledger through `forwarder`, with the signer's
 * current nonce and a deadline an hour after the latest block unless given. `from` may name
 * another account than the signer, to forge a request.
 */
export async function signForwardRequest(
  forwarder: Contract,
  ledger: Contract,
  signer: Signer,
  data: string,
  options: { from?: string; value?: bigint; gas?: bigint; deadline?: bigint; nonce?: bigint } = {},
): Promise<ForwardRequestData> {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: "DonationLedger", version: "1", chainId, verifyingContract: await forwarder.getAddress() };
  const latest = await ethers.provider.getBlock("latest");
  const from = options.from ?? signer.address;
  const request = {
    from,
    to: await ledger.getAddress(),
    value: options.value ?? 0n,
    gas: options.gas ?? 1_000_000n,
    nonce: options.nonce ?? ((await forwarder.nonces(from)) as bigint),
    deadline: options.deadline ?? BigInt(latest!.timestamp + 3600),
    data,
  };
  const signature = await signer.signTypedData(domain, FORWARD_REQUEST_TYPES, request);
  const { nonce: _nonce, ...rest } = request;
  return { ...rest, signature };
}
