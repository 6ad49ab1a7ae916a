import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { createApiClient } from "../../server/services/create-api-client.ts";
import { checkAccessLog } from "../../server/services/check-access-log.ts";
import { pdfFile } from "../support/evidence-files.ts";
import { call, tokenFor } from "../support/http.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

describe("oversight: regulators' restricted reads go to a hash-chained access log, and their flags", function () {
  this.timeout(60_000);
  let t: TestSystem;
  let regulator: string;
  let regulatorId: string;
  let owner: { token: string; orgId: string };
  let other: string;
  let payout: { recordId: string; evidence: string };

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    const client = await createApiClient({ ...t.system.stores, clientId: `oversight-regulator-${Date.now().toString(36)}`, role: "regulator" });
    regulatorId = client.clientId;
    regulator = await tokenFor(t.baseUrl, client.clientId, client.secret);
    // A disbursement the demo paid out, and the organisation that paid it.
    const { rows } = await t.system.pool.query(
      `SELECT d.record_id::text AS record_id, d.evidence_hash, c.org_id::text AS org_id FROM disbursement d JOIN campaign c ON c.id = d.campaign_id ORDER BY d.record_id LIMIT 1`,
    );
    expect(rows, "the demo paid something out").to.have.length(1);
    payout = { recordId: rows[0].record_id, evidence: rows[0].evidence_hash };
    const [mine, theirs] = rows[0].org_id === t.demo.foundation.orgId.toString() ? [t.demo.foundation, t.demo.partner] : [t.demo.partner, t.demo.foundation];
    owner = { token: await tokenFor(t.baseUrl, mine.clientId, mine.secret), orgId: rows[0].org_id };
    other = await tokenFor(t.baseUrl, theirs.clientId, theirs.secret);
  });

  const logOf = (token?: string, query = "") => call(t.baseUrl, "GET", `/api/v1/organisations/${owner.orgId}/access-log${query}`, token ? { token } : {});
  const entryCount = async () => Number((await t.system.pool.query(`SELECT count(*) FROM access_log`)).rows[0].count);

  it("refuses a regulator's restricted read that gives no purpose, and logs nothing", async function () {
    const before = await entryCount();
    const answer = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout.recordId}/sources`, { token: regulator });
    expect(answer.status).to.equal(400);
    expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(answer.body.errors).to.deep.equal([{ field: "purpose", reason: "is required for a regulator's token" }]);
    const phone = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout.recordId}/sources?purpose=${encodeURIComponent("call 13812345678")}`, { token: regulator });
    expect(phone.status).to.equal(400);
    expect(phone.body.errors[0]).to.deep.include({ field: "purpose" });
    expect(phone.body.errors[0].reason).to.match(/personal data/);
    expect(await entryCount()).to.equal(before);
  });

  it("logs each restricted read with who, what, whose, when and why; the organisation reads its log, no other", async function () {
    const purpose = "2026 annual inspection 年度检查";
    const before = new Date();
    const sources = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout.recordId}/sources?purpose=${encodeURIComponent(purpose)}`, { token: regulator });
    expect(sources.status).to.equal(200);
    expect(sources.body.disbursement).to.have.property("recipientReference");
    // The paying organisation's own read of its own detail is not a regulator's: nothing is logged for it.
    const own = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout.recordId}/sources`, { token: owner.token });
    expect(own.status).to.equal(200);

    const log = await logOf(owner.token, "?limit=1000");
    expect(log.status).to.equal(200);
    const mine = log.body.entries.filter((e: { clientId: string }) => e.clientId === regulatorId);
    expect(mine).to.have.length(1);
    expect(mine[0]).to.include({ role: "regulator", resource: `disbursement:${payout.recordId}:recipient-reference,evidence`, purpose });
    expect(new Date(mine[0].at).getTime()).to.be.at.least(before.getTime() - 1_000);
    expect(mine[0].hash).to.match(/^[0-9a-f]{64}$/);

    expect((await logOf(regulator)).status).to.equal(200);
    expect((await logOf(other)).status).to.equal(403);
    expect((await logOf()).status).to.equal(401);
  });

  it("pages the log oldest first, each entry chained to the one before it", async function () {
    for (let i = 0; i < 3; i++) {
      const read = await call(t.baseUrl, "GET", `/api/v1/disbursements/${payout.recordId}/sources?purpose=paging+check+${i}`, { token: regulator });
      expect(read.status).to.equal(200);
    }
    const seen: { seq: string; prevHash: string; hash: string; purpose: string }[] = [];
    let query = "?limit=2";
    for (;;) {
      const page = await logOf(owner.token, query);
      expect(page.status).to.equal(200);
      expect(page.body.entries.length).to.be.at.most(2);
      seen.push(...page.body.entries);
      if (page.body.next === null) break;
      query = `?limit=2&cursor=${page.body.next}`;
    }
    const seqs = seen.map((e) => BigInt(e.seq));
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => (a < b ? -1 : 1)));
    expect(seen.slice(-3).map((e) => e.purpose)).to.deep.equal(["paging check 0", "paging check 1", "paging check 2"]);
  });

  it("refuses to change or delete an entry; a change made anyway is found by the chain check and by npm run verify", async function () {
    const { pool } = t.system;
    expect((await checkAccessLog({ accessLog: t.system.stores.accessLog })).problems).to.deep.equal([]);
    // Ordered by the number, not its text ("10" sorts before "2"); a third entry follows the removed one.
    const { rows } = await pool.query(`SELECT l.seq::text AS seq, l.purpose FROM access_log l ORDER BY l.seq LIMIT 3`);
    expect(rows.length, "at least three entries").to.equal(3);
    const [first, second] = rows as { seq: string; purpose: string }[];
    let error = await pool.query(`UPDATE access_log SET purpose = 'nothing to see' WHERE seq = $1`, [first!.seq]).catch((e: Error) => e);
    expect(String(error)).to.match(/append-only/);
    error = await pool.query(`DELETE FROM access_log WHERE seq = $1`, [second!.seq]).catch((e: Error) => e);
    expect(String(error)).to.match(/append-only/);

    // The table's owner can switch the guard off: the hash chain still tells.
    await pool.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`);
    const removed = (await pool.query(`SELECT * FROM access_log WHERE seq = $1`, [second!.seq])).rows[0];
    try {
      await pool.query(`UPDATE access_log SET purpose = 'nothing to see' WHERE seq = $1`, [first!.seq]);
      await pool.query(`DELETE FROM access_log WHERE seq = $1`, [second!.seq]);
      const check = await checkAccessLog({ accessLog: t.system.stores.accessLog });
      expect(check.problems.map((p) => p.seq)).to.deep.equal([first!.seq, String(Number(second!.seq) + 1), String(Number(second!.seq) + 1)]);
      expect(check.problems[0]!.problem).to.match(/edited/);
      expect(check.problems[1]!.problem).to.match(/missing/);

      const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/verify.ts", "--rpc", t.system.rpcUrl, "--database", t.system.databaseUrl], { encoding: "utf8" });
      expect(run.status, run.stderr).to.equal(1);
      expect(run.stdout).to.contain(`ACCESS LOG entry ${first!.seq}: its fields do not give its hash (the entry was edited)`);
    } finally {
      await pool.query(`UPDATE access_log SET purpose = $2 WHERE seq = $1`, [first!.seq, first!.purpose]);
      await pool.query(`INSERT INTO access_log SELECT * FROM json_populate_record(NULL::access_log, $1)`, [removed]);
      await pool.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`);
    }
    expect((await checkAccessLog({ accessLog: t.system.stores.accessLog })).problems).to.deep.equal([]);
  });

  it("logs a regulator's download of an evidence file against the organisation that uploaded it", async function () {
    const uploaded = await call(t.baseUrl, "POST", "/api/v1/evidence", { token: owner.token, rawBody: pdfFile(`oversight ${Date.now()}`), headers: { "content-type": "application/pdf" } });
    expect(uploaded.status).to.equal(201);
    const rows = [{ sha256: uploaded.body.sha256 as string, org_id: owner.orgId }];
    const hash = rows[0].sha256.slice(2);
    expect((await call(t.baseUrl, "GET", `/api/v1/evidence/${hash}`, { token: regulator, bytes: true })).status).to.equal(400);
    const file = await call(t.baseUrl, "GET", `/api/v1/evidence/${hash}?purpose=invoice+check`, { token: regulator, bytes: true });
    expect(file.status).to.equal(200);
    const { rows: logged } = await t.system.pool.query(`SELECT organisation_id::text, resource, purpose FROM access_log WHERE client_id = $1 ORDER BY seq DESC LIMIT 1`, [regulatorId]);
    expect(logged[0]).to.deep.equal({ organisation_id: rows[0].org_id, resource: `evidence:0x${hash}`, purpose: "invoice check" });
  });

  it("lets a regulator flag an organisation and a record with a note: public as a count, the note for regulators and that organisation", async function () {
    const flagsOf = (token?: string) => call(t.baseUrl, "GET", `/api/v1/organisations/${owner.orgId}/regulator-flags`, token ? { token } : {});
    const start = (await flagsOf()).body.open as { organisation: number; records: number };

    const onOrg = await call(t.baseUrl, "POST", "/api/v1/regulator-flags", { token: regulator, body: { organisationId: owner.orgId, note: "Annual report filed late" } });
    expect(onOrg.status).to.equal(201);
    expect(onOrg.body).to.include({ organisationId: owner.orgId, recordId: null, note: "Annual report filed late", flaggedBy: regulatorId, cleared: null });
    const onRecord = await call(t.baseUrl, "POST", "/api/v1/regulator-flags", { token: regulator, body: { recordId: payout.recordId, note: "Invoice does not match the amount" } });
    expect(onRecord.status).to.equal(201);
    expect(onRecord.body).to.include({ organisationId: owner.orgId, recordId: payout.recordId });

    // Refused: a charity's client, a record the mirror does not hold, both targets, a note with a phone number.
    expect((await call(t.baseUrl, "POST", "/api/v1/regulator-flags", { token: owner.token, body: { organisationId: owner.orgId, note: "x" } })).status).to.equal(403);
    expect((await call(t.baseUrl, "POST", "/api/v1/regulator-flags", { token: regulator, body: { recordId: "999999999", note: "x" } })).status).to.equal(404);
    expect((await call(t.baseUrl, "POST", "/api/v1/regulator-flags", { token: regulator, body: { recordId: payout.recordId, organisationId: owner.orgId, note: "x" } })).status).to.equal(400);
    expect((await call(t.baseUrl, "POST", "/api/v1/regulator-flags", { token: regulator, body: { organisationId: owner.orgId, note: "call 13812345678" } })).status).to.equal(400);

    const publicView = await flagsOf();
    expect(publicView.body).to.deep.equal({ open: { organisation: start.organisation + 1, records: start.records + 1 } });
    expect((await flagsOf(other)).body).to.not.have.property("flags");
    const ownView = await flagsOf(owner.token);
    expect(ownView.body.flags.slice(0, 2).map((f: { note: string }) => f.note)).to.deep.equal(["Invoice does not match the amount", "Annual report filed late"]);

    const cleared = await call(t.baseUrl, "POST", `/api/v1/regulator-flags/${onOrg.body.id}/clearance`, { token: regulator, body: { note: "Filed on 3 March" } });
    expect(cleared.status).to.equal(200);
    expect(cleared.body.cleared).to.include({ by: regulatorId, note: "Filed on 3 March" });
    expect((await call(t.baseUrl, "POST", `/api/v1/regulator-flags/${onOrg.body.id}/clearance`, { token: regulator, body: { note: "again" } })).status).to.equal(409);
    expect((await call(t.baseUrl, "POST", `/api/v1/regulator-flags/${onRecord.body.id}/clearance`, { token: owner.token, body: { note: "fixed" } })).status).to.equal(403);
    expect((await flagsOf()).body.open).to.deep.equal({ organisation: start.organisation, records: start.records + 1 });
  });
});
