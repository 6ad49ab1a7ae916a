import type { Signer, Wallet } from "ethers";
import { ledgerAdmin } from "../chain/ledger-admin.ts";
import type { OrgSigners } from "../db/org-signers.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import { findPersonalIdentifier } from "../domain/personal-identifiers.ts";

export interface OnboardOrganisationOptions {
  ledgerAddress: string;
  /** The registrar's key: registers the organisation and adds its operator keys, nothing else. */
  registrar: Signer;
  orgSigners: OrgSigners;
  /** Pays the new key's gas on chains that charge for it; absent where gas is free (a consortium chain). */
  funder?: Signer;
  fundingWei: bigint;
  organisation: { kind: number; registrationNumber: string; name: string };
  /** Keys the organisation keeps itself (its finance officer's, a hardware wallet), also allowed to write. */
  ownKeys?: string[];
  /** Told after each step is on the chain (or found there): "registered", "operator added", "gas funded". */
  onStep?: (step: string) => Promise<void> | void;
}

/**
 * Registers an organisation on the ledger and gives it its own operator key, held by this server
 * (encrypted under the master key), so the chain shows that organisation authorising each of its
 * records. The registrar adds the key; the registrar itself can never write for anyone.
 */
export async function onboardOrganisation(options: OnboardOrganisationOptions): Promise<{ orgId: bigint; signer: Wallet }> {
  assertPublicText("name", options.organisation.name);
  const registrar = ledgerAdmin(options.ledgerAddress, options.registrar);
  const step = options.onStep ?? (() => {});
  const { id: orgId } = await registrar.registerOrganisation(options.organisation);
  await step("registered");
  const signer = await options.orgSigners.create(orgId);
  for (const key of [signer.address, ...(options.ownKeys ?? [])]) {
    await registrar.addOperator(orgId, key);
    await step("operator added");
  }
  if (options.funder && options.fundingWei > 0n) {
    await (await options.funder.sendTransaction({ to: signer.address, value: options.fundingWei })).wait();
    await step("gas funded");
  }
  return { orgId, signer };
}

/** Text that goes on-chain in plain sight may not carry a person's ID or phone number. */
export function assertPublicText(field: string, text: string): void {
  const found = findPersonalIdentifier(text);
  if (found) {
    throw new AppError(AppErrorCode.InvalidRequest, `The ${field} would be public on the ledger forever and looks like it holds a personal ${found === "resident-id" ? "ID number" : "phone number"}.`, {
      errors: [{ field, reason: `must not contain a ${found === "resident-id" ? "resident ID number" : "mobile phone number"}` }],
    });
  }
}
