import { expect } from "chai";
import { checkCharitableSpending, checkDisclosureCadence, checkManagementCosts, checkUnspentByAge, type ComplianceRule, type YearFigures } from "../../../server/domain/compliance.ts";
import { explainCompliance } from "../../../server/http/i18n/compliance-words.ts";

const rule = (kind: ComplianceRule["kind"], parameters: Record<string, number>): ComplianceRule => ({ code: kind, kind, title: { en: kind, zh: kind }, source: "test", appliesTo: "all", parameters, enabled: true });
const figures = (f: Partial<YearFigures>): YearFigures => ({ income: 0n, programme: 0n, administration: 0n, fundraising: 0n, grantsGiven: 0n, ...f });
const at = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("http/i18n/compliance-words: the checks' results in Chinese and English", function () {
  it("words a share with the amounts in the reader's currency format and the share to the hundredth", function () {
    const result = checkCharitableSpending(rule("min-charitable-spending", { minBasisPoints: 7_000 }), figures({ programme: 699_999n }), figures({ income: 1_000_000n }), "CNY");
    expect(explainCompliance(result.reason, "en", "CNY")).to.equal(
      "Charitable-activity spending of CN¥6,999.99 is 69.99% of the previous year's income of CN¥10,000.00; at least 70.00% is required.",
    );
    expect(explainCompliance(result.reason, "zh", "CNY")).to.equal("慈善活动支出 ¥6,999.99，占上一年度总收入 ¥10,000.00 的 69.99%；要求不低于 70.00%。");
  });

  it("words management costs, their exemption and a year without spending", function () {
    const ten = rule("max-management-costs", { maxBasisPoints: 1_000, exemptBelowMinorUnits: 20_000_000 });
    const over = checkManagementCosts(ten, figures({ programme: 250_000_000n, grantsGiven: 20_000_000n, administration: 30_000_001n }), "CNY");
    expect(explainCompliance(over.reason, "zh", "CNY")).to.equal("管理费用 ¥300,000.01，占当年总支出 ¥3,000,000.01 的 10.00%；要求不高于 10.00%。");
    const small = checkManagementCosts(ten, figures({ programme: 1_000_000n, administration: 19_999_999n }), "CNY");
    expect(explainCompliance(small.reason, "en", "CNY")).to.equal("Management costs of CN¥199,999.99 are below CN¥200,000.00, which the rule exempts from the share.");
    expect(explainCompliance(checkManagementCosts(ten, figures({}), "CNY").reason, "zh", "CNY")).to.equal("本年度没有支出。");
  });

  it("words money held too long, by its age", function () {
    const year = rule("unspent-by-age", { warnAfterDays: 365 });
    const old = checkUnspentByAge(year, [{ days: 400, amount: 300n }, { days: 10, amount: 700n }], "CNY");
    expect(explainCompliance(old.reason, "zh", "CNY")).to.equal("所持 ¥10.00 中，有 ¥3.00 是 365 天前收到的。");
    expect(explainCompliance(old.reason, "en", "CNY")).to.equal("CN¥3.00 of the CN¥10.00 it holds arrived more than 365 days ago.");
  });

  it("names every way a drive's disclosures were late, with dates in the reader's form", function () {
    const cadence = rule("disclosure-cadence", { longerThanMonths: 6, everyMonths: 3, finalWithinMonths: 3 });
    const open = checkDisclosureCadence(cadence, { openedAt: at("2025-01-01"), closedAt: null, disclosures: [{ publishedAt: at("2025-03-01"), final: false }, { publishedAt: at("2025-07-15"), final: false }] }, at("2025-11-01"));
    expect(open.reason.problems?.map((p) => p.key)).to.deep.equal(["gap", "stillNone"]);
    expect(explainCompliance(open.reason, "en")).to.equal(
      "Disclosure late: nothing was disclosed from March 1, 2025 until July 15, 2025, though due by June 1, 2025; nothing has been disclosed since July 15, 2025, though due by October 15, 2025.",
    );
    expect(explainCompliance(open.reason, "zh")).to.equal(
      "信息公开逾期：从 2025年3月1日 到 2025年7月15日 没有公开信息，应在 2025年6月1日 前公开；自 2025年7月15日 起至今没有公开信息，应在 2025年10月15日 前公开。",
    );
    const ended = checkDisclosureCadence(cadence, { openedAt: at("2025-01-01"), closedAt: at("2025-05-01"), disclosures: [] }, at("2025-08-02"));
    expect(explainCompliance(ended.reason, "zh")).to.equal("信息公开逾期：募捐活动于 2025年5月1日 结束后没有最终信息公开，应在 2025年8月1日 前公开。");
    const onTime = checkDisclosureCadence(cadence, { openedAt: at("2025-01-01"), closedAt: at("2025-05-01"), disclosures: [] }, at("2025-07-01"));
    expect(explainCompliance(onTime.reason, "en")).to.equal("0 disclosures, none overdue on July 1, 2025. The final disclosure is due by August 1, 2025.");
  });
});
