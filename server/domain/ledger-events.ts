/**
 * The ledger contract's events as the mirror sees them, declared once: for each event, each field's
 * name in the mirror, its argument in ILedger.sol, and its kind. The TypeScript types, the decoding
 * (chain/decode-events.ts), the bulk inserts (indexer/insert-records.ts) and, through a test, the
 * migrated tables all come from this table, so a new field touches one place here besides the
 * contract and a migration.
 */

/** How a field is carried on-chain, read, typed, and stored. */
export const FIELD_KINDS = {
  /** uint64 ids (organisations, campaigns): Postgres bigint. */
  id: { sql: "bigint" },
  /** uint256 amounts and record ids: numeric(78,0), never a float. */
  uint: { sql: "numeric" },
  /** int256 deltas. */
  int: { sql: "numeric" },
  /** Solidity enums. */
  small: { sql: "smallint" },
  address: { sql: "text" },
  /** An address where zero means "none": null in the mirror. */
  optionalAddress: { sql: "text" },
  /** bytes32 kept as 0x-hex (hashes, commitments, roles). */
  hash: { sql: "text" },
  /** bytes32 holding short right-padded ASCII (registration numbers). */
  text32: { sql: "text" },
  text: { sql: "text" },
  /** bytes3 ISO 4217 code, empty for on-chain assets. */
  currency: { sql: "char(3)" },
  /** Solidity bool. */
  flag: { sql: "boolean" },
  /** uint64 Unix seconds that the event itself names (a disclosed period's bounds): timestamptz in the mirror. */
  time: { sql: "timestamptz" },
} as const;
export type FieldKind = keyof typeof FIELD_KINDS;

interface KindTypes {
  id: bigint;
  uint: bigint;
  int: bigint;
  small: number;
  address: string;
  optionalAddress: string | null;
  hash: string;
  text32: string;
  text: string;
  currency: string;
  flag: boolean;
  /** Seconds since the epoch, as the event carries them. */
  time: bigint;
}

/** A field: its name in the mirror, then [its argument's name in the event, its kind]. */
type FieldSpecs = Readonly<Record<string, readonly [arg: string, kind: FieldKind]>>;

const roleChange = { role: ["role", "hash"], account: ["account", "address"], sender: ["sender", "address"] } as const;
const orgOnly = { orgId: ["orgId", "id"] } as const;
const operatorChange = { orgId: ["orgId", "id"], operator: ["operator", "address"] } as const;

export const LEDGER_EVENTS = {
  RoleGranted: roleChange,
  RoleRevoked: roleChange,
  RoleAdminChanged: { role: ["role", "hash"], previousAdminRole: ["previousAdminRole", "hash"], newAdminRole: ["newAdminRole", "hash"] },
  OrganisationRegistered: { orgId: ["orgId", "id"], kind: ["kind", "small"], registrationNumber: ["registrationNumber", "text32"], orgName: ["name", "text"] },
  OperatorAdded: operatorChange,
  OperatorRemoved: operatorChange,
  OrganisationSuspended: orgOnly,
  OrganisationReinstated: orgOnly,
  PublicFundraisingStatusChanged: { orgId: ["orgId", "id"], qualified: ["qualified", "flag"] },
  CampaignOpened: {
    campaignId: ["campaignId", "id"],
    orgId: ["orgId", "id"],
    asset: ["asset", "small"],
    currency: ["currency", "currency"],
    token: ["token", "optionalAddress"],
    target: ["target", "uint"],
    title: ["title", "text"],
    by: ["by", "address"],
  },
  CampaignClosed: { campaignId: ["campaignId", "id"], orgId: ["orgId", "id"], by: ["by", "address"] },
  CampaignTargetChanged: { campaignId: ["campaignId", "id"], orgId: ["orgId", "id"], target: ["target", "uint"], by: ["by", "address"] },
  DisclosurePublished: {
    campaignId: ["campaignId", "id"],
    orgId: ["orgId", "id"],
    coversFrom: ["coversFrom", "time"],
    coversTo: ["coversTo", "time"],
    documentHash: ["documentHash", "hash"],
    final: ["isFinal", "flag"],
    by: ["by", "address"],
  },
  DonationRecorded: {
    recordId: ["recordId", "uint"],
    campaignId: ["campaignId", "id"],
    amount: ["amount", "uint"],
    channel: ["channel", "small"],
    donorCommitment: ["donorCommitment", "hash"],
    balanceAfter: ["balanceAfter", "uint"],
    by: ["by", "address"],
  },
  GrantMade: {
    recordId: ["recordId", "uint"],
    fromCampaignId: ["fromCampaignId", "id"],
    toCampaignId: ["toCampaignId", "id"],
    amount: ["amount", "uint"],
    memoHash: ["memoHash", "hash"],
    fromBalanceAfter: ["fromBalanceAfter", "uint"],
    by: ["by", "address"],
  },
  GrantAcknowledged: {
    recordId: ["recordId", "uint"],
    grantId: ["grantId", "uint"],
    toCampaignId: ["toCampaignId", "id"],
    amount: ["amount", "uint"],
    toBalanceAfter: ["toBalanceAfter", "uint"],
    by: ["by", "address"],
  },
  GrantRefused: {
    recordId: ["recordId", "uint"],
    grantId: ["grantId", "uint"],
    fromCampaignId: ["fromCampaignId", "id"],
    amount: ["amount", "uint"],
    reasonHash: ["reasonHash", "hash"],
    fromBalanceAfter: ["fromBalanceAfter", "uint"],
    by: ["by", "address"],
  },
  DisbursementRecorded: {
    recordId: ["recordId", "uint"],
    campaignId: ["campaignId", "id"],
    recipientCommitment: ["recipientCommitment", "hash"],
    amount: ["amount", "uint"],
    purpose: ["purpose", "small"],
    evidenceHash: ["evidenceHash", "hash"],
    payee: ["payee", "optionalAddress"],
    confirmer: ["confirmer", "optionalAddress"],
    balanceAfter: ["balanceAfter", "uint"],
    by: ["by", "address"],
  },
  DisbursementConfirmed: { disbursementId: ["disbursementId", "uint"], by: ["by", "address"] },
  RecordAttested: { recordId: ["recordId", "uint"], by: ["by", "address"], noteHash: ["noteHash", "hash"] },
  DonationRefunded: {
    recordId: ["recordId", "uint"],
    donationId: ["donationId", "uint"],
    campaignId: ["campaignId", "id"],
    amount: ["amount", "uint"],
    reasonHash: ["reasonHash", "hash"],
    balanceAfter: ["balanceAfter", "uint"],
    by: ["by", "address"],
  },
  RecordCorrected: {
    recordId: ["recordId", "uint"],
    correctedId: ["correctedId", "uint"],
    campaignId: ["campaignId", "id"],
    delta: ["delta", "int"],
    reasonHash: ["reasonHash", "hash"],
    balanceAfter: ["balanceAfter", "uint"],
    by: ["by", "address"],
  },
  CorrectionApproved: {
    recordId: ["recordId", "uint"],
    correctionId: ["correctionId", "uint"],
    campaignId: ["campaignId", "id"],
    amount: ["amount", "uint"],
    balanceAfter: ["balanceAfter", "uint"],
    by: ["by", "address"],
  },
} as const satisfies Record<string, FieldSpecs>;

export type LedgerEventName = keyof typeof LEDGER_EVENTS;

type KindOf<S> = S extends readonly [string, infer K extends FieldKind] ? K : never;
type FieldsOf<N extends LedgerEventName> = { -readonly [F in keyof (typeof LEDGER_EVENTS)[N]]: KindTypes[KindOf<(typeof LEDGER_EVENTS)[N][F]>] };

export type LedgerEventData = { [N in LedgerEventName]: { name: N } & FieldsOf<N> }[LedgerEventName];

export interface ChainPosition {
  blockNumber: bigint;
  blockHash: string;
  txHash: string;
  txIndex: number;
  logIndex: number;
}

export type LedgerEvent = LedgerEventData & ChainPosition;

export function isLedgerEventName(name: string): name is LedgerEventName {
  return Object.hasOwn(LEDGER_EVENTS, name);
}
