import { expect } from "chai";
import fc from "fast-check";
import jwt from "jsonwebtoken";
import { tokenFor } from "../support/http.ts";
import {
  brokenEncodings,
  brokenJson,
  encodeLoosely,
  hostileContentType,
  hostileHeaderText,
  hostileIdempotencyKey,
  hostileSegment,
  hostileText,
  hostileValue,
} from "../support/hostile.ts";
import { countOffChainRows } from "../support/rows.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

const RUNS = Number(process.env.HOSTILE_INPUT_RUNS ?? 1200);

interface HostileRequest {
  endpoint: string;
  method: "GET" | "POST" | "DELETE";
  path: string;
  headers: Record<string, string | undefined>;
  body?: string;
  /** A write endpoint: anything 2xx would have written. */
  write?: boolean;
}

/** Leaves out keys whose value is `undefined`, as a client that omits a field. */
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

// Every write body breaks at least one field with a value that field must refuse, so whatever the
// other fields hold, nothing may be written.
const DELETE = Symbol("delete");
const invalid = {
  campaignId: ["0", "-1", "abc", "", " 1", "1e3", "9223372036854775808", "99999999999999999999", 1.5, -1, 0, 2 ** 64, true, null, [], {}, DELETE],
  amount: ["0", "-5", "1.5", "1e3", "", "abc", "0x10", " 5", String(1n << 128n), "9".repeat(100), 1.5, -1, 0, 2 ** 60, true, null, [], {}, DELETE],
  channel: ["paypal", "", "BANK", " bank", "bank\u0000", 1, null, [], DELETE],
  donorReference: ["", "a\u0000b", "\ud800", "a\nb", "\u0085", "\u007f", "x".repeat(201), 5, null, [], {}],
  purpose: ["salary", "", "Programme", 1, null, DELETE],
  recipientRef: ["", "x".repeat(32), "é", "a\u0000", "a\nb", 5, null, DELETE],
  evidenceSha256: ["abc", "zz".repeat(32), "ab".repeat(33), "0x" + "ab".repeat(31), 5, null, DELETE],
  from: ["0x1234", "0x" + "zz".repeat(20), "", 5, null, DELETE],
  to: ["0x" + "00".repeat(19), "ledger", 5, null, DELETE],
  value: ["1", "-1", "1e18", "", 1, null, DELETE],
  gas: ["-1", "1.5", "99999999999999999999", "", 5, null, DELETE],
  deadline: ["-1", String(2n ** 48n), "soon", 5, null, DELETE],
  data: ["", "0x", "0x1", "0xzz", "0x" + "ab".repeat(40_000), 5, null, DELETE],
  signature: ["0x", "0x" + "ab".repeat(64), "0x" + "ab".repeat(66), 5, null, DELETE],
} as const;

function brokenBody(valid: Record<string, unknown>, fields: (keyof typeof invalid)[]): fc.Arbitrary<Record<string, unknown>> {
  const broken = fc.oneof(
    fc.constantFrom(...fields).chain((field) => fc.constantFrom<unknown>(...invalid[field]).map((value) => ({ field: field as string, value }))),
    fc.constantFrom("donorName", "constructor", "toString", "Amount", "campaign_id", "").map((field) => ({ field, value: "unknown field" as unknown })),
  );
  const noise = fc.dictionary(fc.constantFrom(...Object.keys(valid)), hostileValue, { maxKeys: 2 });
  return fc.tuple(broken, noise).map(([{ field, value }, extra]) => {
    const body: Record<string, unknown> = { ...valid, ...extra };
    if (value === DELETE) delete body[field];
    else body[field] = value;
    return body;
  });
}

describe("hostile input against every endpoint", function () {
  let t: TestSystem;
  let token: string;
  let partnerToken: string;
  let forged: string[];

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    partnerToken = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    const { secret, issuer, audience } = t.system.tokens;
    const sign = (claims: object, options: jwt.SignOptions = {}, key = secret) =>
      jwt.sign({ exp: Math.floor(Date.now() / 1000) + 600, ...claims }, key, { algorithm: "HS256", issuer, audience, subject: t.demo.foundation.clientId, ...options });
    forged = [
      sign({ role: "charity", org: "1" }, {}, "a-different-secret-of-enough-length-000"),
      jwt.sign({ role: "charity", org: "1", sub: "x" }, "", { algorithm: "none" } as jwt.SignOptions),
      sign({ role: "charity", org: "1", exp: Math.floor(Date.now() / 1000) - 60 }),
      sign({ role: "charity", org: "1" }, { audience: "elsewhere" }),
      sign({ role: "charity", org: "abc" }),
      sign({ role: "charity", org: 1 }),
      sign({ role: "admin" }),
      jwt.sign({ role: "charity", org: "1", sub: 42 }, secret, { algorithm: "HS256", issuer, audience }),
      token.slice(0, -4) + "AAAA",
      token.split(".").reverse().join("."),
    ];
  });

  it(`answers ${RUNS} malformed requests with 4xx problems (or pages), never 5xx, and writes nothing`, async function () {
    this.timeout(120_000);
    const campaignId = t.demo.foundation.campaignId.toString();
    const bearer = fc.oneof(
      { weight: 6, arbitrary: fc.constant(`Bearer ${token}`) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer x", "Bearer a.b.c", "Token abc", "Bearer a b") },
      { weight: 1, arbitrary: fc.constantFrom(...forged).map((f) => `Bearer ${f}`) },
      { weight: 1, arbitrary: hostileHeaderText.map((s) => `Bearer ${s}`) },
    );
    const json = (value: unknown) => JSON.stringify(value);
    const jsonOrBroken = (body: fc.Arbitrary<unknown>) => fc.oneof({ weight: 5, arbitrary: body.map(json) }, { weight: 1, arbitrary: brokenJson });
    const contentType = fc.oneof({ weight: 5, arbitrary: fc.constant<string | undefined>("application/json") }, { weight: 1, arbitrary: hostileContentType });

    // Well-formed ids, known and unknown, reach scrypt: the answer must still be a plain 401.
    const clientIds = fc.constantFrom(t.demo.foundation.clientId, t.demo.partner.clientId, "no-such-client", "Sunrise-Foundation");
    const tokenJson = fc
      .record({ client_id: fc.oneof(hostileValue, clientIds), client_secret: fc.oneof(hostileValue, fc.constant("wrong-secret")), grant_type: fc.oneof(fc.constant(undefined), hostileValue), extra: fc.oneof(fc.constant(undefined), hostileValue) }, { requiredKeys: [] })
      .map(compact);
    const formValue = fc.oneof(
      { weight: 1, arbitrary: clientIds.map(encodeLoosely) },
      { weight: 3, arbitrary: hostileText.filter((s) => s.length < 4000).map(encodeLoosely) },
      { weight: 2, arbitrary: fc.constantFrom(...brokenEncodings) },
    );
    const formBody = fc
      .array(fc.tuple(fc.constantFrom("client_id", "client_secret", "grant_type", "client_id[]", "__proto__", "x", ""), formValue), { maxLength: 4 })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));

    const endpoints: fc.Arbitrary<HostileRequest>[] = [
      fc.record({ body: jsonOrBroken(tokenJson), type: contentType }).map(({ body, type }) => ({
        endpoint: "POST /api/v1/auth/token (JSON)", method: "POST", path: "/api/v1/auth/token", headers: { "content-type": type }, body,
      })),
      fc.record({ body: formBody, type: fc.oneof(fc.constant("application/x-www-form-urlencoded"), hostileContentType) }).map(({ body, type }) => ({
        endpoint: "POST /api/v1/auth/token (form)", method: "POST", path: "/api/v1/auth/token", headers: { "content-type": type }, body,
      })),
      ...(
        [
          ["/api/v1/donations", brokenBody({ campaignId, amount: "100", channel: "bank", donorReference: "hostile-test" }, ["campaignId", "amount", "channel", "donorReference"])],
          ["/api/v1/disbursements", brokenBody({ campaignId, amount: "1", purpose: "programme", recipientRef: "SUP-1", evidenceSha256: "ab".repeat(32) }, ["campaignId", "amount", "purpose", "recipientRef", "evidenceSha256"])],
          [
            "/api/v1/relay",
            brokenBody(
              { from: "0x" + "11".repeat(20), to: t.system.ledgerAddress, value: "0", gas: "100000", deadline: "4102444800", data: "0x12345678", signature: "0x" + "ab".repeat(65) },
              ["from", "to", "value", "gas", "deadline", "data", "signature"],
            ),
          ],
        ] as const
      ).map(([path, body]) =>
        fc
          .record({ body: jsonOrBroken(body), type: contentType, auth: bearer, key: fc.oneof({ weight: 3, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileIdempotencyKey }) })
          .map(({ body, type, auth, key }): HostileRequest => ({
            endpoint: `POST ${path}`, method: "POST", path, headers: { "content-type": type, authorization: auth, "idempotency-key": key }, body, write: true,
          })),
      ),
      // Evidence whose bytes can pass no check (a NUL first: no signature, and no plain text), under
      // any media type and name: nothing may be kept, whatever else the request gets right.
      fc
        .record({
          body: fc.oneof(brokenJson, hostileText).map((text) => `\u0000${text}`),
          type: fc.oneof(fc.constantFrom<string | undefined>("application/pdf", "image/png", "image/jpeg", "image/webp", "text/plain; charset=utf-8"), hostileContentType),
          name: fc.oneof(fc.constant(""), hostileSegment.map((n) => `?filename=${n}`)),
          auth: bearer,
        })
        .map(({ body, type, name, auth }): HostileRequest => ({
          endpoint: "POST /api/v1/evidence", method: "POST", path: `/api/v1/evidence${name}`, headers: { "content-type": type, authorization: auth }, body, write: true,
        })),
      fc.record({ hash: fc.oneof(hostileSegment, fc.constantFrom("0".repeat(64), `0x${"F".repeat(64)}`, "ab".repeat(33))), auth: bearer }).map(({ hash, auth }): HostileRequest => ({
        endpoint: "GET /api/v1/evidence/{sha256}", method: "GET", path: `/api/v1/evidence/${hash}`, headers: { authorization: auth },
      })),
      fc.record({ id: fc.oneof(hostileSegment, fc.constantFrom("1", "2", "9223372036854775807")), auth: bearer }).map(({ id, auth }): HostileRequest => ({
        endpoint: "GET /api/v1/writes/{id}", method: "GET", path: `/api/v1/writes/${id}`, headers: { authorization: auth },
      })),
      // Erasure with another organisation's token (its own gifts carry no donor link), forged tokens and
      // hostile ids: whatever id is hit, no donor link may disappear.
      fc
        .record({
          id: fc.oneof(hostileSegment, fc.constantFrom("1", "2", "3", "9223372036854775807")),
          auth: fc.oneof(fc.constant(`Bearer ${partnerToken}`), fc.constantFrom(...forged).map((f) => `Bearer ${f}`), fc.constant(undefined)),
        })
        .map(({ id, auth }): HostileRequest => ({
          endpoint: "DELETE /api/v1/donations/{id}/donor", method: "DELETE", path: `/api/v1/donations/${id}/donor`, headers: { authorization: auth },
        })),
      fc.oneof(hostileSegment, fc.constant(t.demoTrackingCode)).map((code): HostileRequest => ({
        endpoint: "GET /api/v1/track/{code}", method: "GET", path: `/api/v1/track/${code}`, headers: {},
      })),
      fc.oneof(hostileSegment, fc.constant(t.demoTrackingCode.toLowerCase())).map((code): HostileRequest => ({
        endpoint: "GET /track/{code}", method: "GET", path: `/track/${code}`, headers: {},
      })),
      fc.array(fc.tuple(fc.constantFrom("code", "code[]", "code[a]", "__proto__"), hostileSegment), { maxLength: 3 }).map((pairs): HostileRequest => ({
        endpoint: "GET /track?code=", method: "GET", path: `/track?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`, headers: {},
      })),
      fc.record({ query: hostileSegment, accept: fc.oneof(fc.constant(undefined), hostileHeaderText) }).map(({ query, accept }): HostileRequest => ({
        endpoint: "GET /", method: "GET", path: `/?${query}`, headers: { accept },
      })),
      fc.array(fc.tuple(fc.constantFrom("limit", "before", "limit[]", "x"), hostileSegment), { maxLength: 3 }).map((pairs): HostileRequest => ({
        endpoint: "GET /api/v1/flags", method: "GET", path: `/api/v1/flags?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`, headers: {},
      })),
      fc.record({ query: hostileSegment, auth: bearer }).map(({ query, auth }): HostileRequest => ({
        endpoint: "GET /health", method: "GET", path: `/health?${query}`, headers: { authorization: auth },
      })),
    ];

    const seen = new Map<string, number>();
    const before = await countOffChainRows(t.system.pool);
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.oneof(...endpoints), async (request) => {
        seen.set(request.endpoint, (seen.get(request.endpoint) ?? 0) + 1);
        const headers = compact(request.headers) as Record<string, string>;
        const response = await fetch(t.baseUrl + request.path, { method: request.method, headers, body: request.body, redirect: "manual" });
        const text = await response.text();
        const where = `${request.endpoint}: ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, where).to.be.below(500);
        if (request.write) expect(response.status, where).to.be.at.least(400);
        if (response.status < 400) return;
        const type = response.headers.get("content-type") ?? "";
        if (new URL(response.url).pathname.startsWith("/api/")) {
          expect(type, where).to.match(/^application\/problem\+json/);
          const problem = JSON.parse(text);
          expect(problem, where).to.include({ status: response.status });
          for (const key of ["type", "title", "detail"]) expect(problem[key], where).to.be.a("string");
        } else {
          expect(type, where).to.match(/^text\/html/);
        }
      }),
      { numRuns: RUNS },
    );
    const seconds = (performance.now() - started) / 1000;

    expect(await countOffChainRows(t.system.pool)).to.deep.equal(before);
    expect(seen.size).to.equal(endpoints.length);
    for (const [endpoint, n] of seen) expect(n, `${endpoint} got ${n} requests`).to.be.at.least(RUNS / endpoints.length / 3);
    expect(seconds, "run time").to.be.below(60);
  });
});
