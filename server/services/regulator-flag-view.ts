import type { RegulatorFlagRow } from "../db/regulator-flags.ts";

/** A regulator's flag as regulators and the flagged organisation read it. */
export interface RegulatorFlagView {
  id: string;
  organisationId: string;
  /** Null when the flag is on the organisation itself. */
  recordId: string | null;
  note: string;
  flaggedBy: string;
  flaggedAt: string;
  cleared: { at: string; by: string; note: string } | null;
}

export function regulatorFlagView(row: RegulatorFlagRow): RegulatorFlagView {
  return {
    id: row.id.toString(),
    organisationId: row.organisationId.toString(),
    recordId: row.recordId,
    note: row.note,
    flaggedBy: row.clientId,
    flaggedAt: row.createdAt.toISOString(),
    cleared: row.cleared ? { at: row.cleared.at.toISOString(), by: row.cleared.by, note: row.cleared.note } : null,
  };
}
