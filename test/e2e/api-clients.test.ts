import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { call, tokenFor } from "../support/http.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";
import { until } from "../support/until.ts";

describe("npm run client: API clients for charities and regulators", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  const client = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/client.ts", ...args, "--database", t.system.databaseUrl], { encoding: "utf8" });
  /** A read that needs a token of the foundation's own: its access log. */
  const read = async (bearer: string) => (await call(t.baseUrl, "GET", `/api/v1/organisations/${t.demo.foundation.orgId}/access-log`, { token: bearer })).status;
  const token = async (id: string, secret: string) => (await call(t.baseUrl, "POST", "/api/v1/auth/token", { body: { client_id: id, client_secret: secret } })).status;

  it("creates a charity client whose secret works once shown, rotates it, lists it, and revokes it", async function () {
    this.timeout(60_000);
    const id = `ci-foundation-${Date.now().toString(36)}`;
    const created = client("create", "--org", t.demo.foundation.orgId.toString(), "--id", id, "--json");
    expect(created.status, created.stderr).to.equal(0);
    const { client_id, client_secret } = JSON.parse(created.stdout);
    expect(client_id).to.equal(id);
    const charityToken = await tokenFor(t.baseUrl, id, client_secret);
    expect(charityToken).to.be.a("string");

    const again = client("create", "--org", t.demo.foundation.orgId.toString(), "--id", id);
    expect(again.status).to.equal(1);
    expect(again.stderr).to.contain("exists already");

    const rotated = client("rotate", "--id", id, "--json");
    expect(rotated.status, rotated.stderr).to.equal(0);
    const fresh = JSON.parse(rotated.stdout).client_secret;
    expect(fresh).to.not.equal(client_secret);
    expect(await token(id, client_secret)).to.equal(401);
    expect(await token(id, fresh)).to.equal(200);
    // The token issued before the rotation stops working within the API's re-read of clients (0.2 s here).
    await until("the old token to be refused", async () => ((await read(charityToken)) === 401 ? true : undefined), 10_000);

    const listed = client("list", "--json");
    expect(JSON.parse(listed.stdout)).to.deep.include({ clientId: id, role: "charity", organisationId: t.demo.foundation.orgId.toString(), createdAt: JSON.parse(listed.stdout).find((c: { clientId: string }) => c.clientId === id).createdAt, revokedAt: null });
    expect(listed.stdout).to.not.contain(fresh);

    const freshToken = await tokenFor(t.baseUrl, id, fresh);
    expect(await read(freshToken)).to.equal(200);
    expect(client("revoke", "--id", id).status).to.equal(0);
    expect(await token(id, fresh)).to.equal(401);
    await until("the revoked client's token to be refused", async () => ((await read(freshToken)) === 401 ? true : undefined), 10_000);
    const refused = await call(t.baseUrl, "GET", `/api/v1/organisations/${t.demo.foundation.orgId}/access-log`, { token: freshToken });
    expect(refused.body.detail).to.contain("revoked");
    const second = client("revoke", "--id", id);
    expect(second.status).to.equal(1);
    expect(second.stderr).to.contain("revoked already");
    // The id stays taken: it is in the access log and the outbox of the client that had it.
    const reuse = client("create", "--org", t.demo.foundation.orgId.toString(), "--id", id);
    expect(reuse.status).to.equal(1);
    expect(reuse.stderr).to.contain("never given to another client");
    expect(JSON.parse(client("list", "--json").stdout).find((c: { clientId: string }) => c.clientId === id).revokedAt).to.be.a("string");
  });

  it("creates a regulator client, whose token carries the regulator role and cannot write", async function () {
    this.timeout(60_000);
    const id = `ci-regulator-${Date.now().toString(36)}`;
    const created = client("create", "--role", "regulator", "--id", id, "--json");
    expect(created.status, created.stderr).to.equal(0);
    const regulator = await tokenFor(t.baseUrl, id, JSON.parse(created.stdout).client_secret);
    const payload = JSON.parse(Buffer.from(regulator.split(".")[1]!, "base64url").toString());
    expect(payload.role).to.equal("regulator");
    const write = await call(t.baseUrl, "POST", "/api/v1/donations", {
      token: regulator,
      headers: { "idempotency-key": `reg-${id}` },
      body: { campaignId: t.demo.foundation.campaignId.toString(), amount: "1", channel: "bank" },
    });
    expect(write.status).to.equal(403);
  });

  it("refuses what cannot be: a charity client without an organisation, an unknown organisation, a bad id", function () {
    expect(client("create", "--id", "no-org-here").stderr).to.contain("needs --org");
    expect(client("create", "--org", "999999", "--id", "ghost-org").stderr).to.contain("No organisation 999999");
    expect(client("create", "--org", t.demo.foundation.orgId.toString(), "--id", "Bad Id!").stderr).to.contain("lower-case letters");
    expect(client("frobnicate").status).to.equal(2);
  });
});
