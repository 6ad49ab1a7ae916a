import { expect } from "chai";
import jwt from "jsonwebtoken";
import { call, newKey, tokenFor, type Answer } from "../support/http.ts";
import { countOffChainRows } from "../support/rows.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

// Inputs a review found answered with 500 (or accepted, to fail later on-chain). Each must be a
// 4xx naming what is wrong, and write nothing.

function expectProblem(answer: Answer, status: number, field?: string, reason?: RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
  expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
  expect(answer.body).to.include({ status });
  if (field === undefined) return;
  const problem = answer.body.errors?.find((e: { field: string }) => e.field === field);
  expect(problem, JSON.stringify(answer.body)).to.not.equal(undefined);
  if (reason) expect(problem.reason).to.match(reason);
}

describe("bad input is a 4xx problem, never a 500, and writes nothing", function () {
  let t: TestSystem;
  let token: string;
  let rowsBefore: Record<string, number>;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
  });
  beforeEach(async function () {
    rowsBefore = await countOffChainRows(t.system.pool);
  });
  afterEach(async function () {
    expect(await countOffChainRows(t.system.pool)).to.deep.equal(rowsBefore);
  });

  const donate = (body: unknown) => call(t.baseUrl, "POST", "/api/v1/donations", { token, headers: { "idempotency-key": newKey() }, body });
  const disburse = (body: unknown) => call(t.baseUrl, "POST", "/api/v1/disbursements", { token, headers: { "idempotency-key": newKey() }, body });
  const validDisbursement = () => ({ campaignId: t.demo.foundation.campaignId.toString(), amount: "1", purpose: "programme", recipientRef: "SUP-1", evidenceSha256: "ab".repeat(32) });

  describe("ids beyond a Postgres bigint (2^63-1)", function () {
    for (const campaignId of ["9999999999999999999", "9223372036854775808"]) {
      it(`campaignId ${campaignId} in a donation and a disbursement`, async function () {
        expectProblem(await donate({ campaignId, amount: "10", channel: "bank" }), 400, "campaignId", /at most 9223372036854775807/);
        expectProblem(await disburse({ ...validDisbursement(), campaignId }), 400, "campaignId", /at most 9223372036854775807/);
      });
    }

    for (const id of ["99999999999999999999", "9223372036854775808"]) {
      it(`write id ${id} in GET /api/v1/writes/{id}`, async function () {
        expectProblem(await call(t.baseUrl, "GET", `/api/v1/writes/${id}`, { token }), 400, "id");
      });
    }
  });

  describe("text Postgres or UTF-8 cannot hold, and control characters", function () {
    const hostile: [string, string, RegExp][] = [
      ["NUL", "donor\u0000ref", /control characters/],
      ["a lone surrogate", "donor\ud800", /lone surrogates/],
      ["a lone low surrogate", "\udc00donor", /lone surrogates/],
      ["a line feed", "donor\nref", /control characters/],
      ["DEL", "donor\u007f", /control characters/],
      ["a C1 control", "donor\u0085", /control characters/],
    ];
    for (const [name, value, reason] of hostile) {
      it(`${name} in donorReference`, async function () {
        const campaignId = t.demo.foundation.campaignId.toString();
        expectProblem(await donate({ campaignId, amount: "10", channel: "bank", donorReference: value }), 400, "donorReference", reason);
      });
      it(`${name} in client_id, as JSON and as a form`, async function () {
        const json = await call(t.baseUrl, "POST", "/api/v1/auth/token", { body: { client_id: value, client_secret: "x" } });
        expectProblem(json, 400, "client_id", reason);
        // A form cannot carry a lone surrogate: its UTF-8-like bytes decode to U+FFFD, a client
        // id that merely does not exist.
        const encoded = value.isWellFormed() ? encodeURIComponent(value) : "%ED%A0%80";
        const form = await call(t.baseUrl, "POST", "/api/v1/auth/token", {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          rawBody: `client_id=${encoded}&client_secret=x`,
        });
        expectProblem(form, value.isWellFormed() ? 400 : 401);
      });
    }
  });

  describe("amounts beyond the ledger's uint128 balances", function () {
    for (const amount of [(1n << 128n).toString(), ((1n << 128n) + 12345n).toString(), (1n << 200n).toString()]) {
      it(`amount ${amount.slice(0, 12)}… in a donation and a disbursement`, async function () {
        const campaignId = t.demo.foundation.campaignId.toString();
        expectProblem(await donate({ campaignId, amount, channel: "bank" }), 400, "amount", /at most 2\^128-1/);
        expectProblem(await disburse({ ...validDisbursement(), amount }), 400, "amount", /at most 2\^128-1/);
      });
    }

    it("2^128-1 itself passes validation (refused later only by the balance check)", async function () {
      const answer = await disburse({ ...validDisbursement(), amount: ((1n << 128n) - 1n).toString() });
      expectProblem(answer, 409, "amount", /more than the campaign holds/);
    });
  });

  describe("a broken percent-encoding in a tracking-code path", function () {
    it("is a 400 page on /track/{code}", async function () {
      const answer = await call(t.baseUrl, "GET", "/track/%E0%A4%A");
      expect(answer.status).to.equal(400);
      expect(answer.headers.get("content-type")).to.match(/^text\/html/);
      expect(answer.body).to.match(/This did not work/);
    });

    it("is a 400 problem on /api/v1/track/{code}, naming the path", async function () {
      expectProblem(await call(t.baseUrl, "GET", "/api/v1/track/%E0%A4%A"), 400, "(path)", /percent-encoding/);
    });
  });

  describe("signed tokens with malformed claims are 401", function () {
    const sign = (claims: Record<string, unknown>, subject: unknown = t.demo.foundation.clientId) =>
      jwt.sign({ ...claims, ...(subject !== null ? { sub: subject } : {}) }, t.system.tokens.secret, {
        algorithm: "HS256",
        issuer: t.system.tokens.issuer,
        audience: t.system.tokens.audience,
        expiresIn: 60,
      });
    const cases: [string, () => string][] = [
      ["org that is not a number", () => sign({ role: "charity", org: "not-a-number" })],
      ["org beyond a bigint", () => sign({ role: "charity", org: "9223372036854775808" })],
      ["org as a JSON number", () => sign({ role: "charity", org: 1 })],
      ["sub as a number", () => sign({ role: "charity", org: "1" }, 42)],
      ["sub with NUL", () => sign({ role: "charity", org: "1" }, "a\u0000b")],
      ["no sub", () => sign({ role: "charity", org: "1" }, null)],
      ["unknown role", () => sign({ role: "admin" })],
    ];
    for (const [name, token] of cases) {
      it(name, async function () {
        // An empty body: were the token accepted, the answer would be 400, and still nothing written.
        const write = await call(t.baseUrl, "POST", "/api/v1/donations", { token: token(), headers: { "idempotency-key": newKey() }, body: {} });
        expectProblem(write, 401);
        expect(write.headers.get("www-authenticate")).to.match(/^Bearer/);
        expectProblem(await call(t.baseUrl, "GET", "/api/v1/writes/1", { token: token() }), 401);
      });
    }
  });
});
