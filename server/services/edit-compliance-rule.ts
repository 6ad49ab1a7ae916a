import type { ComplianceStore } from "../db/compliance-facts.ts";
import { RULE_PARAMETERS } from "../domain/compliance.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { Principal } from "../domain/principal.ts";
import type { ComplianceRuleView } from "./list-compliance-rules.ts";
import { requireRegulator } from "./oversight-access.ts";

/**
 * A regulator changes a rule's figures (only the parameters its kind reads) or switches it off or
 * on; the rule's kind, title and source stay as the migrations wrote them. Who changed it is kept.
 */
export async function editComplianceRule(options: {
  compliance: ComplianceStore;
  principal: Principal;
  code: string;
  change: { parameters?: Record<string, number>; enabled?: boolean };
}): Promise<ComplianceRuleView> {
  requireRegulator(options.principal, "edit compliance rules");
  const rule = (await options.compliance.rules()).find((r) => r.code === options.code);
  if (!rule) throw new AppError(AppErrorCode.NotFound, `No compliance rule ${options.code}.`);
  const known = RULE_PARAMETERS[rule.kind];
  const unknown = Object.keys(options.change.parameters ?? {}).filter((name) => !(name in known));
  if (unknown.length > 0) {
    throw new AppError(AppErrorCode.InvalidRequest, `Rule ${rule.code} (${rule.kind}) reads only ${Object.keys(known).join(", ")}.`, {
      errors: unknown.map((name) => ({ field: `parameters.${name}`, reason: "is not a parameter of this rule" })),
    });
  }
  const parameters = options.change.parameters ? { ...rule.parameters, ...options.change.parameters } : undefined;
  const updated = await options.compliance.updateRule(rule.code, { ...(parameters ? { parameters } : {}), ...(options.change.enabled !== undefined ? { enabled: options.change.enabled } : {}) }, options.principal.clientId);
  if (!updated) throw new AppError(AppErrorCode.NotFound, `No compliance rule ${options.code}.`);
  return { ...updated, parameterMeanings: known };
}
