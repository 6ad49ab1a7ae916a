import type { Wallet } from "ethers";
import { ledgerAdmin } from "../chain/ledger-admin.ts";
import type { OrganisationReads } from "../db/organisations.ts";
import type { OnboardOrganisationOptions } from "./onboard-organisation.ts";

/**
 * Finishes an onboarding that a crash cut short: the organisation is on the ledger, and whatever
 * of the rest is missing (its server-held key, that key and its own keys as operators, the key's
 * gas) is done now, each step recognised from the mirror, which must hold the chain's head.
 */
export async function resumeOnboarding(options: OnboardOrganisationOptions & { organisations: OrganisationReads; orgId: bigint }): Promise<{ orgId: bigint; signer: Wallet }> {
  const { orgId } = options;
  const step = options.onStep ?? (() => {});
  await step("registered");
  const registrar = ledgerAdmin(options.ledgerAddress, options.registrar);
  const operators = new Set(await options.organisations.activeOperators(orgId));
  const signer = (await options.orgSigners.active(orgId)) ?? (await options.orgSigners.create(orgId));
  for (const key of [signer.address, ...(options.ownKeys ?? [])]) {
    if (!operators.has(key.toLowerCase())) await registrar.addOperator(orgId, key);
    await step("operator added");
  }
  if (options.funder && options.fundingWei > 0n) {
    if ((await signer.provider!.getBalance(signer.address)) === 0n) {
      await (await options.funder.sendTransaction({ to: signer.address, value: options.fundingWei })).wait();
    }
    await step("gas funded");
  }
  return { orgId, signer };
}
