import type { ComplianceStore } from "../db/compliance-facts.ts";
import { RULE_PARAMETERS, type ComplianceRule } from "../domain/compliance.ts";

export type ComplianceRuleView = ComplianceRule & { parameterMeanings: Record<string, string> };

/** The compliance rules as the table holds them, each with what its parameters mean: public. */
export async function listComplianceRules(options: { compliance: ComplianceStore }): Promise<{ rules: ComplianceRuleView[] }> {
  return { rules: (await options.compliance.rules()).map((r) => ({ ...r, parameterMeanings: RULE_PARAMETERS[r.kind] })) };
}
