import { expect } from "chai";
import { signToken } from "../../server/services/tokens.ts";
import { call, newKey, type Answer } from "../support/http.ts";
import { countOffChainRows } from "../support/rows.ts";
import { startSecondApp, type SecondApp } from "../support/second-app.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

const LIMIT = 3;
const WINDOW_SECONDS = 60;

// A second app over the test system's database, with tiny limits. The app trusts X-Forwarded-For
// from loopback (as behind a local proxy), so each test speaks from addresses of its own.
describe("rate limits", function () {
  let t: TestSystem;
  let second: SecondApp | undefined;
  let base: string;
  let nextAddress = 1;
  const address = () => `198.51.100.${nextAddress++}`;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    second = await startSecondApp(t, { rateLimits: { windowSeconds: WINDOW_SECONDS, token: LIMIT, writes: LIMIT, reads: LIMIT } });
    base = second.base;
  });

  after(async function () {
    await second?.close();
  });

  function expectLimited(answer: Answer, html = false): void {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(429);
    const retryAfter = Number(answer.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_SECONDS, `Retry-After ${retryAfter}`).to.equal(true);
    if (html) {
      expect(answer.headers.get("content-type")).to.match(/^text\/html/);
      expect(answer.body).to.match(/Please wait a moment/);
      return;
    }
    expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(answer.body).to.include({ type: "urn:donation-ledger:problem:rate-limited", status: 429, title: "Too many requests" });
    expect(answer.body.detail).to.match(/try again in \d+ seconds/);
  }

  const askToken = (from: string, clientId: string) =>
    call(base, "POST", "/api/v1/auth/token", { headers: { "x-forwarded-for": from }, body: { client_id: clientId, client_secret: "wrong" } });

  describe("POST /api/v1/auth/token", function () {
    it(`answers the attempt after ${LIMIT} from one address with 429, other addresses still get through`, async function () {
      const from = address();
      for (let i = 0; i < LIMIT; i++) expect((await askToken(from, `nobody-${newKey()}`)).status).to.equal(401);
      expectLimited(await askToken(from, `nobody-${newKey()}`));
      expect((await askToken(address(), `nobody-${newKey()}`)).status).to.equal(401);
    });

    it(`answers the attempt after ${LIMIT} for one client id with 429, from any address`, async function () {
      const clientId = t.demo.partner.clientId;
      for (let i = 0; i < LIMIT; i++) expect((await askToken(address(), clientId)).status).to.equal(401);
      expectLimited(await askToken(address(), clientId));
      // As a form too: the limit is the client's, not the encoding's.
      const form = await call(base, "POST", "/api/v1/auth/token", {
        headers: { "x-forwarded-for": address(), "content-type": "application/x-www-form-urlencoded" },
        rawBody: new URLSearchParams({ client_id: clientId, client_secret: "wrong" }).toString(),
      });
      expectLimited(form);
      expect((await askToken(address(), `nobody-${newKey()}`)).status).to.equal(401);
    });
  });

  describe("POST /regulator/sign-in", function () {
    const signIn = (from: string, clientId: string) =>
      call(base, "POST", "/regulator/sign-in", {
        headers: { "x-forwarded-for": from, "content-type": "application/x-www-form-urlencoded" },
        rawBody: new URLSearchParams({ client_id: clientId, client_secret: "wrong" }).toString(),
      });

    it("counts the regulator pages' sign-in attempts with the token endpoint's, per address and per client", async function () {
      const from = address();
      for (let i = 0; i < LIMIT - 1; i++) expect((await askToken(from, `nobody-${newKey()}`)).status).to.equal(401);
      // Refused for its missing CSRF token, but counted: the limit comes first.
      expect((await signIn(from, `nobody-${newKey()}`)).status).to.equal(403);
      expectLimited(await signIn(from, `nobody-${newKey()}`), true);

      const clientId = `nobody-${newKey()}`;
      for (let i = 0; i < LIMIT; i++) expect((await askToken(address(), clientId)).status).to.equal(401);
      expectLimited(await signIn(address(), clientId), true);
    });
  });

  describe("writes", function () {
    // Empty bodies: the limit comes before validation, so 400 shows a write passed the limiter,
    // and nothing is written.
    const write = (from: string, token?: string) =>
      call(base, "POST", "/api/v1/donations", { headers: { "x-forwarded-for": from, "idempotency-key": newKey() }, body: {}, ...(token ? { token } : {}) });
    const tokenOf = (who: "foundation" | "partner") =>
      signToken(t.system.tokens, { clientId: t.demo[who].clientId, role: "charity", organisationId: t.demo[who].orgId });

    it(`answers a client's write after ${LIMIT} with 429 from any address, while another client still passes`, async function () {
      const rows = await countOffChainRows(t.system.pool);
      const foundation = tokenOf("foundation");
      for (let i = 0; i < LIMIT; i++) expect((await write(address(), foundation)).status).to.equal(400);
      expectLimited(await write(address(), foundation));
      expect((await write(address(), tokenOf("partner"))).status).to.equal(400);
      // Reads by the limited client are not writes.
      expect((await call(base, "GET", "/api/v1/writes/1", { token: foundation, headers: { "x-forwarded-for": address() } })).status).to.be.oneOf([200, 404]);
      expect(await countOffChainRows(t.system.pool)).to.deep.equal(rows);
    });

    it(`answers the write after ${LIMIT} from one address with 429, counted before authentication`, async function () {
      const from = address();
      for (let i = 0; i < LIMIT; i++) expect((await write(from)).status).to.equal(401);
      expectLimited(await write(from, tokenOf("partner")));
      expectLimited(await call(base, "POST", "/api/v1/disbursements", { headers: { "x-forwarded-for": from }, body: {} }));
    });
  });

  describe("public reads", function () {
    it(`answers the API read after ${LIMIT} from one address with a 429 problem`, async function () {
      const from = address();
      for (let i = 0; i < LIMIT; i++) {
        expect((await call(base, "GET", `/api/v1/track/${t.demoTrackingCode}`, { headers: { "x-forwarded-for": from } })).status).to.equal(200);
      }
      expectLimited(await call(base, "GET", `/api/v1/track/${t.demoTrackingCode}`, { headers: { "x-forwarded-for": from } }));
      expect((await call(base, "GET", `/api/v1/track/${t.demoTrackingCode}`, { headers: { "x-forwarded-for": address() } })).status).to.equal(200);
    });

    it(`answers the page after ${LIMIT} from one address with a 429 page, /track and /track/{code} alike`, async function () {
      const from = address();
      const page = (path: string) => call(base, "GET", path, { headers: { "x-forwarded-for": from } });
      expect((await page(`/track/${t.demoTrackingCode}`)).status).to.equal(200);
      expect((await page(`/track?code=${t.demoTrackingCode}`)).status).to.equal(303);
      expect((await page(`/track/${t.demoTrackingCode}`)).status).to.equal(200);
      expectLimited(await page(`/track/${t.demoTrackingCode}`), true);
      expectLimited(await page(`/track?code=${t.demoTrackingCode}`), true);
      // The home page and health are not limited.
      expect((await page("/")).status).to.equal(200);
    });
  });
});
