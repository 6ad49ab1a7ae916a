import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { expect } from "chai";
import { Contract, ZeroAddress, ZeroHash, id, type ContractTransactionReceipt, type Wallet } from "ethers";
import { DEV_ROLES, devAccount } from "../../server/chain/dev-accounts.ts";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { RECORD_CSV_HEADER } from "../../server/domain/record-export.ts";
import { onboardOrganisation } from "../../server/services/onboard-organisation.ts";
import { call } from "../support/http.ts";
import { iatiSchema } from "../support/iati-schema.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CODELISTS = JSON.parse(readFileSync(path.join(ROOT, "test/fixtures/iati-codelists.json"), "utf8")).codelists as Record<string, { codes: Record<string, string> }>;
const XMLLINT = "/usr/bin/xmllint";
let SCHEMA = "";

const [BANK, ALIPAY, , CASH] = [0, 1, 2, 3];
const [PROGRAMME, , FUNDRAISING] = [0, 1, 2];
// A title with a comma, quotes, a line break and Chinese: quoted in CSV, escaped in XML, unchanged when read back.
const A1_TITLE = '甘肃学校午餐, "第二期"\n午餐';
const A2_TITLE = '=HYPERLINK("http://example.invalid")';

/** Where an event came from on the chain, as "block/tx/logIndex". */
type Position = string;

/**
 * Two organisations of their own, so every row is exact whatever other suites wrote:
 *   A (foundation) runs a1 (CNY), a2 (USD, closed) and a3 (native, empty); B (partner) runs b1 (CNY).
 *   a1: gifts 1000 bank, 500 and 250 alipay; grants 600 to b1 (acknowledged) and 20 (refused);
 *       pays 200 programme (confirmed by the auditor) and 33 fundraising; refunds 50 of the third
 *       gift and 600 of the second (more than it was: flagged); corrects -10 and +5 (approved);
 *       its target changes. a2: one gift of 123456789012345678901 cash (beyond 2^64), then closed.
 *   b1: pays 100 programme.
 */
describe("exports: records as CSV, activities as IATI XML", function () {
  let t: TestSystem;
  let ids: { orgA: bigint; orgB: bigint; a1: bigint; a2: bigint; a3: bigint; b1: bigint; g1: bigint };
  let registration: { a: string; b: string };
  let of: { a: Set<Position>; b: Set<Position>; a2: Set<Position> };
  let grantTx: string;
  let day: string;

  before(async function () {
    this.timeout(240_000);
    t = await getTestSystem();
    const abi = loadLedgerArtifact().abi;
    const { ledgerAddress, provider } = t.system;
    const funder = devAccount(DEV_ROLES.funder, provider);
    // Of the form of a unified social credit code, unique to this run.
    const stamp = String(Date.now()).slice(-9);
    registration = { a: `53100000${stamp}K`, b: `52440300${stamp}X` };
    const onboard = async (name: string, kind: number, registrationNumber: string) => {
      const { orgId, signer } = await onboardOrganisation({
        ledgerAddress,
        registrar: t.system.registrar!,
        orgSigners: t.system.orgSigners,
        funder,
        fundingWei: 10n ** 19n,
        organisation: { kind, registrationNumber, name },
      });
      return { orgId, key: signer.connect(provider) as Wallet };
    };
    const a = await onboard("Export Test Foundation 出口测试基金会", 1, registration.a);
    const b = await onboard("Export Test Partner", 2, registration.b);
    const [A, B] = [a.key, b.key].map((key) => new Contract(ledgerAddress, abi, key));
    const auditor = new Contract(ledgerAddress, abi, devAccount(DEV_ROLES.auditor, provider));

    of = { a: new Set(), b: new Set(), a2: new Set() };
    const send = async (contract: Contract, method: string, args: unknown[], concerns: Set<Position>[]) => {
      const receipt = (await (await contract.getFunction(method)(...args)).wait()) as ContractTransactionReceipt;
      const logs = receipt.logs.filter((l) => l.address.toLowerCase() === ledgerAddress.toLowerCase());
      for (const log of logs) for (const set of concerns) set.add(`${log.blockNumber}/${log.transactionHash}/${log.index}`);
      const parsed = abi.parseLog(logs[0]!)!;
      return { receipt, args: parsed.args };
    };
    const open = async (key: Contract, orgId: bigint, asset: number, currency: string, title: string, concerns: Set<Position>[]) => {
      const code = currency ? "0x" + Buffer.from(currency, "latin1").toString("hex") : "0x000000";
      return BigInt((await send(key, "openCampaign", [orgId, asset, code, ZeroAddress, 0n, title], concerns)).args.getValue("campaignId"));
    };
    const record = async (contract: Contract, method: string, args: unknown[], concerns: Set<Position>[]) =>
      BigInt((await send(contract, method, args, concerns)).args.getValue("recordId"));
    const pay = (contract: Contract, campaign: bigint, amount: bigint, purpose: number, concerns: Set<Position>[]) =>
      record(contract, "recordDisbursement", [[campaign, id(`export recipient ${amount}`), amount, purpose, id(`export invoice ${amount}`), ZeroAddress, ZeroAddress]], concerns);

    const a1 = await open(A!, a.orgId, 0, "CNY", A1_TITLE, [of.a]);
    const a2 = await open(A!, a.orgId, 0, "USD", A2_TITLE, [of.a, of.a2]);
    const a3 = await open(A!, a.orgId, 1, "", "On-chain gifts", [of.a]);
    const b1 = await open(B!, b.orgId, 0, "CNY", "Flood kits", [of.b]);
    await record(A!, "recordDonation", [a1, 1000n, BANK, id("export gift 1")], [of.a]);
    const gift2 = await record(A!, "recordDonation", [a1, 500n, ALIPAY, id("export gift 2")], [of.a]);
    const gift3 = await record(A!, "recordDonation", [a1, 250n, ALIPAY, id("export gift 3")], [of.a]);
    const grant = await send(A!, "makeGrant", [a1, b1, 600n, ZeroHash], [of.a, of.b]);
    const g1 = BigInt(grant.args.getValue("recordId"));
    grantTx = grant.receipt.hash;
    await record(B!, "acknowledgeGrant", [g1], [of.a, of.b]);
    const g2 = await record(A!, "makeGrant", [a1, b1, 20n, ZeroHash], [of.a, of.b]);
    await record(B!, "refuseGrant", [g2, ZeroHash], [of.a, of.b]);
    const p1 = await pay(A!, a1, 200n, PROGRAMME, [of.a]);
    const p2 = await pay(A!, a1, 33n, FUNDRAISING, [of.a]);
    await send(auditor, "confirmDisbursement", [p1], [of.a]);
    await record(A!, "refundDonation", [gift3, a1, 50n, ZeroHash], [of.a]);
    await record(A!, "correctRecord", [p1, a1, -10n, ZeroHash], [of.a]);
    const plus = await record(A!, "correctRecord", [p2, a1, 5n, ZeroHash], [of.a]);
    await record(auditor, "approveCorrection", [plus], [of.a]);
    await record(A!, "refundDonation", [gift2, a1, 600n, ZeroHash], [of.a]);
    await send(A!, "setCampaignTarget", [a1, 100_000n], [of.a]);
    await record(A!, "recordDonation", [a2, 123456789012345678901n, CASH, id("export gift 4")], [of.a, of.a2]);
    const closed = await send(A!, "closeCampaign", [a2], [of.a, of.a2]);
    const last = await pay(B!, b1, 100n, PROGRAMME, [of.b]);
    ids = { orgA: a.orgId, orgB: b.orgId, a1, a2, a3, b1, g1 };
    void last;
    await t.system.indexer.waitForBlock(BigInt(closed.receipt.blockNumber) + 1n);
    const block = await provider.getBlock(closed.receipt.blockNumber);
    day = new Date(block!.timestamp * 1000).toISOString().slice(0, 10);
  });

  /** The CSV as rows of fields, after checking and stripping its byte-order mark. */
  const csvOf = (bytes: Buffer): string[][] => {
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    return parse(bytes.subarray(3).toString("utf8"), { relax_column_count: false }) as string[][];
  };
  const byHeader = (rows: string[][]) => {
    const [header, ...body] = rows;
    return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
  };

  it("lists every record of an organisation once, with its block, transaction and log index as on the chain and in the mirror", async function () {
    const answer = await call(t.baseUrl, "GET", `/api/v1/organisations/${ids.orgA}/records.csv`, { bytes: true });
    expect(answer.status).to.equal(200);
    expect(answer.headers.get("content-type")).to.match(/^text\/csv; charset=utf-8/);
    expect(answer.headers.get("content-disposition")).to.equal(`attachment; filename="organisation-${ids.orgA}-records.csv"`);
    expect(answer.headers.get("content-length")).to.equal(null); // streamed, in chunks
    const rows = csvOf(answer.body);
    expect(rows[0]).to.deep.equal([...RECORD_CSV_HEADER]);
    expect(answer.body.includes(Buffer.from("\r\n"))).to.equal(true);
    const records = byHeader(rows);
    const positions = records.map((r) => `${r.block_number}/${r.tx_hash}/${r.log_index}`);
    expect(new Set(positions).size).to.equal(positions.length);
    expect(new Set(positions)).to.deep.equal(of.a);
    // In chain order.
    const order = records.map((r) => [BigInt(r.block_number!), Number(r.log_index)] as const);
    expect(order).to.deep.equal([...order].sort((x, y) => (x[0] === y[0] ? x[1] - y[1] : x[0] < y[0] ? -1 : 1)));
    // The mirror holds each of them at that place with that transaction.
    const { rows: events } = await t.system.pool.query<{ position: string; name: string }>(
      `SELECT block_number || '/' || tx_hash || '/' || log_index AS position, name FROM ledger_event WHERE block_number || '/' || tx_hash || '/' || log_index = ANY($1::text[])`,
      [positions],
    );
    expect(events).to.have.length(positions.length);

    const kinds = records.map((r) => r.kind).sort();
    expect(kinds).to.deep.equal(
      [
        ...Array(3).fill("campaign_opened"),
        "campaign_target_changed",
        "campaign_closed",
        ...Array(4).fill("donation"),
        "grant_sent",
        "grant_sent",
        "grant_acknowledged",
        "grant_refused",
        "disbursement",
        "disbursement",
        "disbursement_confirmed",
        "refund",
        "refund",
        "correction",
        "correction",
        "correction_approved",
      ].sort(),
    );
    // Times are ISO 8601 in UTC, of the block's day.
    for (const r of records) expect(r.time_utc).to.match(new RegExp(`^${day}T\\d{2}:\\d{2}:\\d{2}Z$`));
  });

  it("keeps amounts exact, text intact (Chinese, quotes, line breaks) and formulas inert; names counterparties and flags", async function () {
    const answer = await call(t.baseUrl, "GET", `/api/v1/organisations/${ids.orgA}/records.csv`, { bytes: true });
    const records = byHeader(csvOf(answer.body));
    const big = records.find((r) => r.kind === "donation" && r.campaign_id === ids.a2.toString())!;
    expect(big).to.include({ amount_minor_units: "123456789012345678901", currency: "USD", channel: "cash", campaign_title: `'${A2_TITLE}` });
    const a1Rows = records.filter((r) => r.campaign_id === ids.a1.toString());
    for (const r of a1Rows) expect(r.campaign_title).to.equal(A1_TITLE);
    expect(a1Rows.filter((r) => r.kind === "donation").map((r) => [r.amount_minor_units, r.channel])).to.deep.equal([
      ["1000", "bank"],
      ["500", "alipay"],
      ["250", "alipay"],
    ]);
    const grant = records.find((r) => r.kind === "grant_sent" && r.record_id === ids.g1.toString())!;
    expect(grant).to.include({
      tx_hash: grantTx,
      amount_minor_units: "600",
      counterparty_campaign_id: ids.b1.toString(),
      counterparty_organisation_id: ids.orgB.toString(),
      counterparty_organisation_name: "Export Test Partner",
      currency: "CNY",
    });
    const ack = records.find((r) => r.kind === "grant_acknowledged")!;
    expect(ack).to.include({ related_record_id: ids.g1.toString(), campaign_id: ids.a1.toString(), counterparty_campaign_id: ids.b1.toString(), amount_minor_units: "600" });
    expect(records.filter((r) => r.kind === "correction").map((r) => r.amount_minor_units)).to.deep.equal(["-10", "5"]);
    expect(records.find((r) => r.kind === "disbursement" && r.purpose === "fundraising")).to.include({ amount_minor_units: "33", evidence_sha256: id("export invoice 33") });
    expect(records.find((r) => r.kind === "disbursement")!.recipient_commitment).to.match(/^0x[0-9a-f]{64}$/);
    expect(records.find((r) => r.kind === "campaign_target_changed")).to.include({ target_minor_units: "100000" });
    expect(records.find((r) => r.kind === "disbursement_confirmed")!.related_record_id).to.equal(records.find((r) => r.kind === "disbursement")!.record_id);
    expect(records.filter((r) => r.kind === "refund").map((r) => r.flags)).to.deep.equal(["", "refund-exceeds-donation"]);
    expect(records.find((r) => r.campaign_id === ids.a3.toString())).to.include({ kind: "campaign_opened", currency: "native" });
    // Public data only: no plain recipient reference, no donor column.
    expect(RECORD_CSV_HEADER.join(",")).to.not.match(/donor|reference/);
  });

  it("lists a campaign's records alone, and the receiving side of grants for the other organisation", async function () {
    const campaign = await call(t.baseUrl, "GET", `/api/v1/campaigns/${ids.a2}/records.csv`, { bytes: true });
    expect(campaign.status).to.equal(200);
    expect(campaign.headers.get("content-disposition")).to.equal(`attachment; filename="campaign-${ids.a2}-records.csv"`);
    const rows = byHeader(csvOf(campaign.body));
    expect(new Set(rows.map((r) => `${r.block_number}/${r.tx_hash}/${r.log_index}`))).to.deep.equal(of.a2);
    expect(rows.map((r) => r.kind)).to.deep.equal(["campaign_opened", "donation", "campaign_closed"]);

    const partner = byHeader(csvOf((await call(t.baseUrl, "GET", `/api/v1/organisations/${ids.orgB}/records.csv`, { bytes: true })).body));
    expect(new Set(partner.map((r) => `${r.block_number}/${r.tx_hash}/${r.log_index}`))).to.deep.equal(of.b);
    expect(partner.map((r) => r.kind).sort()).to.deep.equal(["campaign_opened", "disbursement", "grant_acknowledged", "grant_received", "grant_received", "grant_refused"]);
    expect(partner.find((r) => r.kind === "grant_received" && r.record_id === ids.g1.toString())).to.include({ campaign_id: ids.b1.toString(), counterparty_campaign_id: ids.a1.toString() });
  });

  it("keeps only the records of the period's days", async function () {
    const get = async (query: string) => byHeader(csvOf((await call(t.baseUrl, "GET", `/api/v1/organisations/${ids.orgA}/records.csv?${query}`, { bytes: true })).body));
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const previous = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(await get(`from=${day}&to=${day}`)).to.have.length(of.a.size);
    expect(await get(`from=${day}`)).to.have.length(of.a.size);
    expect(await get(`to=${day}`)).to.have.length(of.a.size);
    expect(await get(`from=${next}`)).to.have.length(0);
    expect(await get(`to=${previous}`)).to.have.length(0);
    const named = await call(t.baseUrl, "GET", `/api/v1/campaigns/${ids.a1}/records.csv?from=${previous}&to=${day}`, { bytes: true });
    expect(named.headers.get("content-disposition")).to.equal(`attachment; filename="campaign-${ids.a1}-records-${previous}-to-${day}.csv"`);
  });

  it("refuses bad input with problem+json before any byte of a file", async function () {
    const cases: [string, number, string][] = [
      [`/api/v1/organisations/999999999/records.csv`, 404, "id"],
      [`/api/v1/campaigns/999999999/records.csv`, 404, "id"],
      [`/api/v1/organisations/999999999/iati.xml`, 404, "id"],
      [`/api/v1/organisations/abc/records.csv`, 400, "id"],
      [`/api/v1/campaigns/0/records.csv`, 400, "id"],
      [`/api/v1/organisations/${ids.orgA}/records.csv?from=2026-13-01`, 400, "from"],
      [`/api/v1/organisations/${ids.orgA}/records.csv?to=yesterday`, 400, "to"],
      [`/api/v1/organisations/${ids.orgA}/records.csv?from=2026-05-02&to=2026-05-01`, 400, "to"],
      [`/api/v1/campaigns/${ids.a1}/records.csv?period=month`, 400, "period"],
      [`/api/v1/organisations/${ids.orgA}/iati.xml?from=2026-01-01`, 400, "from"],
    ];
    for (const [url, status, field] of cases) {
      const answer = await call(t.baseUrl, "GET", url);
      expect(answer.status, url).to.equal(status);
      expect(answer.headers.get("content-type"), url).to.match(/^application\/problem\+json/);
      expect(answer.headers.get("content-disposition"), url).to.equal(null);
      expect(answer.body.errors.map((e: { field: string }) => e.field), url).to.include(field);
    }
  });

  describe("IATI activity XML", function () {
    let dir: string;
    let file: string;
    let xml: string;
    const xpath = (expression: string): string => {
      const out = spawnSync(XMLLINT, ["--xpath", expression, file], { encoding: "utf8" });
      if (out.status !== 0) throw new Error(`xmllint --xpath ${expression}: ${out.stderr}`);
      return out.stdout.replace(/\n$/, ""); // xmllint ends its answer with a line break of its own
    };
    const values = (expression: string) => [...xpath(expression).matchAll(/="([^"]*)"/g)].map((m) => m[1]!);

    before(async function () {
      // Missing, the schema fails the test rather than skipping it.
      SCHEMA = iatiSchema();
      if (!existsSync(XMLLINT)) {
        console.log(`      xmllint is not installed (${XMLLINT}, Debian package libxml2-utils): the IATI XML tests are skipped.`);
        this.skip();
      }
      const answer = await call(t.baseUrl, "GET", `/api/v1/organisations/${ids.orgA}/iati.xml`, { bytes: true });
      expect(answer.status).to.equal(200);
      expect(answer.headers.get("content-type")).to.equal("application/xml; charset=utf-8");
      expect(answer.headers.get("content-disposition")).to.equal(`attachment; filename="organisation-${ids.orgA}-iati-activities.xml"`);
      xml = answer.body.toString("utf8");
      dir = mkdtempSync(path.join(tmpdir(), "iati-"));
      file = path.join(dir, "activities.xml");
      writeFileSync(file, answer.body);
    });
    after(() => dir && rmSync(dir, { recursive: true, force: true }));

    it("validates against the IATI 2.03 activities schema", function () {
      const result = spawnSync(XMLLINT, ["--noout", "--schema", SCHEMA, file], { encoding: "utf8" });
      expect(result.stderr.trim(), xml.slice(0, 2000)).to.equal(`${file} validates`);
      expect(result.status).to.equal(0);
    });

    it("uses only codes of the IATI codelists", function () {
      const within = (list: string, codes: string[]) => {
        expect(codes, list).to.not.be.empty;
        for (const code of codes) expect(CODELISTS[list]!.codes, `${list} ${code}`).to.have.property(code);
      };
      within("TransactionType", values("//transaction-type/@code"));
      within("ActivityStatus", values("//activity-status/@code"));
      within("ActivityDateType", values("//activity-date/@type"));
      within("OrganisationRole", values("//participating-org/@role"));
      within("OrganisationType", [...values("//reporting-org/@type"), ...values("//participating-org/@type"), ...values("//receiver-org/@type"), ...values("//provider-org/@type")]);
      within("DescriptionType", values("//iati-activity/description/@type"));
      within("SectorVocabulary", values("//transaction/sector/@vocabulary"));
      within("Currency", [...values("//iati-activity/@default-currency"), ...values("//value/@currency")]);
      within("Language", values("//@xml:lang"));
      within("Version", values("/iati-activities/@version"));
      for (const ref of [...values("//reporting-org/@ref"), ...values("//receiver-org/@ref"), ...values("//provider-org/@ref")]) {
        within("OrganisationRegistrationAgency", [ref.split("-").slice(0, 2).join("-")]);
      }
    });

    it("reports each campaign as an activity, donations summed with donors masked, grants and payouts as their transactions", function () {
      const orgRef = `CN-USCI-${registration.a}`;
      const partnerRef = `CN-USCI-${registration.b}`;
      expect(xpath("//iati-activity/iati-identifier/text()").trim().split("\n")).to.deep.equal([`${orgRef}-${ids.a1}`, `${orgRef}-${ids.a2}`, `${orgRef}-${ids.a3}`]);
      expect(xpath(`string(//iati-activity[iati-identifier="${orgRef}-${ids.a1}"]/title/narrative)`)).to.equal(A1_TITLE);
      expect(values(`//iati-activity[iati-identifier="${orgRef}-${ids.a1}"]/title/narrative/@xml:lang`)).to.deep.equal(["zh"]);
      expect(values("//iati-activity/activity-status/@code")).to.deep.equal(["2", "3", "2"]); // a2 closed, still holding money
      const a1 = `//iati-activity[iati-identifier="${orgRef}-${ids.a1}"]`;
      const tx = (type: string) => `${a1}/transaction[transaction-type/@code="${type}"]`;
      const incoming = xpath(`${tx("1")}/value/text()`).trim().split("\n").sort();
      expect(incoming).to.deep.equal(["-0.50", "-6.00", "10.00", "7.50"].sort());
      expect(xpath(`string(${tx("1")}[value="7.50"]/provider-org/narrative)`)).to.equal("Individual donors (masked)");
      expect(xpath(`string(${tx("1")}[value="7.50"]/description/narrative)`)).to.match(/^2 donations by alipay in \d{4}-\d{2}, recorded in blocks \d+ to \d+$/);
      expect(values(`${tx("3")}[@ref="${grantTx}"]/receiver-org/@ref`)).to.deep.equal([partnerRef]);
      expect(values(`${tx("3")}[@ref="${grantTx}"]/receiver-org/@receiver-activity-id`)).to.deep.equal([`${partnerRef}-${ids.b1}`]);
      expect(xpath(`${tx("3")}/value/text()`).trim().split("\n")).to.deep.equal(["6.00", "0.20", "-0.20"]);
      expect(xpath(`${tx("4")}/value/text()`).trim().split("\n")).to.deep.equal(["2.00", "0.33"]);
      expect(values(`${tx("4")}/sector/@code`)).to.deep.equal(["programme", "fundraising"]);
      // Every single-record transaction names its chain transaction.
      for (const ref of values(`${a1}/transaction/@ref`)) expect(ref).to.match(/^0x[0-9a-f]{64}$/);
      const a2 = `//iati-activity[iati-identifier="${orgRef}-${ids.a2}"]`;
      expect(xpath(`${a2}/transaction/value/text()`).trim()).to.equal("1234567890123456789.01");
      expect(values(`${a2}/transaction/value/@currency`)).to.deep.equal(["USD"]);
      expect(values(`${a2}/activity-date/@type`)).to.deep.equal(["2", "4"]);
      const a3 = `//iati-activity[iati-identifier="${orgRef}-${ids.a3}"]`;
      expect(xpath(`count(${a3}/transaction)`)).to.equal("0");
    });

    it("shows the partner's side: grants received once acknowledged, from the sender's activity", async function () {
      const answer = await call(t.baseUrl, "GET", `/api/v1/organisations/${ids.orgB}/iati.xml`, { bytes: true });
      writeFileSync(file, answer.body);
      const received = `//transaction[transaction-type/@code="1"]`;
      expect(xpath(`${received}/value/text()`).trim()).to.equal("6.00");
      expect(values(`${received}/provider-org/@provider-activity-id`)).to.deep.equal([`CN-USCI-${registration.a}-${ids.a1}`]);
      const result = spawnSync(XMLLINT, ["--noout", "--schema", SCHEMA, file], { encoding: "utf8" });
      expect(result.status, result.stderr).to.equal(0);
    });
  });
});
