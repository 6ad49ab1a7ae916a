// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Transparent donation ledger
/// @notice The record of truth for organisations, campaigns, donations and disbursements.
/// Every state change emits one past-tense event carrying everything an off-chain mirror needs,
/// so the mirror never reads contract storage. No personal data is ever stored or emitted:
/// donors appear only as salted commitments, recipients only as pseudonymous references.
interface ILedger {
    /// @notice How a donation reached the charity.
    enum Channel {
        Bank,
        Alipay,
        WeChatPay,
        Cash,
        OnChain
    }

    /// @notice What a disbursement paid for.
    enum Purpose {
        Programme,
        Administration,
        Fundraising
    }

    /// @notice What kind of body an organisation is.
    enum OrganisationKind {
        Charity,
        Foundation,
        Partner,
        Supplier
    }

    // ---------------------------------------------------------------- events

    /// @notice A registrar registered an organisation.
    /// @param orgId the new organisation's id, starting at 1
    /// @param kind charity, foundation, partner or supplier
    /// @param registrationNumber the official registration number (e.g. unified social credit code), ASCII, right-padded
    /// @param name the organisation's public name (a legal entity, never a person)
    event OrganisationRegistered(
        uint64 indexed orgId,
        OrganisationKind kind,
        bytes32 registrationNumber,
        string name
    );

    /// @notice A registrar allowed `operator` to write for organisation `orgId`.
    event OperatorAdded(uint64 indexed orgId, address indexed operator);

    /// @notice A registrar suspended organisation `orgId`; its operators can no longer write.
    event OrganisationSuspended(uint64 indexed orgId);

    /// @notice An operator opened a campaign for its organisation.
    /// @param currency ISO 4217 code of the campaign's currency, e.g. "CNY"
    /// @param target the fundraising target in minor units, 0 when none
    /// @param title the campaign's public title
    event CampaignOpened(
        uint64 indexed campaignId,
        uint64 indexed orgId,
        bytes3 currency,
        uint256 target,
        string title
    );

    /// @notice An operator closed a campaign; it takes no more donations.
    event CampaignClosed(uint64 indexed campaignId, uint64 indexed orgId);

    /// @notice A donation of `amount` minor units was recorded in `campaignId`.
    /// @param recordId the unique, increasing id shared by donations and disbursements
    /// @param donorCommitment keccak256 of a secret salt and the donor's off-chain reference
    /// @param balanceAfter the campaign's balance after this donation
    event DonationRecorded(
        uint256 indexed recordId,
        uint64 indexed campaignId,
        uint256 amount,
        Channel channel,
        bytes32 donorCommitment,
        uint256 balanceAfter
    );

    /// @notice `amount` minor units left `campaignId` for a final recipient.
    /// @param recipientRef pseudonymous id of the recipient (supplier or beneficiary), never a name
    /// @param evidenceHash SHA-256 of the evidence file (invoice, receipt, photo) kept off-chain
    /// @param balanceAfter the campaign's balance after this disbursement
    event DisbursementRecorded(
        uint256 indexed recordId,
        uint64 indexed campaignId,
        bytes32 recipientRef,
        uint256 amount,
        Purpose purpose,
        bytes32 evidenceHash,
        uint256 balanceAfter
    );

    // ---------------------------------------------------------------- errors

    /// @notice `account` is not an operator of organisation `orgId`.
    error LedgerUnauthorizedOperator(uint64 orgId, address account);
    /// @notice No organisation has id `orgId`.
    error LedgerUnknownOrganisation(uint64 orgId);
    /// @notice Organisation `orgId` is suspended and cannot write.
    error LedgerOrganisationSuspended(uint64 orgId);
    /// @notice No campaign has id `campaignId`.
    error LedgerUnknownCampaign(uint64 campaignId);
    /// @notice Campaign `campaignId` is closed.
    error LedgerCampaignClosed(uint64 campaignId);
    /// @notice `currency` is not three upper-case ASCII letters.
    error LedgerInvalidCurrency(bytes3 currency);
    /// @notice A donation or disbursement of zero into or out of `campaignId`.
    error LedgerZeroAmount(uint64 campaignId);
    /// @notice Campaign `campaignId` holds `balance` and cannot pay out `needed`.
    error LedgerInsufficientBalance(uint64 campaignId, uint256 balance, uint256 needed);
    /// @notice Organisation `orgId` is already suspended.
    error LedgerAlreadySuspended(uint64 orgId);
    /// @notice `operator` is already an operator of `orgId`, or is the zero address.
    error LedgerInvalidOperator(uint64 orgId, address operator);

    // ---------------------------------------------------------------- registrar

    /// @notice Registers an organisation. Registrar only.
    /// @return orgId the new organisation's id
    function registerOrganisation(OrganisationKind kind, bytes32 registrationNumber, string calldata name)
        external
        returns (uint64 orgId);

    /// @notice Allows `operator` to write for `orgId`. Registrar only.
    function addOperator(uint64 orgId, address operator) external;

    /// @notice Suspends `orgId`: its operators can no longer write. Registrar only.
    function suspendOrganisation(uint64 orgId) external;

    // ---------------------------------------------------------------- operators

    /// @notice Opens a campaign for `orgId`. Operator of `orgId` only.
    function openCampaign(uint64 orgId, bytes3 currency, uint256 target, string calldata title)
        external
        returns (uint64 campaignId);

    /// @notice Closes a campaign. Operator of its organisation only.
    function closeCampaign(uint64 campaignId) external;

    /// @notice Records a donation into `campaignId`. Operator of its organisation only.
    function recordDonation(uint64 campaignId, uint256 amount, Channel channel, bytes32 donorCommitment)
        external
        returns (uint256 recordId);

    /// @notice Records money leaving `campaignId` for a final recipient. Operator of its organisation only.
    /// Reverts with {LedgerInsufficientBalance} when the campaign holds less than `amount`.
    function recordDisbursement(
        uint64 campaignId,
        bytes32 recipientRef,
        uint256 amount,
        Purpose purpose,
        bytes32 evidenceHash
    ) external returns (uint256 recordId);

    // ---------------------------------------------------------------- views

    /// @notice The campaign's owner, currency, open flag and balance.
    function campaign(uint64 campaignId)
        external
        view
        returns (uint64 orgId, bytes3 currency, bool open, uint256 balance);

    /// @notice Whether `account` may write for `orgId`.
    function isOperator(uint64 orgId, address account) external view returns (bool);
}
