import { expect } from "chai";
import { cutMonths, flowEntriesOf, monthOf, quarterOf, sumFlowEntries, utcDay, wholePeriod } from "../../../server/domain/flows.ts";

// 2026-03-31T23:59:59Z and a second later: the day is the block's day in UTC.
const MARCH_31_LAST_SECOND = 1775001599n;
const APRIL_1 = MARCH_31_LAST_SECOND + 1n;

describe("flow entries (what each money event adds to flow_daily)", () => {
  it("dates an entry by its block's UTC day", () => {
    expect(utcDay(MARCH_31_LAST_SECOND)).to.equal("2026-03-31");
    expect(utcDay(APRIL_1)).to.equal("2026-04-01");
  });

  it("counts a donation by its channel and a disbursement by its purpose, from decoded fields or stored args", () => {
    expect(flowEntriesOf("DonationRecorded", { campaignId: 7n, amount: 500n, channel: 1 }, APRIL_1)).to.deep.equal([
      { day: "2026-04-01", campaignId: 7n, kind: "donation", counterpart: "alipay", amount: 500n },
    ]);
    expect(flowEntriesOf("DisbursementRecorded", { campaignId: "7", amount: "120", purpose: 2 }, APRIL_1)).to.deep.equal([
      { day: "2026-04-01", campaignId: 7n, kind: "disbursement", counterpart: "fundraising", amount: 120n },
    ]);
  });

  it("counts a grant out of its sender when sent, into its receiver when acknowledged, and dates its answer by the day it was sent", () => {
    const grant = { fromCampaignId: 3n, toCampaignId: 9n, time: MARCH_31_LAST_SECOND };
    expect(flowEntriesOf("GrantMade", { fromCampaignId: 3n, toCampaignId: 9n, amount: 60n }, MARCH_31_LAST_SECOND)).to.deep.equal([
      { day: "2026-03-31", campaignId: 3n, kind: "grant_out", counterpart: "9", amount: 60n },
    ]);
    expect(flowEntriesOf("GrantAcknowledged", { grantId: 40n, toCampaignId: 9n, amount: 60n }, APRIL_1, grant)).to.deep.equal([
      { day: "2026-04-01", campaignId: 9n, kind: "grant_in", counterpart: "3", amount: 60n },
      { day: "2026-03-31", campaignId: 3n, kind: "grant_acknowledged", counterpart: "9", amount: 60n },
    ]);
    expect(flowEntriesOf("GrantRefused", { grantId: 40n, fromCampaignId: 3n, amount: 60n }, APRIL_1, grant)).to.deep.equal([
      { day: "2026-04-01", campaignId: 3n, kind: "grant_returned", counterpart: "9", amount: 60n },
      { day: "2026-03-31", campaignId: 3n, kind: "grant_refused", counterpart: "9", amount: 60n },
    ]);
    expect(() => flowEntriesOf("GrantAcknowledged", { grantId: 40n, toCampaignId: 9n, amount: 60n }, APRIL_1)).to.throw(/grant 40/);
  });

  it("counts refunds, negative corrections when made and positive ones when approved; other events add nothing", () => {
    expect(flowEntriesOf("DonationRefunded", { campaignId: 7n, amount: 5n }, APRIL_1)).to.deep.equal([{ day: "2026-04-01", campaignId: 7n, kind: "refund", counterpart: "", amount: 5n }]);
    expect(flowEntriesOf("RecordCorrected", { campaignId: 7n, delta: -8n }, APRIL_1)).to.deep.equal([{ day: "2026-04-01", campaignId: 7n, kind: "correction_out", counterpart: "", amount: 8n }]);
    expect(flowEntriesOf("RecordCorrected", { campaignId: 7n, delta: 8n }, APRIL_1)).to.deep.equal([]);
    expect(flowEntriesOf("CorrectionApproved", { campaignId: 7n, amount: 8n }, APRIL_1)).to.deep.equal([{ day: "2026-04-01", campaignId: 7n, kind: "correction_in", counterpart: "", amount: 8n }]);
    expect(flowEntriesOf("CampaignClosed", { campaignId: 7n }, APRIL_1)).to.deep.equal([]);
  });

  it("sums entries of one day, campaign, kind and counterpart into one row with their count", () => {
    const e = (day: string, amount: bigint, counterpart = "bank") => ({ day, campaignId: 1n, kind: "donation" as const, counterpart, amount });
    expect(sumFlowEntries([e("2026-04-01", 5n), e("2026-04-01", 7n), e("2026-04-02", 1n), e("2026-04-01", 2n, "cash")])).to.deep.equal([
      { ...e("2026-04-01", 12n), count: 2 },
      { ...e("2026-04-02", 1n), count: 1 },
      { ...e("2026-04-01", 2n, "cash"), count: 1 },
    ]);
  });
});

describe("months a range cuts", () => {
  it("are the months of its ends that it does not cover whole, each with the next month's first day", () => {
    const starts = (from: string, to: string) => cutMonths(from, to).map((m) => m.start);
    expect(starts("2026-04-01", "2026-06-30")).to.deep.equal([]);
    expect(starts("2026-04-15", "2026-06-30")).to.deep.equal(["2026-04-01"]);
    expect(starts("2026-04-01", "2026-07-14")).to.deep.equal(["2026-07-01"]);
    expect(cutMonths("2026-04-15", "2026-12-14")).to.deep.equal([
      { start: "2026-04-01", end: "2026-05-01" },
      { start: "2026-12-01", end: "2027-01-01" },
    ]);
    expect(cutMonths("2026-04-15", "2026-04-20")).to.deep.equal([{ start: "2026-04-01", end: "2026-05-01" }]);
    expect(starts("2024-02-01", "2024-02-29")).to.deep.equal([]);
    expect(starts("2024-02-01", "2024-02-28")).to.deep.equal(["2024-02-01"]);
    expect(monthOf("2026-12-31")).to.equal("2026-12-01");
  });
});

describe("ranges that are one stored period", () => {
  it("a calendar quarter or a month, exactly, and nothing else", () => {
    expect(wholePeriod("2027-10-01", "2027-12-31")).to.deep.equal({ table: "flow_quarterly", start: "2027-10-01" });
    expect(wholePeriod("2024-01-01", "2024-03-31")).to.deep.equal({ table: "flow_quarterly", start: "2024-01-01" });
    expect(wholePeriod("2024-02-01", "2024-02-29")).to.deep.equal({ table: "flow_monthly", start: "2024-02-01" });
    expect(wholePeriod("2027-11-01", "2028-01-31")).to.equal(undefined); // three months, not a calendar quarter
    expect(wholePeriod("2027-10-01", "2027-12-30")).to.equal(undefined);
    expect(wholePeriod("2024-02-01", "2024-02-28")).to.equal(undefined);
    expect(wholePeriod("2027-10-01", "2028-03-31")).to.equal(undefined); // two quarters are summed
    expect(["2026-01-31", "2026-03-01", "2026-05-15", "2026-09-30", "2026-12-31"].map(quarterOf)).to.deep.equal(["2026-01-01", "2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]);
  });
});
