import type { ComplianceStore } from "../db/compliance-facts.ts";
import type { RegulatorFlagStore } from "../db/regulator-flags.ts";
import { checkCompliance, type ComplianceReport, type OrganisationCompliance } from "./check-compliance.ts";

export interface DashboardOrganisation extends OrganisationCompliance {
  /** Open regulator flags, on the organisation and on its records. */
  openFlags: { organisation: number; records: number };
}

export interface RegulatorDashboard extends Omit<ComplianceReport, "organisations"> {
  organisations: DashboardOrganisation[];
}

/** What a signed-in regulator sees first: every organisation's compliance for a year, with its open flags. */
export async function getRegulatorDashboard(options: { compliance: ComplianceStore; regulatorFlags: RegulatorFlagStore; year: number }): Promise<RegulatorDashboard> {
  const report = await checkCompliance({ compliance: options.compliance, year: options.year });
  const organisations = await Promise.all(
    report.organisations.map(async (o) => ({ ...o, openFlags: await options.regulatorFlags.openCounts(BigInt(o.organisation.id)) })),
  );
  return { ...report, organisations };
}
