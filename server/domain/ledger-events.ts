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
  | { name: "OperatorAdded" | "OperatorRemoved"; orgId: bigint; operator: string }
  | { name: "OrganisationSuspended" | "OrganisationReinstated"; orgId: bigint }
  | {
      name: "CampaignOpened";
      campaignId: bigint;
      orgId: bigint;
      /** 0 attested fiat, 1 native currency, 2 ERC-20 token */
      asset: number;
      currency: string;
      token: string | null;
      target: bigint;
      title: string;
    }
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
      name: "GrantMade";
      recordId: bigint;
      fromCampaignId: bigint;
      toCampaignId: bigint;
      amount: bigint;
      memoHash: string;
      fromBalanceAfter: bigint;
      toBalanceAfter: bigint;
    }
  | { name: "GrantAcknowledged"; grantId: bigint; toCampaignId: bigint; by: string }
  | {
      name: "DisbursementRecorded";
      recordId: bigint;
      campaignId: bigint;
      recipientRef: string;
      amount: bigint;
      purpose: number;
      evidenceHash: string;
      payee: string | null;
      confirmer: string | null;
      balanceAfter: bigint;
    }
  | { name: "DisbursementConfirmed"; disbursementId: bigint; by: string }
  | { name: "RecordAttested"; recordId: bigint; by: string; noteHash: string }
  | {
      name: "DonationRefunded";
      recordId: bigint;
      donationId: bigint;
      campaignId: bigint;
      amount: bigint;
      reasonHash: string;
      balanceAfter: bigint;
    }
  | {
      name: "RecordCorrected";
      recordId: bigint;
      correctedId: bigint;
      campaignId: bigint;
      delta: bigint;
      reasonHash: string;
      balanceAfter: bigint;
    };

export type LedgerEvent = LedgerEventData & ChainPosition;

export type LedgerEventName = LedgerEventData["name"];
