import { expect } from "chai";
import { call } from "../support/http.ts";
import { getTestSystem, postFoundationGift, type TestSystem } from "../support/system.ts";

describe("the mirror process", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  it("runs apart from the API, and when killed outright is started again and goes on from its cursor", async function () {
    this.timeout(90_000);
    const pid = t.system.mirrorPid();
    expect(pid).to.be.a("number").and.not.equal(process.pid);
    process.kill(pid!, "SIGKILL");

    // Meanwhile the API still answers, and says what is wrong.
    for (let i = 0; i < 100 && !t.system.indexer.status().error; i++) await new Promise((r) => setTimeout(r, 20));
    expect(t.system.indexer.status().error).to.match(/mirror process exited/);
    const health = await call(t.baseUrl, "GET", "/health");
    expect(health.status).to.equal(503);
    expect(health.body.indexer.error).to.match(/mirror process exited/);

    // A write made while it is down is mirrored once it is back.
    const gift = await postFoundationGift(t, "4242", "mirror-restart");
    expect(gift.status).to.equal(202);
    const recordId = await t.waitForWrite(gift.body.id);
    const { rows } = await t.system.pool.query(`SELECT amount::text FROM donation WHERE record_id = $1`, [recordId]);
    expect(rows).to.deep.equal([{ amount: "4242" }]);
    expect(t.system.mirrorPid()).to.be.a("number").and.not.equal(pid);
    expect(t.system.indexer.status().error).to.equal(undefined);
    expect((await call(t.baseUrl, "GET", "/health")).status).to.equal(200);
  });
});
