import { allocate, type Flow } from "../domain/allocation.ts";
import { donorCommitment } from "../domain/commitments.ts";
import type { LedgerEvent } from "../domain/ledger-events.ts";
import { parseTrackingCode } from "../domain/tracking-code.ts";
import { decodeLedgerLogs } from "./decode-events.ts";
import { getLogsRanged } from "./get-logs-ranged.ts";
import { loadLedgerArtifact } from "./ledger-artifact.ts";
import { createRawRpc } from "./raw-rpc.ts";

export interface GiftOnChain {
  trackingCode: string;
  donorCommitment: string;
  ledgerAddress: string;
  donation: { recordId: string; campaignId: string; amount: string; blockNumber: string; txHash: string; logIndex: number; authorisedBy: string };
  organisation: { id: string; name: string } | undefined;
  campaign: { id: string; title: string } | undefined;
  /** Where the gift went inside its campaign, first in first out, each part with its record. */
  spent: {
    kind: "disbursement" | "grant" | "refund" | "correction";
    recordId: string;
    amount: string;
    blockNumber: string;
    txHash: string;
    /** What came back to the gift: a grant the receiving organisation refused. */
    returned?: { amount: string; recordId: string };
  }[];
  unspent: string;
}

/**
 * Finds a gift with nothing but its tracking code and a chain node: the code derives the donor
 * commitment (see server/domain/commitments.ts), which the ledger indexes, so one eth_getLogs finds
 * the donation on any copy of the chain. Its campaign's events then give, by the same FIFO rules
 * the server uses, where the gift went. No database, no server, no trust in either.
 */
export async function findGiftOnChain(options: { rpcUrl: string; trackingCode: string; ledgerAddress?: string }): Promise<GiftOnChain | undefined> {
  const parsed = parseTrackingCode(options.trackingCode);
  if (!parsed.ok) throw new Error(`Not a valid tracking code (${parsed.reason}).`);
  const commitment = donorCommitment(parsed.code);
  const abi = loadLedgerArtifact().abi;
  const reader = createRawRpc(options.rpcUrl, { timeoutMs: 60_000 });
  const head = BigInt(await reader.send("eth_blockNumber", []));
  const topic = abi.getEvent("DonationRecorded")!.topicHash;
  const found = await getLogsRanged(reader, { topics: [topic, null, null, commitment], ...(options.ledgerAddress ? { address: options.ledgerAddress } : {}) }, 0n, head, 100_000n);
  // A commitment is public, so it could be copied into a later record: the first is the gift.
  const first = found.sort((a, b) => Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) || Number(BigInt(a.logIndex) - BigInt(b.logIndex)))[0];
  if (!first) return undefined;
  const ledgerAddress = first.address.toLowerCase();
  const events = decodeLedgerLogs(abi, await getLogsRanged(reader, { address: ledgerAddress }, 0n, head));
  const gift = decodeLedgerLogs(abi, [first])[0] as Extract<LedgerEvent, { name: "DonationRecorded" }>;
  return { trackingCode: parsed.code, donorCommitment: commitment, ledgerAddress, ...describe(gift, events) };
}

function describe(gift: Extract<LedgerEvent, { name: "DonationRecorded" }>, events: LedgerEvent[]) {
  const c = gift.campaignId;
  const opened = events.find((e): e is Extract<LedgerEvent, { name: "CampaignOpened" }> => e.name === "CampaignOpened" && e.campaignId === c);
  const registered = events.find(
    (e): e is Extract<LedgerEvent, { name: "OrganisationRegistered" }> => e.name === "OrganisationRegistered" && e.orgId === opened?.orgId,
  );
  const donationIds = new Set<bigint>();
  const inflows: Flow[] = [];
  const outflows: Flow[] = [];
  const outKind = new Map<bigint, { kind: GiftOnChain["spent"][number]["kind"]; e: LedgerEvent }>();
  for (const e of events) {
    if (e.name === "DonationRecorded" && e.campaignId === c) {
      donationIds.add(e.recordId);
      inflows.push({ id: e.recordId, amount: e.amount });
    } else if (e.name === "GrantAcknowledged" && e.toCampaignId === c) inflows.push({ id: e.recordId, amount: e.amount });
    else if (e.name === "GrantRefused" && e.fromCampaignId === c) inflows.push({ id: e.recordId, amount: e.amount, returns: e.grantId });
    else if (e.name === "CorrectionApproved" && e.campaignId === c) inflows.push({ id: e.recordId, amount: e.amount });
    else if (e.name === "DisbursementRecorded" && e.campaignId === c) {
      outflows.push({ id: e.recordId, amount: e.amount });
      outKind.set(e.recordId, { kind: "disbursement", e });
    } else if (e.name === "GrantMade" && e.fromCampaignId === c) {
      outflows.push({ id: e.recordId, amount: e.amount });
      outKind.set(e.recordId, { kind: "grant", e });
    } else if (e.name === "DonationRefunded" && e.campaignId === c) {
      outflows.push({ id: e.recordId, amount: e.amount, from: e.donationId });
      outKind.set(e.recordId, { kind: "refund", e });
    } else if (e.name === "RecordCorrected" && e.campaignId === c && e.delta < 0n) {
      outflows.push({ id: e.recordId, amount: -e.delta, ...(donationIds.has(e.correctedId) ? { from: e.correctedId } : {}) });
      outKind.set(e.recordId, { kind: "correction", e });
    }
  }
  const allocation = allocate(inflows, outflows);
  const restored = allocation.restored.filter((r) => r.inflowId === gift.recordId);
  let unspent = gift.amount;
  const spent = allocation.slices
    .filter((s) => s.inflowId === gift.recordId)
    .map((s) => {
      const { kind, e } = outKind.get(s.outflowId)!;
      unspent -= s.amount;
      const back = restored.find((r) => r.outflowId === s.outflowId);
      if (back) unspent += back.amount;
      return {
        kind,
        recordId: s.outflowId.toString(),
        amount: s.amount.toString(),
        blockNumber: e.blockNumber.toString(),
        txHash: e.txHash,
        ...(back ? { returned: { amount: back.amount.toString(), recordId: back.returnId.toString() } } : {}),
      };
    });
  return {
    donation: {
      recordId: gift.recordId.toString(),
      campaignId: c.toString(),
      amount: gift.amount.toString(),
      blockNumber: gift.blockNumber.toString(),
      txHash: gift.txHash,
      logIndex: gift.logIndex,
      authorisedBy: gift.by,
    },
    organisation: registered ? { id: registered.orgId.toString(), name: registered.orgName } : undefined,
    campaign: opened ? { id: c.toString(), title: opened.title } : undefined,
    spent,
    unspent: unspent.toString(),
  };
}
