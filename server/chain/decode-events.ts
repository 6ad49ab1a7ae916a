import { decodeBytes32String, ZeroAddress, type EventFragment, type Interface } from "ethers";
import type { LedgerEvent, LedgerEventData } from "../domain/ledger-events.ts";

/** A log as eth_getLogs returns it (hex quantities). */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  removed?: boolean;
}

/** Decodes the ledger's logs; logs of events this version does not know are skipped, not guessed. */
export function decodeLedgerLogs(abi: Interface, logs: readonly RawLog[]): LedgerEvent[] {
  const byTopic = eventsByTopic(abi);
  const events: LedgerEvent[] = [];
  for (const log of logs) {
    const fragment = log.topics[0] ? byTopic.get(log.topics[0]) : undefined;
    if (!fragment) continue;
    const data = toEventData(fragment.name, abi.decodeEventLog(fragment, log.data, log.topics));
    if (!data) continue;
    events.push({
      ...data,
      blockNumber: BigInt(log.blockNumber),
      blockHash: log.blockHash,
      txHash: log.transactionHash,
      txIndex: Number(log.transactionIndex),
      logIndex: Number(log.logIndex),
    });
  }
  return events;
}

// Once per ABI, not per log: ethers' parseLog computes every event's topic hash on each call.
const topicMaps = new WeakMap<Interface, Map<string, EventFragment>>();
function eventsByTopic(abi: Interface): Map<string, EventFragment> {
  let map = topicMaps.get(abi);
  if (!map) {
    map = new Map();
    abi.forEachEvent((fragment) => map!.set(fragment.topicHash, fragment));
    topicMaps.set(abi, map);
  }
  return map;
}

// ethers' Result is positional and named; reading by name keeps this robust to argument order.
function toEventData(name: string, a: Record<string, unknown>): LedgerEventData | undefined {
  const big = (k: string) => BigInt(a[k] as bigint);
  const addr = (k: string) => (a[k] as string).toLowerCase();
  const optionalAddr = (k: string) => (a[k] === ZeroAddress ? null : addr(k));
  switch (name) {
    case "RoleGranted":
    case "RoleRevoked":
      return { name, role: a.role as string, account: addr("account"), sender: addr("sender") };
    case "RoleAdminChanged":
      return { name, role: a.role as string, previousAdminRole: a.previousAdminRole as string, newAdminRole: a.newAdminRole as string };
    case "OrganisationRegistered":
      return {
        name,
        orgId: big("orgId"),
        kind: Number(a.kind),
        registrationNumber: bytes32ToText(a.registrationNumber as string),
        orgName: a.name as string,
      };
    case "OperatorAdded":
    case "OperatorRemoved":
      return { name, orgId: big("orgId"), operator: addr("operator") };
    case "OrganisationSuspended":
    case "OrganisationReinstated":
      return { name, orgId: big("orgId") };
    case "CampaignOpened":
      return {
        name,
        campaignId: big("campaignId"),
        orgId: big("orgId"),
        asset: Number(a.asset),
        currency: Buffer.from((a.currency as string).slice(2), "hex").toString("latin1").replace(/\0/g, ""),
        token: optionalAddr("token"),
        target: big("target"),
        title: a.title as string,
        by: addr("by"),
      };
    case "CampaignClosed":
      return { name, campaignId: big("campaignId"), orgId: big("orgId"), by: addr("by") };
    case "DonationRecorded":
      return {
        name,
        recordId: big("recordId"),
        campaignId: big("campaignId"),
        amount: big("amount"),
        channel: Number(a.channel),
        donorCommitment: a.donorCommitment as string,
        balanceAfter: big("balanceAfter"),
        by: addr("by"),
      };
    case "GrantMade":
      return {
        name,
        recordId: big("recordId"),
        fromCampaignId: big("fromCampaignId"),
        toCampaignId: big("toCampaignId"),
        amount: big("amount"),
        memoHash: a.memoHash as string,
        fromBalanceAfter: big("fromBalanceAfter"),
        by: addr("by"),
      };
    case "GrantAcknowledged":
      return {
        name,
        recordId: big("recordId"),
        grantId: big("grantId"),
        toCampaignId: big("toCampaignId"),
        amount: big("amount"),
        toBalanceAfter: big("toBalanceAfter"),
        by: addr("by"),
      };
    case "GrantRefused":
      return {
        name,
        recordId: big("recordId"),
        grantId: big("grantId"),
        fromCampaignId: big("fromCampaignId"),
        amount: big("amount"),
        reasonHash: a.reasonHash as string,
        fromBalanceAfter: big("fromBalanceAfter"),
        by: addr("by"),
      };
    case "DisbursementRecorded":
      return {
        name,
        recordId: big("recordId"),
        campaignId: big("campaignId"),
        recipientCommitment: a.recipientCommitment as string,
        amount: big("amount"),
        purpose: Number(a.purpose),
        evidenceHash: a.evidenceHash as string,
        payee: optionalAddr("payee"),
        confirmer: optionalAddr("confirmer"),
        balanceAfter: big("balanceAfter"),
        by: addr("by"),
      };
    case "DisbursementConfirmed":
      return { name, disbursementId: big("disbursementId"), by: addr("by") };
    case "RecordAttested":
      return { name, recordId: big("recordId"), by: addr("by"), noteHash: a.noteHash as string };
    case "DonationRefunded":
      return {
        name,
        recordId: big("recordId"),
        donationId: big("donationId"),
        campaignId: big("campaignId"),
        amount: big("amount"),
        reasonHash: a.reasonHash as string,
        balanceAfter: big("balanceAfter"),
        by: addr("by"),
      };
    case "RecordCorrected":
      return {
        name,
        recordId: big("recordId"),
        correctedId: big("correctedId"),
        campaignId: big("campaignId"),
        delta: BigInt(a.delta as bigint),
        reasonHash: a.reasonHash as string,
        balanceAfter: big("balanceAfter"),
        by: addr("by"),
      };
    case "CorrectionApproved":
      return {
        name,
        recordId: big("recordId"),
        correctionId: big("correctionId"),
        campaignId: big("campaignId"),
        amount: big("amount"),
        balanceAfter: big("balanceAfter"),
        by: addr("by"),
      };
    default:
      return undefined;
  }
}

/** Short ASCII references travel on-chain right-padded in a bytes32; anything else stays hex. */
export function bytes32ToText(value: string): string {
  try {
    return decodeBytes32String(value);
  } catch {
    return value;
  }
}
