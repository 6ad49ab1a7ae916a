import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { DisbursementFactsReader } from "../db/disbursement-facts.ts";
import type { OrgSigners } from "../db/org-signers.ts";

/** Where a disbursement's named confirmer comes from: the mirror's organisations and the keys this server holds. */
export interface ConfirmerSources {
  orgSigners: OrgSigners;
  disbursements: DisbursementFactsReader;
}

/**
 * The on-chain confirmer of each disbursement request that names a recipient organisation: that
 * organisation's key on this server now, so its own client can confirm delivery later. Refused at
 * once, naming the first item, when the organisation is the payer itself (the ledger refuses its
 * own operators as confirmers), is not on the ledger, or has no key here to confirm with.
 */
export async function confirmerAddresses(
  sources: ConfirmerSources | undefined,
  payer: bigint | undefined,
  requests: readonly { confirmerOrganisationId?: bigint | undefined }[],
  fieldOf: (index: number) => string,
): Promise<(string | undefined)[]> {
  // A caller without an organisation is refused by accepting, before anything is stored.
  const named = [...new Set(requests.flatMap((r) => (r.confirmerOrganisationId === undefined ? [] : [r.confirmerOrganisationId])))];
  if (payer === undefined || named.length === 0) return requests.map(() => undefined);
  if (!sources) throw new Error("a confirmer organisation was named where no confirmer sources were given");
  const known = await sources.disbursements.knownOrganisations(named.filter((id) => id !== payer));
  const keys = new Map<bigint, string | undefined>();
  for (const id of known) keys.set(id, (await sources.orgSigners.active(id))?.address.toLowerCase());
  return requests.map((request, i) => {
    const id = request.confirmerOrganisationId;
    if (id === undefined) return undefined;
    const field = `${fieldOf(i)}confirmerOrganisationId`;
    if (id === payer) {
      throw new AppError(AppErrorCode.RefusedByLedger, "An organisation cannot confirm delivery of its own disbursement; name the recipient organisation, or none and let an auditor confirm.", {
        errors: [{ field, reason: "is the paying organisation itself" }],
      });
    }
    if (!known.has(id)) throw new AppError(AppErrorCode.NotFound, `Organisation ${id} is not on the ledger.`, { errors: [{ field, reason: "no such organisation" }] });
    const address = keys.get(id);
    if (!address) {
      throw new AppError(AppErrorCode.RefusedByLedger, `Organisation ${id} has no key on this server to confirm with; name no confirmer organisation and let an auditor confirm.`, {
        errors: [{ field, reason: "has no key on this server" }],
      });
    }
    return address;
  });
}
