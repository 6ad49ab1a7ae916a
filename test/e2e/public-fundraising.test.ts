import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { ledgerAdmin } from "../../server/chain/ledger-admin.ts";
import { call } from "../support/http.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

describe("public-fundraising status: recorded by the registrar's command, shown in the organisation's ledger", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  function registrar(...args: string[]) {
    return spawnSync(process.execPath, ["--import", "tsx", "scripts/registrar.ts", ...args, "--rpc", t.system.rpcUrl, "--ledger", t.system.ledgerAddress], { encoding: "utf8" });
  }
  const statusOf = async (orgId: bigint) => (await call(t.baseUrl, "GET", `/api/v1/organisations/${orgId}/ledger`)).body.publicFundraising;
  /** The mirror's newest status change of `orgId`, as the ledger answer's `since` should name it. */
  const newestChange = async (orgId: bigint) =>
    (
      await t.system.pool.query(
        `SELECT block_number::text AS "blockNumber", tx_hash AS "txHash", log_index AS "logIndex", to_char(block_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "blockTime"
           FROM public_fundraising WHERE org_id = $1 ORDER BY block_number DESC, log_index DESC LIMIT 1`,
        [orgId],
      )
    ).rows[0];

  it("shows the demo foundation holding the status the seed recorded, and none for the partner", async function () {
    const foundation = await statusOf(t.demo.foundation.orgId);
    expect(foundation.qualified).to.equal(true);
    expect(foundation.since).to.deep.equal(await newestChange(t.demo.foundation.orgId));
    expect(await statusOf(t.demo.partner.orgId)).to.equal(null);
  });

  it("turns it on and off with the registrar's key, refuses a change that changes nothing or an unknown organisation, and the ledger answer follows", async function () {
    this.timeout(120_000);
    const { id: orgId } = await ledgerAdmin(t.system.ledgerAddress, t.system.registrar!).registerOrganisation({ kind: 0, registrationNumber: "53100000MA1FUNDRS", name: "Status Command Charity" });

    const on = registrar("public-fundraising", orgId.toString(), "on");
    expect(on.status, on.stderr).to.equal(0);
    expect(on.stdout).to.match(new RegExp(`Organisation ${orgId} holds public-fundraising status from block (\\d+) \\(transaction 0x[0-9a-f]{64}\\)`));
    const onBlock = BigInt(/from block (\d+)/.exec(on.stdout)![1]!);
    await t.system.indexer.waitForBlock(onBlock);
    const held = await statusOf(orgId);
    expect(held.qualified).to.equal(true);
    expect(held.since).to.deep.equal(await newestChange(orgId));
    expect(held.since.blockNumber).to.equal(onBlock.toString());

    const again = registrar("public-fundraising", orgId.toString(), "on");
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(new RegExp(`The ledger refused: Organisation ${orgId} already holds public-fundraising status`));

    const off = registrar("public-fundraising", orgId.toString(), "off");
    expect(off.status, off.stderr).to.equal(0);
    expect(off.stdout).to.match(new RegExp(`Organisation ${orgId} no longer holds public-fundraising status`));
    await t.system.indexer.waitForBlock(BigInt(/from block (\d+)/.exec(off.stdout)![1]!));
    const dropped = await statusOf(orgId);
    expect(dropped.qualified).to.equal(false);
    expect(BigInt(dropped.since.blockNumber)).to.be.greaterThan(onBlock);

    // Whether it held the status during a span is read from the history the mirror keeps.
    const { rows } = await t.system.pool.query(`SELECT qualified FROM public_fundraising WHERE org_id = $1 ORDER BY block_number, log_index`, [orgId]);
    expect(rows.map((r) => r.qualified)).to.deep.equal([true, false]);

    const unknown = registrar("public-fundraising", "999999999", "on");
    expect(unknown.status).to.equal(1);
    expect(unknown.stderr).to.match(/The ledger refused: There is no organisation 999999999 on the ledger/);
    for (const args of [["public-fundraising", orgId.toString(), "yes"], ["public-fundraising", "0", "on"], ["suspend", orgId.toString()]]) {
      const usage = registrar(...args);
      expect(usage.status, args.join(" ")).to.equal(2);
      expect(usage.stderr).to.match(/Usage: npm run registrar/);
    }
  });
});
