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
      by: string;
    }
  | { name: "CampaignClosed"; campaignId: bigint; orgId: bigint; by: string }
  | {
      name: "DonationRecorded";
      recordId: bigint;
      campaignId: bigint;
      amount: bigint;
      channel: number;
      donorCommitment: string;
      balanceAfter: bigint;
      by: string;
    }
  | {
      name: "GrantMade";
      recordId: bigint;
      fromCampaignId: bigint;
      toCampaignId: bigint;
      amount: bigint;
      memoHash: string;
      fromBalanceAfter: bigint;
      by: string;
    }
  | { name: "GrantAcknowledged"; recordId: bigint; grantId: bigint; toCampaignId: bigint; amount: bigint; toBalanceAfter: bigint; by: string }
  | {
      name: "GrantRefused";
      recordId: bigint;
      grantId: bigint;
      fromCampaignId: bigint;
      amount: bigint;
      reasonHash: string;
      fromBalanceAfter: bigint;
      by: string;
    }
  | {
      name: "DisbursementRecorded";
      recordId: bigint;
      campaignId: bigint;
      recipientCommitment: string;
      amount: bigint;
      purpose: number;
      evidenceHash: string;
      payee: string | null;
      confirmer: string | null;
      balanceAfter: bigint;
      by: string;
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
      by: string;
    }
  | {
      name: "RecordCorrected";
      recordId: bigint;
      correctedId: bigint;
      campaignId: bigint;
      delta: bigint;
      reasonHash: string;
      balanceAfter: bigint;
      by: string;
    }
  | { name: "CorrectionApproved"; recordId: bigint; correctionId: bigint; campaignId: bigint; amount: bigint; balanceAfter: bigint; by: string };

export type LedgerEvent = LedgerEventData & ChainPosition;

export type LedgerEventName = LedgerEventData["name"];
