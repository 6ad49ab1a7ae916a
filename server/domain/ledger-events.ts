/** The ledger contract's events as the mirror sees them: typed, with where they came from. */

export interface ChainPosition {
  blockNumber: bigint;
  blockHash: string;
  txHash: string;
  txIndex: number;
  logIndex: number;
}

export type LedgerEventData =
  | { name: "RoleGranted" | "RoleRevoked"; role: string; account: string; sender: string }
  | { name: "RoleAdminChanged"; role: string; previousAdminRole: string; newAdminRole: string }
  | { name: "OrganisationRegistered"; orgId: bigint; kind: number; registrationNumber: string; orgName: string }
  | { name: "OperatorAdded"; orgId: bigint; operator: string }
  | { name: "OrganisationSuspended"; orgId: bigint }
  | { name: "CampaignOpened"; campaignId: bigint; orgId: bigint; currency: string; target: bigint; title: string }
  | { name: "CampaignClosed"; campaignId: bigint; orgId: bigint }
  | {
      name: "DonationRecorded";
      recordId: bigint;
      campaignId: bigint;
      amount: bigint;
      channel: number;
      donorCommitment: string;
      balanceAfter: bigint;
    }
  | {
      name: "DisbursementRecorded";
      recordId: bigint;
      campaignId: bigint;
      recipientRef: string;
      amount: bigint;
      purpose: number;
      evidenceHash: string;
      balanceAfter: bigint;
    };

export type LedgerEvent = LedgerEventData & ChainPosition;

export type LedgerEventName = LedgerEventData["name"];
