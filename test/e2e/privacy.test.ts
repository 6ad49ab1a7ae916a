import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { hexlify, keccak256, toUtf8Bytes } from "ethers";
import { findGiftOnChain } from "../../server/chain/find-gift-on-chain.ts";
import { decodeLedgerLogs, type RawLog } from "../../server/chain/decode-events.ts";
import { loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { donorCommitment } from "../../server/domain/commitments.ts";
import { onboardOrganisation } from "../../server/services/onboard-organisation.ts";
import { call, newKey, rejection, tokenFor } from "../support/http.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

// Personal values the demo and the end-to-end scenarios use: none may ever reach the chain.
const DEMO_VALUES = ["demo-donor-0001", "demo-donor-0002", "SUPPLIER-0042", "donor-77", "SUPPLIER-7", "STAFF-1"];
const PHONE = "13812345678";
const RESIDENT_ID = "110105194912310021";

describe("privacy: nothing personal on-chain, nothing recoverable after erasure", function () {
  let t: TestSystem;
  let token: string;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
  });

  async function giveAndPay(donorReference = PHONE): Promise<{ donation: { id: string; trackingCode: string } }> {
    const campaignId = t.demo.foundation.campaignId.toString();
    const donation = await call(t.baseUrl, "POST", "/api/v1/donations", {
      token,
      headers: { "idempotency-key": newKey("private") },
      body: { campaignId, amount: "8800", channel: "wechat_pay", donorReference },
    });
    expect(donation.status).to.equal(202);
    await t.waitForWrite(donation.body.id);
    // A beneficiary's ID number as the recipient reference: allowed off-chain, never on it.
    const payout = await call(t.baseUrl, "POST", "/api/v1/disbursements", {
      token,
      headers: { "idempotency-key": newKey("private-payout") },
      body: { campaignId, amount: "100", purpose: "programme", recipientRef: RESIDENT_ID.slice(0, 18), evidenceSha256: "cd".repeat(32) },
    });
    expect(payout.status).to.equal(202);
    await t.waitForWrite(payout.body.id);
    return { donation: donation.body };
  }

  it("puts no plaintext personal value of the demo or the scenarios in any event of the ledger", async function () {
    await giveAndPay();
    const logs = (await t.system.provider.send("eth_getLogs", [{ address: t.system.ledgerAddress, fromBlock: "0x0", toBlock: "latest" }])) as RawLog[];
    expect(logs.length).to.be.greaterThan(10);
    const events = decodeLedgerLogs(loadLedgerArtifact().abi, logs);
    expect(events.map((e) => e.name)).to.include.members(["DonationRecorded", "DisbursementRecorded"]);
    const decoded = JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    for (const value of [...DEMO_VALUES, PHONE, RESIDENT_ID]) {
      // As text, as the UTF-8 bytes a contract would carry (bytes32 or string), and as any hash a guess could reverse.
      const bytes = hexlify(toUtf8Bytes(value)).slice(2);
      const guessable = [createHash("sha256").update(value).digest("hex"), keccak256(toUtf8Bytes(value)).slice(2)];
      for (const log of logs) {
        const raw = (log.topics.join("") + log.data).toLowerCase();
        expect(raw, `${value} in a log of ${log.transactionHash}`).to.not.include(bytes.toLowerCase());
        for (const hash of guessable) expect(raw, `a plain hash of ${value}`).to.not.include(hash);
      }
      expect(decoded, value).to.not.include(value);
    }
  });

  it("erases the link to the donor: no table, no log line and no guessable hash leads back, and the trace and chain are unchanged", async function () {
    // A phone number used by no other test, so any trace of it left is this donor's.
    const phone = `139${String(Date.now()).slice(-8)}`;
    const { donation } = await giveAndPay(phone);
    const before = await call(t.baseUrl, "GET", `/api/v1/track/${donation.trackingCode}`);
    expect(before.status).to.equal(200);
    expect(await tableText()).to.include(phone);

    const erased = await call(t.baseUrl, "DELETE", `/api/v1/donations/${donation.id}/donor`, { token });
    expect(erased.status).to.equal(200);
    expect(erased.body).to.deep.equal({ erased: true });

    const everything = await tableText();
    const guesses = [
      phone,
      createHash("sha256").update(phone).digest("hex"),
      keccak256(toUtf8Bytes(phone)).slice(2),
      // The fingerprint format before issue 9: an unsalted hash over the request with the donor reference.
      createHash("sha256").update(JSON.stringify(["donation", [["amount", "8800"], ["campaignId", t.demo.foundation.campaignId.toString()], ["channel", "wechat_pay"], ["donorReference", phone]]])).digest("hex"),
    ];
    for (const guess of guesses) expect(everything, guess).to.not.include(guess);
    for (const line of t.logLines) expect(line).to.not.include(phone);
    // The tracking code is a bearer secret: stored nowhere, logged nowhere.
    expect(everything).to.not.include(donation.trackingCode);
    for (const line of t.logLines) expect(line).to.not.include(donation.trackingCode);

    // The same trace; only the background check's progress (when and up to where) may have moved on.
    const after = await call(t.baseUrl, "GET", `/api/v1/track/${donation.trackingCode}`);
    const { verification: _was, ...traceBefore } = before.body;
    const { verification: _is, ...traceAfter } = after.body;
    expect(traceAfter).to.deep.equal(traceBefore);
    const again = await call(t.baseUrl, "DELETE", `/api/v1/donations/${donation.id}/donor`, { token });
    expect(again.body).to.deep.equal({ erased: false });
  });

  it("lets only the organisation that recorded the donation erase its donor link", async function () {
    const { donation } = await giveAndPay();
    const partner = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    const refused = await call(t.baseUrl, "DELETE", `/api/v1/donations/${donation.id}/donor`, { token: partner });
    expect(refused.status).to.equal(404);
    expect(refused.headers.get("content-type")).to.match(/application\/problem\+json/);
  });

  it("finds a gift with nothing but its code and a chain node, and agrees with the server's trace", async function () {
    this.timeout(60_000);
    // Writes earlier suites accepted and never waited for may still be landing (on a node that packs
    // several transactions in a block, spending from this very gift): the chain and the mirror are
    // compared once nothing is on its way and the mirror holds the chain's head.
    for (let tries = 0; ; tries++) {
      const { rows } = await t.system.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE status IN ('pending', 'submitted')`);
      if (rows[0].n === 0) break;
      if (tries > 1_000) throw new Error(`${rows[0].n} writes still on their way`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await t.system.indexer.waitForBlock(BigInt(await t.system.provider.getBlockNumber()));
    const code = t.demoTrackingCode;
    const gift = await findGiftOnChain({ rpcUrl: t.system.rpcUrl, trackingCode: code.toLowerCase() });
    expect(gift).to.not.equal(undefined);
    expect(gift!.donorCommitment).to.equal(donorCommitment(code));
    expect(gift!.ledgerAddress).to.equal(t.system.ledgerAddress);
    const trace = (await call(t.baseUrl, "GET", `/api/v1/track/${code}`)).body;
    const recorded = trace.steps.find((s: { kind: string }) => s.kind === "recorded");
    expect(gift!.donation).to.include({ recordId: recorded.recordId, amount: trace.amount, txHash: recorded.chain.txHash });
    expect(gift!.organisation?.name).to.equal(trace.organisation.name);
    expect(gift!.unspent).to.equal(trace.unspent);
    const spent = trace.steps.filter((s: { kind: string }) => ["disbursed", "granted", "refunded", "corrected"].includes(s.kind));
    expect(gift!.spent.map((s) => [s.recordId, s.amount])).to.deep.equal(spent.map((s: { recordId: string; amount: string }) => [s.recordId, s.amount]));

    // The command prints the same from the shell, with no database.
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/find-gift.ts", code, "--rpc", t.system.rpcUrl, "--json"], { encoding: "utf8" });
    expect(run.status, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout).donation.recordId).to.equal(recorded.recordId);
    const unknown = await findGiftOnChain({ rpcUrl: t.system.rpcUrl, trackingCode: "DN-0000-0000-0000-0000" });
    expect(unknown).to.equal(undefined);
  });

  it("refuses personal ID and phone numbers in fields that would be public on the ledger", async function () {
    for (const name of [`Aid for ${PHONE}`, `Family of ${RESIDENT_ID}`]) {
      const error = await rejection(
        onboardOrganisation({
          ledgerAddress: t.system.ledgerAddress,
          registrar: t.system.registrar!,
          orgSigners: t.system.orgSigners,
          fundingWei: 0n,
          organisation: { kind: 0, registrationNumber: "91110000MA01ABCD2X", name },
        }),
      );
      expect(error.message).to.match(/public on the ledger forever/);
    }
    const { ledgerAdmin } = await import("../../server/chain/ledger-admin.ts");
    const title = await rejection(
      ledgerAdmin(t.system.ledgerAddress, t.demo.foundation.ownKey).openCampaign({ orgId: t.demo.foundation.orgId, currency: "CNY", target: 0n, title: `For ${PHONE}` }),
    );
    expect(title.message).to.match(/public on the ledger forever.*mobile-number/);
  });

  /** Every row of every table of the database, as text. */
  async function tableText(): Promise<string> {
    const { rows: tables } = await t.system.pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    let text = "";
    for (const { tablename } of tables) {
      const { rows } = await t.system.pool.query(`SELECT t::text AS row FROM "${tablename}" t`);
      text += rows.map((r) => r.row).join("\n");
    }
    return text;
  }
});
