import { expect } from "chai";
import { AppError } from "../../../server/domain/errors.ts";
import { exportFilename, exportPeriod, RECORD_CSV_HEADER, recordCsvFields, type LedgerRecordRow } from "../../../server/domain/record-export.ts";

const donation: LedgerRecordRow = {
  time: "2026-04-01T08:30:00Z",
  blockNumber: "212",
  txHash: "0x" + "ab".repeat(32),
  logIndex: 3,
  kind: "donation",
  recordId: "18446744073709551617",
  relatedRecordId: null,
  campaignId: "12",
  campaignTitle: "甘肃学校午餐",
  asset: 0,
  currency: "CNY",
  token: null,
  counterpartyCampaignId: null,
  counterpartyOrganisationId: null,
  counterpartyOrganisationName: null,
  amount: "340282366920938463463374607431768211455",
  target: null,
  channel: 2,
  purpose: null,
  evidenceHash: null,
  recipientCommitment: null,
  noteHash: null,
  balanceAfter: "1",
  authorisedBy: "0x" + "12".repeat(20),
  flags: null,
};

describe("records as CSV rows", function () {
  it("fills every column in header order, amounts and ids as the digits they are", function () {
    const fields = Object.fromEntries(RECORD_CSV_HEADER.map((h, i) => [h, recordCsvFields(donation)[i]]));
    expect(fields).to.include({
      time_utc: "2026-04-01T08:30:00Z",
      block_number: "212",
      log_index: "3",
      kind: "donation",
      record_id: "18446744073709551617",
      amount_minor_units: "340282366920938463463374607431768211455",
      currency: "CNY",
      channel: "wechat_pay",
      campaign_title: "甘肃学校午餐",
    });
    expect(fields.purpose).to.equal(null);
    expect(recordCsvFields(donation)).to.have.length(RECORD_CSV_HEADER.length);
  });

  it("names what a campaign counts in, a purpose, and an enum value it does not know", function () {
    const row = (o: Partial<LedgerRecordRow>) => Object.fromEntries(RECORD_CSV_HEADER.map((h, i) => [h, recordCsvFields({ ...donation, ...o })[i]]));
    expect(row({ asset: 1, currency: "   " }).currency).to.equal("native");
    expect(row({ asset: 2, currency: "   ", token: "0xABC" }).currency).to.equal("erc20:0xabc");
    expect(row({ kind: "disbursement", channel: null, purpose: 2 }).purpose).to.equal("fundraising");
    expect(row({ channel: 9 }).channel).to.equal("unknown:9");
  });

  it("makes titles and names that would start a formula inert, never amounts", function () {
    const row = Object.fromEntries(RECORD_CSV_HEADER.map((h, i) => [h, recordCsvFields({ ...donation, campaignTitle: "=cmd()", counterpartyOrganisationName: "@x", kind: "correction", amount: "-10" })[i]]));
    expect([row.campaign_title, row.counterparty_organisation_name, row.amount_minor_units]).to.deep.equal(["'=cmd()", "'@x", "-10"]);
  });

  it("never has a column for a donor or a plain recipient reference", function () {
    expect(RECORD_CSV_HEADER.filter((h) => /donor|reference|name$/.test(h))).to.deep.equal(["counterparty_organisation_name"]);
  });
});

describe("export periods", function () {
  it("bounds whole UTC days, the last included", function () {
    expect(exportPeriod({ from: "2026-01-01", to: "2026-06-30" })).to.deep.equal({ from: "2026-01-01", to: "2026-06-30", start: "2026-01-01T00:00:00Z", end: "2026-07-01T00:00:00Z" });
    expect(exportPeriod({ to: "2026-12-31" })).to.deep.equal({ to: "2026-12-31", start: null, end: "2027-01-01T00:00:00Z" });
    expect(exportPeriod({})).to.deep.equal({ start: null, end: null });
    expect(exportPeriod({ from: "2026-03-03", to: "2026-03-03" }).end).to.equal("2026-03-04T00:00:00Z");
  });

  it("refuses a period that ends before it begins, naming `to`", function () {
    expect(() => exportPeriod({ from: "2026-05-02", to: "2026-05-01" }))
      .to.throw(AppError)
      .with.property("errors")
      .that.deep.equals([{ field: "to", reason: "must not be before from (2026-05-02)" }]);
  });

  it("names the file by whose it is and which days", function () {
    expect(exportFilename({ organisation: "1" }, "records", {}, "csv")).to.equal("organisation-1-records.csv");
    expect(exportFilename({ campaign: "12" }, "records", { from: "2026-01-01" }, "csv")).to.equal("campaign-12-records-2026-01-01-to-now.csv");
    expect(exportFilename({ campaign: "12" }, "records", { to: "2026-06-30" }, "csv")).to.equal("campaign-12-records-start-to-2026-06-30.csv");
  });
});
