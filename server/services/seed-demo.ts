import { createHash } from "node:crypto";
import type { Signer, Wallet } from "ethers";
import { ledgerAdmin } from "../chain/ledger-admin.ts";
import type { OrgSigners } from "../db/org-signers.ts";
import type { OutboxStore } from "../db/outbox.ts";
import type { ApiClientStore } from "../db/api-clients.ts";
import type { OrganisationReads } from "../db/organisations.ts";
import type { Principal } from "../domain/principal.ts";
import { createApiClient } from "./create-api-client.ts";
import { verifySecret } from "./credentials.ts";
import { rotateApiClient } from "./rotate-api-client.ts";
import { onboardOrganisation } from "./onboard-organisation.ts";
import { resumeOnboarding } from "./resume-onboarding.ts";
import { recordDisbursement } from "./record-disbursement.ts";
import { publishDisclosure } from "./publish-disclosure.ts";
import { recordDonation } from "./record-donation.ts";
import { waitForLanding } from "./wait-for-write.ts";
import type { WriteSecrets } from "./write-secrets.ts";

export interface DemoOrganisation {
  orgId: bigint;
  campaignId: bigint;
  clientId: string;
  secret: string;
  /** The key the charity keeps itself (besides the one the server signs its API writes with). */
  ownKey: Signer;
}

export interface DemoSeed {
  foundation: DemoOrganisation;
  partner: DemoOrganisation;
  /** A gift that was donated and partly paid out. */
  trackingCode: string;
}

export interface SeedDemoOptions {
  apiClients: ApiClientStore;
  organisations: OrganisationReads;
  outbox: OutboxStore;
  secrets: WriteSecrets;
  ledgerAddress: string;
  registrar: Signer;
  orgSigners: OrgSigners;
  funder?: Signer;
  fundingWei: bigint;
  /** The charities' own keys, added as operators next to the keys the server holds for them. */
  ownKeys: { foundation: Wallet; partner: Wallet };
  /** Resolves when the mirror holds `block`. */
  waitForBlock(block: bigint): Promise<void>;
  /** The newest block the mirror will hold (the chain's head less the confirmations awaited). */
  chainHead(): Promise<bigint>;
  /** Resolves when the write with this outbox id is settled and mirrored. */
  waitForWrite(id: bigint): Promise<unknown>;
  onWriteAccepted(): void;
  /**
   * Told after each step is done or found done, in the same order on every run (a run cut short
   * and its restart name the same steps): what a progress line or a crash test follows.
   */
  onStep?: (step: string) => Promise<void> | void;
  /** Where the demo clients' secrets are kept between runs (DATA_DIR/demo-credentials.json). */
  credentials?: { get(clientId: string): string | undefined; set(clientId: string, secret: string): void };
}

const FOUNDATION = { clientId: "sunrise-foundation", kind: 1, registrationNumber: "53100000500021676K", name: "Sunrise Children's Foundation" };
const PARTNER = { clientId: "harbour-partners", kind: 2, registrationNumber: "52440300MJL171234X", name: "Harbour Community Partners" };

/**
 * A demo that tells the whole story: a foundation (holding public-fundraising status) and a
 * partner NGO, a campaign each, three gifts, one payout, and the foundation's disclosure of what
 * its campaign raised. Safe to run again: what exists is reused, writes are idempotent.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<DemoSeed> {
  await options.waitForBlock(await options.chainHead());
  const foundation = await ensureOrganisation(options, FOUNDATION, options.ownKeys.foundation, { currency: "CNY", target: 50_000_000n, title: "School lunches in Gansu" });
  const partner = await ensureOrganisation(options, PARTNER, options.ownKeys.partner, { currency: "CNY", target: 0n, title: "Flood relief kits" });

  const principal: Principal = { clientId: foundation.clientId, role: "charity", organisationId: foundation.orgId };
  const gifts = [
    { amount: 20_000n, channel: "alipay" as const, donorReference: "demo-donor-0001" },
    { amount: 50_000n, channel: "wechat_pay" as const, donorReference: "demo-donor-0002" },
    { amount: 12_500n, channel: "bank" as const },
  ];
  const step = options.onStep ?? (() => {});
  const accepted = [];
  for (const [i, gift] of gifts.entries()) {
    const write = await recordDonation({
      outbox: options.outbox,
      secrets: options.secrets,
      principal,
      idempotencyKey: `demo-donation-${i + 1}`,
      request: { campaignId: foundation.campaignId, ...gift },
    });
    options.onWriteAccepted();
    accepted.push(write);
    await step(`donation ${i + 1} accepted`);
  }
  for (const write of accepted) await options.waitForWrite(write.id);
  await step("donations on the ledger");

  const payout = await recordDisbursement({
    outbox: options.outbox,
    secrets: options.secrets,
    principal,
    idempotencyKey: "demo-disbursement-1",
    request: {
      campaignId: foundation.campaignId,
      amount: 45_000n,
      purpose: "programme",
      recipientRef: "SUPPLIER-0042",
      evidenceSha256: "0x" + createHash("sha256").update("Invoice 2026-117: 300 school lunches").digest("hex"),
    },
  });
  options.onWriteAccepted();
  await step("payout accepted");
  await options.waitForWrite(payout.id);
  await step("payout on the ledger");

  await ensurePublicFundraising(options, foundation.orgId);
  await step("foundation holds public-fundraising status");
  await discloseFundsRaised(options, principal, foundation.campaignId, accepted[0]!.id, payout.id);
  await step("disclosure on the ledger");

  return { foundation, partner, trackingCode: accepted[1]!.trackingCode! };
}

/** The registrar records the foundation's qualification, unless the mirror shows it holds it already. */
async function ensurePublicFundraising(options: SeedDemoOptions, orgId: bigint): Promise<void> {
  if (await options.organisations.holdsPublicFundraising(orgId)) return;
  const done = await ledgerAdmin(options.ledgerAddress, options.registrar).setPublicFundraising(orgId, true);
  await options.waitForBlock(done.block);
}

/**
 * The foundation discloses what its campaign raised from the first gift to the payout. The period
 * is read from the blocks those writes landed in, so a run cut short and its restart send the
 * same request under the same key, which is then written once.
 */
async function discloseFundsRaised(options: SeedDemoOptions, principal: Principal, campaignId: bigint, firstGift: bigint, payout: bigint): Promise<void> {
  const blockTime = async (write: bigint) => {
    const { blockNumber } = await waitForLanding({ outbox: options.outbox, id: write });
    const block = await options.registrar.provider!.getBlock(blockNumber);
    return BigInt(block!.timestamp);
  };
  const coversFrom = await blockTime(firstGift);
  const coversTo = await blockTime(payout);
  const report = `Sunrise Children's Foundation: funds raised for school lunches in Gansu, ${coversFrom} to ${coversTo}`;
  const disclosure = await publishDisclosure({
    outbox: options.outbox,
    secrets: options.secrets,
    principal,
    idempotencyKey: "demo-disclosure-1",
    campaignId,
    request: { coversFrom, coversTo, documentSha256: "0x" + createHash("sha256").update(report).digest("hex"), final: false },
  });
  options.onWriteAccepted();
  await waitForLanding({ outbox: options.outbox, id: disclosure.id });
}

async function ensureOrganisation(
  options: SeedDemoOptions,
  org: typeof FOUNDATION,
  ownKey: Wallet,
  campaign: { currency: string; target: bigint; title: string },
): Promise<DemoOrganisation> {
  const { organisations } = options;
  const { clientId } = org;
  // Each step is recognised as done from the mirror (which holds the chain's head when seeding
  // begins), so a run cut short at any step is finished, never repeated: one demo, whatever crashed.
  const onboarding = {
    ledgerAddress: options.ledgerAddress,
    registrar: options.registrar,
    orgSigners: options.orgSigners,
    ...(options.funder ? { funder: options.funder } : {}),
    fundingWei: options.fundingWei,
    organisation: { kind: org.kind, registrationNumber: org.registrationNumber, name: org.name },
    ownKeys: [ownKey.address],
    onStep: (step: string) => options.onStep?.(`${org.name}: ${step}`),
  };
  const existing = await organisations.findByRegistrationNumber(org.registrationNumber);
  const { orgId } = existing !== undefined ? await resumeOnboarding({ ...onboarding, organisations, orgId: existing }) : await onboardOrganisation(onboarding);
  if (existing === undefined) await options.waitForBlock(await options.chainHead());
  let campaignId = await organisations.findCampaign(orgId, campaign.title);
  if (campaignId === undefined) {
    // The charity opens its campaign with its own key; API writes go out from the server-held key.
    const opened = await ledgerAdmin(options.ledgerAddress, ownKey).openCampaign({ orgId, ...campaign });
    campaignId = opened.id;
    await options.onStep?.(`${org.name}: campaign opened`);
    await options.waitForBlock(opened.block);
  } else {
    await options.onStep?.(`${org.name}: campaign opened`);
  }
  const secret = await ensureDemoClient(options, clientId, orgId);
  await options.onStep?.(`${org.name}: API client ready`);
  return { orgId, campaignId, clientId, secret, ownKey };
}

/**
 * The demo client keeps its secret across restarts: an integration that saved it goes on working.
 * A new one is made only when none was kept or the kept one no longer matches.
 */
async function ensureDemoClient(options: SeedDemoOptions, clientId: string, orgId: bigint): Promise<string> {
  const { apiClients, organisations } = options;
  const kept = options.credentials?.get(clientId);
  const existing = await apiClients.find(clientId);
  if (existing && kept && (await verifySecret(kept, existing.secretHash))) return kept;
  const { secret } = existing ? await rotateApiClient({ apiClients, clientId }) : await createApiClient({ apiClients, organisations, clientId, role: "charity", organisationId: orgId });
  options.credentials?.set(clientId, secret);
  return secret;
}
