import type { RegulatorFlagStore } from "../db/regulator-flags.ts";
import type { Principal } from "../domain/principal.ts";
import { regulatorFlagView, type RegulatorFlagView } from "./regulator-flag-view.ts";

export interface RegulatorFlags {
  /** Open flags, counted: public. */
  open: { organisation: number; records: number };
  /** Every flag with its note, newest first: for regulators and the organisation's own clients only. */
  flags?: RegulatorFlagView[];
}

/**
 * Regulators' flags on an organisation and its records. Anyone sees how many are open; regulators
 * and the organisation itself read the notes, cleared flags included.
 */
export async function listRegulatorFlags(options: { regulatorFlags: RegulatorFlagStore; principal?: Principal; organisationId: bigint }): Promise<RegulatorFlags> {
  const { principal, organisationId } = options;
  const open = await options.regulatorFlags.openCounts(organisationId);
  const mayRead = principal?.role === "regulator" || (principal?.role === "charity" && principal.organisationId === organisationId);
  if (!mayRead) return { open };
  return { open, flags: (await options.regulatorFlags.list(organisationId)).map(regulatorFlagView) };
}
