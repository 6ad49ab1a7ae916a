import { id, type Interface } from "ethers";

export interface ContractRefusal {
  /** The custom error's name, e.g. "LedgerInsufficientBalance". */
  error: string;
  args: Record<string, string>;
  message: string;
}

/** Turns revert data into the contract's custom error with its facts and a sentence for people. */
export function explainRevert(abi: Interface | Interface[], data: string | undefined): ContractRefusal {
  const abis = Array.isArray(abi) ? abi : [abi];
  const parsed = data && data !== "0x" ? abis.map((a) => safeParse(a, data)).find((p) => p) : undefined;
  if (!parsed) return { error: "Reverted", args: {}, message: "The ledger contract refused the write without a reason." };
  const args: Record<string, string> = {};
  parsed.fragment.inputs.forEach((input, i) => (args[input.name] = String(parsed.args[i])));
  return { error: parsed.name, args, message: sentence(parsed.name, args) };
}

function safeParse(abi: Interface, data: string) {
  try {
    return abi.parseError(data);
  } catch {
    return null;
  }
}

function sentence(name: string, a: Record<string, string>): string {
  switch (name) {
    case "LedgerInsufficientBalance":
      return `Campaign ${a.campaignId} holds ${a.balance} and cannot pay out ${a.needed}.`;
    case "LedgerCampaignClosed":
      return `Campaign ${a.campaignId} is closed.`;
    case "LedgerUnknownCampaign":
      return `There is no campaign ${a.campaignId} on the ledger.`;
    case "LedgerUnauthorizedOperator":
      return `${a.account} is not an operator of organisation ${a.orgId}.`;
    case "LedgerOrganisationSuspended":
      return `Organisation ${a.orgId} is suspended.`;
    case "LedgerZeroAmount":
      return `An amount of zero for campaign ${a.campaignId}.`;
    case "LedgerRoleConflict":
      return `${a.account} already holds another role (${roleName(a.heldRole!)}); one address holds one role.`;
    case "LedgerOperatorBound":
      return `${a.operator} is bound to organisation ${a.orgId} and can never write for another.`;
    case "ERC2771ForwarderInvalidSigner":
      return `The request was not signed by ${a.requestedSigner} (or its nonce was already used).`;
    case "ERC2771ForwarderExpiredRequest":
      return `The signed request expired (deadline ${a.deadline}).`;
    case "LedgerUnknownOrganisation":
      return `There is no organisation ${a.orgId} on the ledger.`;
    case "LedgerPublicFundraisingUnchanged":
      return `Organisation ${a.orgId} ${a.qualified === "true" ? "already holds" : "already does not hold"} public-fundraising status.`;
    case "LedgerInvalidDisclosurePeriod":
      return `A disclosure of campaign ${a.campaignId} must cover a period that has ended: from ${a.coversFrom} to ${a.coversTo} (Unix seconds) does not fit before the block's time ${a.blockTime}.`;
    case "LedgerMissingDocument":
      return `A disclosure of campaign ${a.campaignId} must name its document's SHA-256, not zero.`;
    case "LedgerInvalidConfirmer":
      return `${a.confirmer} is an operator of the paying organisation and cannot confirm its own disbursement (campaign ${a.campaignId}).`;
    default:
      return `The ledger contract refused the write: ${name}(${Object.values(a).join(", ")}).`;
  }
}

const ROLE_NAMES: Record<string, string> = {
  "0x0000000000000000000000000000000000000000000000000000000000000000": "admin",
  [id("REGISTRAR_ROLE")]: "registrar",
  [id("AUDITOR_ROLE")]: "auditor",
  [id("OPERATOR_ROLE")]: "operator",
};

function roleName(role: string): string {
  return ROLE_NAMES[role] ?? role;
}
