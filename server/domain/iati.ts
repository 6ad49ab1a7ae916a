import { currencyExponent, minorUnitsToDecimal } from "./money.ts";
import { CHANNELS, PURPOSES } from "./schemas.ts";
import { closeTag, element, openTag } from "./xml.ts";

/**
 * The ledger as IATI 2.03 activity XML (iatistandard.org/en/iati-standard/203): each campaign an
 * `iati-activity`, its money as transactions. Pure: it turns rows into text; the service streams
 * it. The codes below are from the IATI codelists of version 2.03 (test/fixtures/iati-codelists.json
 * holds the values and checks them).
 */
export const IATI_VERSION = "2.03";

/** TransactionType (embedded codelist). */
export const TRANSACTION_TYPE = { incomingFunds: "1", disbursement: "3", expenditure: "4" } as const;
/** ActivityStatus: an open campaign is being carried out; a closed one that still holds money is still paying out (Finalisation), one that holds none is Closed. */
export const ACTIVITY_STATUS = { implementation: "2", finalisation: "3", closed: "4" } as const;
/** ActivityDateType: the block that opened the campaign, and the one that closed it. */
export const ACTIVITY_DATE_TYPE = { actualStart: "2", actualEnd: "4" } as const;
/** OrganisationRole. */
export const ORGANISATION_ROLE = { funding: "1", accountable: "2", implementing: "4" } as const;
/** DescriptionType: General. */
export const DESCRIPTION_TYPE_GENERAL = "1";
/** SectorVocabulary 99, "Reporting Organisation": the ledger's own purpose categories as sector codes on expenditure. */
export const SECTOR_VOCABULARY_REPORTING_ORGANISATION = "99";

/**
 * OrganisationType for the ledger's OrganisationKind (ILedger.sol: Charity, Foundation, Partner,
 * Supplier): a charity and a partner NGO are National NGOs (22), a foundation a Foundation (60), a
 * supplier Private Sector (70).
 */
export const ORGANISATION_TYPE_OF_KIND: readonly string[] = ["22", "60", "22", "70"];

/** OrganisationRegistrationAgency (org-id.guide) for China's unified social credit code: "Unified Social Credit Identifier". */
export const USCI_PREFIX = "CN-USCI";

// GB 32100-2015: 18 characters of digits and capitals without I, O, S, V, Z; characters 3 to 8 the region's six digits.
const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * The IATI organisation identifier of a registration number that has the form of a unified social
 * credit code ("CN-USCI-53100000500021676K"); undefined for any other. The form is checked, not the
 * check digit: the registrar vouched for the number when it registered the organisation.
 */
export function iatiOrganisationRef(registrationNumber: string): string | undefined {
  const code = registrationNumber.trim().toUpperCase();
  return USCC.test(code) ? `${USCI_PREFIX}-${code}` : undefined;
}

/** The activity identifier of a campaign: its organisation's identifier and the campaign's ledger id. */
export function iatiActivityId(organisationRef: string, campaignId: string): string {
  return `${organisationRef}-${campaignId}`;
}

export interface IatiOrganisation {
  id: string;
  name: string;
  /** OrganisationKind on the ledger. */
  kind: number;
  registrationNumber: string;
}

export interface IatiCampaign {
  id: string;
  title: string;
  /** 0 attested fiat (currency an ISO 4217 code); 1 native, 2 ERC-20: no ISO code, so no transactions in IATI. */
  asset: number;
  currency: string;
  /** Days (UTC) of the blocks that opened and closed it. */
  openedOn: string;
  closedOn: string | null;
  /** What it holds now, minor units. */
  held: string;
}

/** One transaction of a campaign as the database gives it; which fields are set depends on `kind`. */
export interface IatiTransactionRow {
  /** donations: the campaign's gifts of one channel in one month, summed; the rest one record each. */
  kind: "donations" | "refund" | "grant_sent" | "grant_refused" | "grant_received" | "disbursement";
  /** The day (UTC) of the record's block; for donations, of the month's last gift. */
  day: string;
  amount: string;
  /** The record's transaction hash; null for donations (many transactions). */
  txHash: string | null;
  recordId: string | null;
  /** The grant a refusal or an acknowledgement answers; the donation a refund returns. */
  relatedRecordId: string | null;
  /** donations: how many, their month (YYYY-MM), channel, and first and last block. */
  count: number | null;
  month: string | null;
  channel: number | null;
  firstBlock: string | null;
  lastBlock: string | null;
  purpose: number | null;
  evidenceHash: string | null;
  recipientCommitment: string | null;
  /** For grants: the campaign at the other end and its organisation. */
  counterpartyCampaignId: string | null;
  counterparty: IatiOrganisation | null;
}

export function iatiDocumentStart(generatedAt: Date): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${openTag("iati-activities", { version: IATI_VERSION, "generated-datetime": isoSeconds(generatedAt) })}\n`;
}

export function iatiDocumentEnd(): string {
  return `${closeTag("iati-activities")}\n`;
}

/** Everything of a campaign's activity before its transactions. */
export function iatiActivityStart(input: { organisation: IatiOrganisation; organisationRef: string; campaign: IatiCampaign; ledgerAddress: string; asOfBlock: string | null }): string {
  const { organisation, organisationRef, campaign } = input;
  const fiat = campaign.asset === 0;
  const orgType = organisationType(organisation.kind);
  const status = campaign.closedOn === null ? ACTIVITY_STATUS.implementation : BigInt(campaign.held) > 0n ? ACTIVITY_STATUS.finalisation : ACTIVITY_STATUS.closed;
  const about =
    `Campaign ${campaign.id} of ${organisation.name}, as recorded on the donation ledger contract ${input.ledgerAddress}` +
    (input.asOfBlock !== null ? ` up to block ${input.asOfBlock}` : "") +
    ". Each transaction's ref is the hash of the chain transaction that recorded it; donations are summed per month and channel, donors masked." +
    (fiat ? "" : " Its amounts are in an on-chain asset with no ISO 4217 code, so its transactions are not reported here.");
  return (
    openTag("iati-activity", { "xml:lang": "en", ...(fiat ? { "default-currency": campaign.currency } : {}) }) +
    element("iati-identifier", {}, { text: iatiActivityId(organisationRef, campaign.id) }) +
    element("reporting-org", { ref: organisationRef, type: orgType }, { xml: [narrative(organisation.name)] }) +
    element("title", {}, { xml: [narrative(campaign.title)] }) +
    element("description", { type: DESCRIPTION_TYPE_GENERAL }, { xml: [narrative(about)] }) +
    element("participating-org", { ref: organisationRef, type: orgType, role: ORGANISATION_ROLE.accountable }, { xml: [narrative(organisation.name)] }) +
    element("participating-org", { ref: organisationRef, type: orgType, role: ORGANISATION_ROLE.implementing }, { xml: [narrative(organisation.name)] }) +
    element("activity-status", { code: status }) +
    element("activity-date", { type: ACTIVITY_DATE_TYPE.actualStart, "iso-date": campaign.openedOn }) +
    (campaign.closedOn !== null ? element("activity-date", { type: ACTIVITY_DATE_TYPE.actualEnd, "iso-date": campaign.closedOn }) : "") +
    "\n"
  );
}

export function iatiActivityEnd(): string {
  return `${closeTag("iati-activity")}\n`;
}

const MASKED_DONORS = "Individual donors (masked)";

/** One `transaction` of the campaign's activity. */
export function iatiTransaction(row: IatiTransactionRow, context: { organisation: IatiOrganisation; organisationRef: string; campaign: IatiCampaign }): string {
  const { organisation, organisationRef, campaign } = context;
  const us = { ref: organisationRef, type: organisationType(organisation.kind), activity: iatiActivityId(organisationRef, campaign.id), name: organisation.name };
  const them = row.counterparty ? counterpartyOf(row.counterparty, row.counterpartyCampaignId) : undefined;
  const amount = BigInt(row.amount);
  let type: string;
  let description: string;
  let provider: Party | undefined;
  let receiver: Party | undefined;
  let sector: string | undefined;
  switch (row.kind) {
    case "donations":
      type = TRANSACTION_TYPE.incomingFunds;
      description = `${row.count} donation${row.count === 1 ? "" : "s"} by ${channelName(row.channel)} in ${row.month}, recorded in blocks ${row.firstBlock} to ${row.lastBlock}`;
      provider = { name: MASKED_DONORS };
      receiver = us;
      break;
    case "refund":
      type = TRANSACTION_TYPE.incomingFunds;
      description = `Refund ${row.recordId} of donation ${row.relatedRecordId} to its donor: incoming funds returned`;
      provider = { name: MASKED_DONORS };
      receiver = us;
      break;
    case "grant_sent":
      type = TRANSACTION_TYPE.disbursement;
      description = `Grant ${row.recordId} to campaign ${row.counterpartyCampaignId} of ${row.counterparty?.name ?? "another organisation"}`;
      provider = us;
      receiver = them;
      break;
    case "grant_refused":
      type = TRANSACTION_TYPE.disbursement;
      description = `Grant ${row.relatedRecordId} refused or withdrawn (record ${row.recordId}): the money came back`;
      provider = us;
      receiver = them;
      break;
    case "grant_received":
      type = TRANSACTION_TYPE.incomingFunds;
      description = `Grant ${row.relatedRecordId} from campaign ${row.counterpartyCampaignId} of ${row.counterparty?.name ?? "another organisation"}, acknowledged (record ${row.recordId})`;
      provider = them;
      receiver = us;
      break;
    case "disbursement": {
      const purpose = purposeName(row.purpose);
      type = TRANSACTION_TYPE.expenditure;
      description = `Disbursement ${row.recordId} for ${purpose}; evidence SHA-256 ${row.evidenceHash}; recipient commitment ${row.recipientCommitment}`;
      provider = us;
      sector = purpose;
      break;
    }
  }
  // Money that went back (a refund, a refused grant) is the same type with a negative value, as IATI reports reversals.
  const signed = row.kind === "refund" || row.kind === "grant_refused" ? -amount : amount;
  return (
    openTag("transaction", row.txHash !== null ? { ref: row.txHash } : {}) +
    element("transaction-type", { code: type }) +
    element("transaction-date", { "iso-date": row.day }) +
    element("value", { currency: campaign.currency, "value-date": row.day }, { text: minorUnitsToDecimal(signed, currencyExponent(campaign.currency)) }) +
    element("description", {}, { xml: [narrative(description)] }) +
    (provider ? element("provider-org", { ref: provider.ref, "provider-activity-id": provider.activity, type: provider.type }, { xml: [narrative(provider.name)] }) : "") +
    (receiver ? element("receiver-org", { ref: receiver.ref, "receiver-activity-id": receiver.activity, type: receiver.type }, { xml: [narrative(receiver.name)] }) : "") +
    (sector !== undefined ? element("sector", { vocabulary: SECTOR_VOCABULARY_REPORTING_ORGANISATION, code: sector }, { xml: [narrative(sector)] }) : "") +
    closeTag("transaction") +
    "\n"
  );
}

interface Party {
  ref?: string | undefined;
  type?: string | undefined;
  activity?: string | undefined;
  name: string;
}

function counterpartyOf(organisation: IatiOrganisation, campaignId: string | null): Party {
  const ref = iatiOrganisationRef(organisation.registrationNumber);
  return {
    ref,
    type: organisationType(organisation.kind),
    activity: ref !== undefined && campaignId !== null ? iatiActivityId(ref, campaignId) : undefined,
    name: organisation.name,
  };
}

function organisationType(kind: number): string | undefined {
  return ORGANISATION_TYPE_OF_KIND[kind];
}

/** A narrative; text with Han characters is marked Chinese (the activity's default language is English, the text the ledger's own). */
export function narrative(text: string): string {
  return element("narrative", /\p{Script=Han}/u.test(text) ? { "xml:lang": "zh" } : {}, { text });
}

function channelName(channel: number | null): string {
  return channel === null ? "unknown channel" : (CHANNELS[channel] ?? `channel ${channel}`);
}

function purposeName(purpose: number | null): string {
  return purpose === null ? "unknown" : (PURPOSES[purpose] ?? `purpose-${purpose}`);
}

/** xsd:dateTime without milliseconds. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
