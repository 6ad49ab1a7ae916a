import { expect } from "chai";
import { addMonths, checkCharitableSpending, checkDisclosureCadence, checkManagementCosts, checkUnspentByAge, type ComplianceRule, type YearFigures } from "../../../server/domain/compliance.ts";

const rule = (kind: ComplianceRule["kind"], parameters: Record<string, number>): ComplianceRule => ({
  code: kind,
  kind,
  title: { en: kind, zh: kind },
  source: "test",
  appliesTo: "all",
  parameters,
  enabled: true,
});
const figures = (f: Partial<YearFigures>): YearFigures => ({ income: 0n, programme: 0n, administration: 0n, fundraising: 0n, grantsGiven: 0n, ...f });
const at = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("domain/compliance: the checks, worked by hand", function () {
  describe("charitable-activity spending against 70% of the previous year's income", function () {
    const seventy = rule("min-charitable-spending", { minBasisPoints: 7_000 });

    it("passes at exactly 70%, counting programme payouts and grants given", function () {
      // Income 1,000,000 last year; this year 500,000 programme + 200,000 granted = 700,000 = 70.00%.
      const result = checkCharitableSpending(seventy, figures({ programme: 500_000n, grantsGiven: 200_000n, administration: 90_000n }), figures({ income: 1_000_000n }), "CNY");
      expect(result.outcome).to.equal("pass");
      expect(result.measured).to.deep.include({ charitableSpending: "700000", previousIncome: "1000000", shareBasisPoints: 7_000 });
    });

    it("fails one fen short, and does not count administration or fundraising", function () {
      const result = checkCharitableSpending(seventy, figures({ programme: 699_999n, administration: 300_000n, fundraising: 100_000n }), figures({ income: 1_000_000n }), "CNY");
      expect(result.outcome).to.equal("fail");
      expect(result.measured.shareBasisPoints).to.equal(6_999);
      expect(result.explanation).to.contain("69.99%").and.contain("70.00%");
    });

    it("is not applicable without income in the previous year", function () {
      expect(checkCharitableSpending(seventy, figures({ programme: 5n }), figures({}), "CNY").outcome).to.equal("not-applicable");
    });
  });

  describe("management costs against 10% of the year's total spending", function () {
    const ten = rule("max-management-costs", { maxBasisPoints: 1_000, exemptBelowMinorUnits: 20_000_000 });

    it("passes at exactly 10% and fails above it (above the exemption)", function () {
      // Total 300,000,000 (programme 250M + grants 20M + admin 30M): admin is 10.00%.
      const at10 = checkManagementCosts(ten, figures({ programme: 250_000_000n, grantsGiven: 20_000_000n, administration: 30_000_000n }), "CNY");
      expect(at10.outcome).to.equal("pass");
      expect(at10.measured).to.deep.include({ managementCosts: "30000000", totalSpending: "300000000", shareBasisPoints: 1_000 });
      const over = checkManagementCosts(ten, figures({ programme: 250_000_000n, grantsGiven: 20_000_000n, administration: 30_000_001n }), "CNY");
      expect(over.outcome).to.equal("fail");
    });

    it("exempts management costs below the threshold (200,000 yuan), whatever their share", function () {
      const small = checkManagementCosts(ten, figures({ programme: 1_000_000n, administration: 19_999_999n }), "CNY");
      expect(small.outcome).to.equal("pass");
      expect(small.measured.shareBasisPoints).to.equal(9_523);
      expect(small.explanation).to.contain("exempts");
    });

    it("is not applicable when nothing was spent", function () {
      expect(checkManagementCosts(ten, figures({}), "CNY").outcome).to.equal("not-applicable");
    });
  });

  describe("unspent money by age", function () {
    it("sums the money held over 30, 90, 180 and 365 days, and warns past the limit", function () {
      const lots = [
        { days: 10, amount: 100n },
        { days: 31, amount: 200n },
        { days: 91, amount: 300n },
        { days: 200, amount: 400n },
        { days: 366, amount: 500n },
      ];
      const result = checkUnspentByAge(rule("unspent-by-age", { warnAfterDays: 365 }), lots, "CNY");
      expect(result.measured).to.deep.equal({ held: "1500", warnAfterDays: 365, over30Days: "1400", over90Days: "1200", over180Days: "900", over365Days: "500" });
      expect(result.outcome).to.equal("warn");
      expect(checkUnspentByAge(rule("unspent-by-age", { warnAfterDays: 400 }), lots, "CNY").outcome).to.equal("pass");
      expect(checkUnspentByAge(rule("unspent-by-age", {}), [], "CNY").outcome).to.equal("not-applicable");
    });
  });

  describe("disclosure cadence", function () {
    const cadence = rule("disclosure-cadence", { longerThanMonths: 6, everyMonths: 3, finalWithinMonths: 3 });

    it("moves dates by calendar months, the 31st to a shorter month's last day", function () {
      expect(addMonths(at("2026-01-31"), 1).toISOString().slice(0, 10)).to.equal("2026-02-28");
      expect(addMonths(at("2026-11-15"), 3).toISOString().slice(0, 10)).to.equal("2027-02-15");
    });

    it("passes a year-long drive disclosed every three months (30 September to 30 December is three; to 31 December is not) and finally within three months of its end", function () {
      const drive = {
        openedAt: at("2025-01-01"),
        closedAt: at("2025-12-31"),
        disclosures: ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-30"].map((d) => ({ publishedAt: at(d), final: false })).concat([{ publishedAt: at("2026-03-01"), final: true }]),
      };
      const result = checkDisclosureCadence(cadence, drive, at("2026-06-01"));
      expect(result.outcome, result.explanation).to.equal("pass");
      expect(result.measured.disclosures).to.equal(5);
      const dayLate = { ...drive, disclosures: drive.disclosures.map((d) => (d.publishedAt.getTime() === at("2025-12-30").getTime() ? { ...d, publishedAt: at("2025-12-31") } : d)) };
      expect(checkDisclosureCadence(cadence, dayLate, at("2026-06-01")).explanation).to.contain("nothing disclosed from 2025-09-30 until 2025-12-31: due by 2025-12-30");
    });

    it("fails a gap longer than three months in a drive longer than six, naming it", function () {
      const drive = { openedAt: at("2025-01-01"), closedAt: null, disclosures: [{ publishedAt: at("2025-03-01"), final: false }, { publishedAt: at("2025-07-15"), final: false }] };
      const result = checkDisclosureCadence(cadence, drive, at("2025-09-01"));
      expect(result.outcome).to.equal("fail");
      expect(result.explanation).to.contain("nothing disclosed from 2025-03-01 until 2025-07-15: due by 2025-06-01");
    });

    it("asks nothing periodic of a drive of six months or less, but still the final disclosure", function () {
      const short = { openedAt: at("2025-01-01"), closedAt: at("2025-05-01"), disclosures: [] };
      expect(checkDisclosureCadence(cadence, short, at("2025-07-01")).outcome).to.equal("pass"); // final not yet due (2025-08-01)
      const late = checkDisclosureCadence(cadence, short, at("2025-08-02"));
      expect(late.outcome).to.equal("fail");
      expect(late.explanation).to.contain("no final disclosure after the drive ended on 2025-05-01: due by 2025-08-01");
      const lateFinal = checkDisclosureCadence(cadence, { ...short, disclosures: [{ publishedAt: at("2025-09-01"), final: true }] }, at("2025-10-01"));
      expect(lateFinal.explanation).to.contain("the final disclosure came on 2025-09-01, after 2025-08-01");
    });

    it("counts an open drive's time since its last disclosure up to the day of the check", function () {
      const open = { openedAt: at("2025-01-01"), closedAt: null, disclosures: [{ publishedAt: at("2025-04-01"), final: false }] };
      expect(checkDisclosureCadence(cadence, open, at("2025-06-30")).outcome).to.equal("pass"); // six months not yet passed
      const overdue = checkDisclosureCadence(cadence, open, at("2025-07-15"));
      expect(overdue.outcome).to.equal("fail");
      expect(overdue.explanation).to.contain("nothing disclosed from 2025-04-01 until 2025-07-15 (still none): due by 2025-07-01");
    });
  });
});
