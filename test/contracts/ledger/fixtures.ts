import type { Contract } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";

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

// Realistic, non-zero facts: registration numbers, salted commitments, SHA-256 evidence.
export const REG_NO = ethers.encodeBytes32String("91110000MA01ABCD2X");
export const OTHER_REG_NO = ethers.encodeBytes32String("53100000500021676Q");
export const DONOR = ethers.id("salt-7f3a|donor-42");
export const RECIPIENT = ethers.id("supplier-7");
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
    recipientRef: RECIPIENT,
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
  recipientRef: string;
  amount: bigint;
  purpose: bigint;
  evidenceHash: string;
  payee: string;
  confirmer: string;
}

/** The DisbursementRecorded arguments for `d` leaving `balanceAfter`. */
export function disbursementArgs(recordId: bigint, d: DisbursementInput, balanceAfter: bigint): unknown[] {
  return [recordId, d.campaignId, d.recipientRef, d.amount, d.purpose, d.evidenceHash, d.payee, d.confirmer, balanceAfter];
}

/** A deployed ledger with an auditor, two ERC-20 mocks, and named accounts. */
export async function deployLedger() {
  const [admin, registrar, auditor, operator, otherOperator, outsider, donor, payee, confirmer, newcomer] =
    await ethers.getSigners();
  const ledger = await ethers.deployContract("Ledger", [admin!.address, registrar!.address]);
  const token = await ethers.deployContract("ERC20Mock", ["Test Dollar", "TUSD"]);
  const feeToken = await ethers.deployContract("ERC20FeeOnTransferMock", ["Fee Dollar", "FUSD"]);
  // Without generated typings, connect() returns a BaseContract that has lost the ABI methods.
  const by = (signer: Signer) => ledger.connect(signer) as Contract;
  await by(admin!).grantRole(AUDITOR_ROLE, auditor!.address);
  return {
    ledger,
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
  };
}

/** ORG (a charity, `operator`) and OTHER_ORG (a foundation, `otherOperator`). */
export async function withOrganisations() {
  const f = await deployLedger();
  const asRegistrar = f.by(f.registrar);
  await asRegistrar.registerOrganisation(Kind.Charity, REG_NO, "Sunrise Children's Fund");
  await asRegistrar.registerOrganisation(Kind.Foundation, OTHER_REG_NO, "Riverside Foundation");
  await asRegistrar.addOperator(ORG, f.operator.address);
  await asRegistrar.addOperator(OTHER_ORG, f.otherOperator.address);
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

/**
 * What the campaigns hold per asset (native, and per token address) against what the ledger
 * actually holds: the two must be equal after any sequence of operations.
 */
export async function holdings(ledger: Contract, tokens: Contract[]) {
  const books = new Map<string, bigint>([["native", 0n]]);
  for (let id = 1n; id <= CAMPAIGN_COUNT; id++) {
    const c = await ledger.campaign(id);
    if (c.asset === Asset.Attested) continue;
    const key = c.asset === Asset.Native ? "native" : (c.token as string).toLowerCase();
    books.set(key, (books.get(key) ?? 0n) + (c.balance as bigint));
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
