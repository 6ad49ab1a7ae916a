import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import {
  ACTIVITY_DATE_TYPE,
  ACTIVITY_STATUS,
  DESCRIPTION_TYPE_GENERAL,
  iatiActivityStart,
  iatiOrganisationRef,
  iatiTransaction,
  IATI_VERSION,
  narrative,
  ORGANISATION_ROLE,
  ORGANISATION_TYPE_OF_KIND,
  SECTOR_VOCABULARY_REPORTING_ORGANISATION,
  TRANSACTION_TYPE,
  USCI_PREFIX,
  type IatiCampaign,
  type IatiTransactionRow,
} from "../../../server/domain/iati.ts";

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/iati-codelists.json");
const CODELISTS = JSON.parse(readFileSync(FIXTURE, "utf8")).codelists as Record<string, { codes: Record<string, string> }>;

const organisation = { id: "1", name: "Sunrise Children's Foundation", kind: 1, registrationNumber: "53100000500021676K" };
const organisationRef = "CN-USCI-53100000500021676K";
const campaign: IatiCampaign = { id: "12", title: "School lunches", asset: 0, currency: "CNY", openedOn: "2026-01-05", closedOn: null, held: "662" };
const row = (overrides: Partial<IatiTransactionRow>): IatiTransactionRow => ({
  kind: "disbursement",
  day: "2026-04-02",
  amount: "200",
  txHash: "0x" + "ab".repeat(32),
  recordId: "7",
  relatedRecordId: null,
  count: null,
  month: null,
  channel: null,
  firstBlock: null,
  lastBlock: null,
  purpose: 0,
  evidenceHash: "0x" + "cd".repeat(32),
  recipientCommitment: "0x" + "ef".repeat(32),
  counterpartyCampaignId: null,
  counterparty: null,
  ...overrides,
});

describe("IATI mapping", function () {
  it("uses only codes of the IATI codelists of version 2.03", function () {
    const within = (list: string, codes: string[]) => {
      for (const code of codes) expect(CODELISTS[list]!.codes, `${list} ${code}`).to.have.property(code);
    };
    within("TransactionType", Object.values(TRANSACTION_TYPE));
    within("ActivityStatus", Object.values(ACTIVITY_STATUS));
    within("ActivityDateType", Object.values(ACTIVITY_DATE_TYPE));
    within("OrganisationRole", Object.values(ORGANISATION_ROLE));
    within("OrganisationType", [...ORGANISATION_TYPE_OF_KIND]);
    within("DescriptionType", [DESCRIPTION_TYPE_GENERAL]);
    within("SectorVocabulary", [SECTOR_VOCABULARY_REPORTING_ORGANISATION]);
    within("OrganisationRegistrationAgency", [USCI_PREFIX]);
    within("Version", [IATI_VERSION]);
    expect(ORGANISATION_TYPE_OF_KIND).to.have.length(4); // Charity, Foundation, Partner, Supplier in ILedger.sol
  });

  it("names an organisation by its unified social credit code, and by nothing else", function () {
    expect(iatiOrganisationRef("53100000500021676K")).to.equal("CN-USCI-53100000500021676K");
    expect(iatiOrganisationRef(" 91350100m000100y43 ")).to.equal("CN-USCI-91350100M000100Y43");
    // Too short, too long, letters where the region's six digits go, not a code at all.
    for (const other of ["LEDGER-A-1", "5310000050002167", "53100000500021676KK", "53ABCDEF500021676K", ""]) expect(iatiOrganisationRef(other), other).to.equal(undefined);
    expect(iatiOrganisationRef("53100000500021676I")).to.equal(undefined); // I, O, S, V and Z are not in the code's alphabet
  });

  it("marks an open campaign as Implementation, a closed one still holding money as Finalisation, an empty closed one as Closed", function () {
    const status = (c: Partial<IatiCampaign>) => /<activity-status code="(\d)"\/>/.exec(iatiActivityStart({ organisation, organisationRef, campaign: { ...campaign, ...c }, ledgerAddress: "0x1", asOfBlock: "9" }))![1];
    expect(status({})).to.equal("2");
    expect(status({ closedOn: "2026-06-30", held: "1" })).to.equal("3");
    expect(status({ closedOn: "2026-06-30", held: "0" })).to.equal("4");
    const closed = iatiActivityStart({ organisation, organisationRef, campaign: { ...campaign, closedOn: "2026-06-30", held: "0" }, ledgerAddress: "0x1", asOfBlock: null });
    expect(closed).to.include('<activity-date type="2" iso-date="2026-01-05"/><activity-date type="4" iso-date="2026-06-30"/>');
    expect(closed).to.include(`<iati-identifier>${organisationRef}-12</iati-identifier>`);
    expect(closed).to.include('default-currency="CNY"');
    const native = iatiActivityStart({ organisation, organisationRef, campaign: { ...campaign, asset: 1, currency: "" }, ledgerAddress: "0x1", asOfBlock: null });
    expect(native).to.not.include("default-currency");
  });

  it("writes amounts as exact decimals of the currency, negative for money that went back", function () {
    const context = { organisation, organisationRef, campaign };
    expect(iatiTransaction(row({ amount: "123456789012345678901" }), context)).to.include(">1234567890123456789.01</value>");
    expect(iatiTransaction(row({ kind: "refund", amount: "50", relatedRecordId: "3" }), context)).to.include('<transaction-type code="1"/>').and.include(">-0.50</value>");
    const counterparty = { id: "2", name: "Harbour", kind: 2, registrationNumber: "52440300MJL171234X" };
    const refused = iatiTransaction(row({ kind: "grant_refused", amount: "20", relatedRecordId: "5", counterparty, counterpartyCampaignId: "20" }), context);
    expect(refused).to.include('<transaction-type code="3"/>').and.include(">-0.20</value>");
    expect(iatiTransaction(row({ amount: "1500" }), { ...context, campaign: { ...campaign, currency: "JPY" } })).to.include('<value currency="JPY" value-date="2026-04-02">1500</value>');
  });

  it("sums donations with donors masked, and names both ends of a grant by their activity", function () {
    const context = { organisation, organisationRef, campaign };
    const donations = iatiTransaction(row({ kind: "donations", txHash: null, recordId: null, amount: "750", count: 2, month: "2026-04", channel: 1, firstBlock: "10", lastBlock: "12" }), context);
    expect(donations).to.match(/^<transaction><transaction-type code="1"\/>/);
    expect(donations).to.include("<provider-org><narrative>Individual donors (masked)</narrative></provider-org>");
    expect(donations).to.include("2 donations by alipay in 2026-04, recorded in blocks 10 to 12");
    const counterparty = { id: "2", name: "Harbour", kind: 2, registrationNumber: "52440300MJL171234X" };
    const sent = iatiTransaction(row({ kind: "grant_sent", amount: "600", counterparty, counterpartyCampaignId: "20" }), context);
    expect(sent).to.include(`<transaction ref="0x${"ab".repeat(32)}">`);
    expect(sent).to.include(`<provider-org ref="${organisationRef}" provider-activity-id="${organisationRef}-12" type="60">`);
    expect(sent).to.include('<receiver-org ref="CN-USCI-52440300MJL171234X" receiver-activity-id="CN-USCI-52440300MJL171234X-20" type="22">');
    const unnamed = iatiTransaction(row({ kind: "grant_received", counterparty: { ...counterparty, registrationNumber: "LEDGER-B-1" }, counterpartyCampaignId: "20" }), context);
    expect(unnamed).to.include('<provider-org type="22"><narrative>Harbour</narrative></provider-org>');
  });

  it("maps a disbursement's purpose to a sector of the reporting organisation's vocabulary, and spends it as expenditure", function () {
    const paid = iatiTransaction(row({ purpose: 1 }), { organisation, organisationRef, campaign });
    expect(paid).to.include('<transaction-type code="4"/>');
    expect(paid).to.include('<sector vocabulary="99" code="administration"><narrative>administration</narrative></sector>');
  });

  it("marks Chinese narratives as such and escapes every text", function () {
    expect(narrative("甘肃学校午餐")).to.equal('<narrative xml:lang="zh">甘肃学校午餐</narrative>');
    expect(narrative("Tom & Jerry <3")).to.equal("<narrative>Tom &amp; Jerry &lt;3</narrative>");
  });
});
