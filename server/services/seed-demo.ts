import { createHash } from "node:crypto";
import type { Signer } from "ethers";
import { ledgerAdmin } from "../chain/ledger-admin.ts";
import type { Db } from "../db/prisma.ts";
import type { Principal } from "../domain/principal.ts";
import { createApiClient } from "./create-api-client.ts";
import { recordDisbursement } from "./record-disbursement.ts";
import { recordDonation } from "./record-donation.ts";

export interface DemoSeed {
  foundation: { orgId: bigint; campaignId: bigint; clientId: string; secret: string };
  partner: { orgId: bigint; campaignId: bigint; clientId: string; secret: string };
  /** A gift that was donated and partly paid out. */
  trackingCode: string;
}

export interface SeedDemoOptions {
  db: Db;
  ledgerAddress: string;
  registrar: Signer;
  /** The charities' own key, added as an operator next to the API's submitter. */
  charityOperator: Signer;
  submitterAddress: string;
  /** Resolves when the mirror holds `block`. */
  waitForBlock(block: bigint): Promise<void>;
  /** Resolves when the write with this outbox id is settled and mirrored. */
  waitForWrite(id: bigint): Promise<void>;
  onWriteAccepted(): void;
}

const FOUNDATION = { clientId: "sunrise-foundation", kind: 1, registrationNumber: "53100000500021676K", name: "Sunrise Children's Foundation" };
const PARTNER = { clientId: "harbour-partners", kind: 2, registrationNumber: "52440300MJL171234X", name: "Harbour Community Partners" };

/**
 * A demo that tells the whole story: a foundation and a partner NGO, a campaign each,
 * three gifts and one payout. Safe to run again: what exists is reused, writes are idempotent.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<DemoSeed> {
  const foundation = await ensureOrganisation(options, FOUNDATION, { currency: "CNY", target: 50_000_000n, title: "School lunches in Gansu" });
  const partner = await ensureOrganisation(options, PARTNER, { currency: "CNY", target: 0n, title: "Flood relief kits" });

  const principal: Principal = { clientId: foundation.clientId, role: "charity", organisationId: foundation.orgId };
  const gifts = [
    { amount: 20_000n, channel: "alipay" as const, donorReference: "demo-donor-0001" },
    { amount: 50_000n, channel: "wechat_pay" as const, donorReference: "demo-donor-0002" },
    { amount: 12_500n, channel: "bank" as const },
  ];
  const accepted = [];
  for (const [i, gift] of gifts.entries()) {
    const write = await recordDonation({
      db: options.db,
      principal,
      idempotencyKey: `demo-donation-${i + 1}`,
      request: { campaignId: foundation.campaignId, ...gift },
    });
    options.onWriteAccepted();
    accepted.push(write);
  }
  for (const write of accepted) await options.waitForWrite(write.id);

  const payout = await recordDisbursement({
    db: options.db,
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
  await options.waitForWrite(payout.id);

  return {
    foundation: { ...foundation },
    partner: { ...partner },
    trackingCode: accepted[1]!.trackingCode!,
  };
}

async function ensureOrganisation(
  options: SeedDemoOptions,
  org: typeof FOUNDATION,
  campaign: { currency: string; target: bigint; title: string },
) {
  const { db } = options;
  const { clientId } = org;
  const existing = await db.organisation.findFirst({ where: { registrationNumber: org.registrationNumber } });
  let orgId: bigint;
  let campaignId: bigint;
  if (existing) {
    orgId = existing.id;
    campaignId = (await db.campaign.findFirstOrThrow({ where: { orgId, title: campaign.title } })).id;
  } else {
    const registrar = ledgerAdmin(options.ledgerAddress, options.registrar);
    orgId = (await registrar.registerOrganisation({ kind: org.kind, registrationNumber: org.registrationNumber, name: org.name })).id;
    await registrar.addOperator(orgId, options.submitterAddress);
    await registrar.addOperator(orgId, await options.charityOperator.getAddress());
    const opened = await ledgerAdmin(options.ledgerAddress, options.charityOperator).openCampaign({ orgId, ...campaign });
    campaignId = opened.id;
    await options.waitForBlock(opened.block);
  }
  const { secret } = await createApiClient({ db, clientId, role: "charity", organisationId: orgId });
  return { orgId, campaignId, clientId, secret };
}
