import { createHash } from "node:crypto";
import { expect } from "chai";
import { createApiClient } from "../../server/services/create-api-client.ts";
import { revokeApiClient } from "../../server/services/revoke-api-client.ts";
import { rotateApiClient } from "../../server/services/rotate-api-client.ts";
import { call } from "../support/http.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

/** The regulators' pages over HTTP, against the real system: sign-in, sessions, CSRF, and the records behind each flow. */
describe("regulator pages: sign-in, sessions and the records behind the flows", function () {
  this.timeout(60_000);
  let t: TestSystem;
  let regulator: { clientId: string; secret: string };

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    regulator = await createApiClient({ ...t.system.stores, clientId: `pages-regulator-${Date.now().toString(36)}`, role: "regulator" });
  });

  const page = (path: string, options: { cookie?: string; method?: string; form?: Record<string, string> } = {}) =>
    fetch(t.baseUrl + path, {
      method: options.method ?? (options.form ? "POST" : "GET"),
      redirect: "manual",
      headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}),
    });
  const cookieOf = (answer: Response, name: string) => answer.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  const valueOf = (setCookie: string | undefined) => setCookie?.split(";")[0];
  const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];

  /** Opens the form and posts it: the answer, and the form's cookie and token as sent. */
  async function signIn(clientId: string, secret: string): Promise<Response> {
    const form = await page("/regulator/sign-in");
    expect(form.status).to.equal(200);
    const formCookie = valueOf(cookieOf(form, "regulator_sign_in"))!;
    const csrf = csrfIn(await form.text())!;
    expect(formCookie, "the form sets its CSRF cookie").to.match(/^regulator_sign_in=/);
    return page("/regulator/sign-in", { cookie: formCookie, form: { csrf, client_id: clientId, client_secret: secret } });
  }

  async function signedIn(): Promise<string> {
    const answer = await signIn(regulator.clientId, regulator.secret);
    expect(answer.status).to.equal(303);
    return valueOf(cookieOf(answer, "regulator_session"))!;
  }

  const sessionRow = async (cookie: string) => {
    const hash = createHash("sha256").update(cookie.slice(cookie.indexOf("=") + 1)).digest("hex");
    return (await t.system.pool.query(`SELECT client_id, expires_at, ended_at FROM regulator_session WHERE id_hash = $1`, [hash])).rows[0];
  };

  it("sends anyone without a session from the dashboard to the sign-in form", async function () {
    for (const path of ["/regulator", "/regulator/flows", "/regulator/organisations/1/flags"]) {
      const answer = await page(path);
      expect(answer.status, path).to.equal(303);
      expect(answer.headers.get("location")).to.equal("/regulator/sign-in");
    }
  });

  it("refuses a wrong secret and a charity's credentials with the same clear message, and signs nobody in", async function () {
    const wrong = await signIn(regulator.clientId, "not-the-secret");
    const charity = await signIn(t.demo.foundation.clientId, t.demo.foundation.secret);
    const unknown = await signIn("no-such-client", "whatever");
    for (const answer of [wrong, charity, unknown]) {
      expect(answer.status).to.equal(401);
      expect(cookieOf(answer, "regulator_session")).to.equal(undefined);
      expect(await answer.text()).to.include("These are not a regulator's credentials, or the secret is wrong.");
    }
  });

  it("signs a regulator in with a session cookie that is HttpOnly, SameSite=Strict and only for /regulator, and stores only its hash", async function () {
    const answer = await signIn(regulator.clientId, regulator.secret);
    expect(answer.status).to.equal(303);
    expect(answer.headers.get("location")).to.equal("/regulator");
    const cookie = cookieOf(answer, "regulator_session")!;
    expect(cookie).to.match(/; HttpOnly/).and.match(/; SameSite=Strict/).and.match(/; Path=\/regulator(;|$)/).and.match(/; Max-Age=28800/);
    // Plain HTTP here: the cookie is Secure only when the request came over HTTPS.
    expect(cookie).not.to.match(/; Secure/);
    const row = await sessionRow(valueOf(cookie)!);
    expect(row.client_id).to.equal(regulator.clientId);
    expect(row.ended_at).to.equal(null);
    const dashboard = await page("/regulator", { cookie: valueOf(cookie) });
    expect(dashboard.status).to.equal(200);
    expect(dashboard.headers.get("content-security-policy")).to.include("script-src 'self'");
    const html = await dashboard.text();
    expect(html).to.include(regulator.clientId);
    expect(html).to.include(`/regulator/organisations/${t.demo.foundation.orgId}/flags`);
    expect(html).to.include(`/reports/organisations/${t.demo.foundation.orgId}/`);
  });

  it("refuses a form without its CSRF token (403), at sign-in and at sign-out", async function () {
    const form = await page("/regulator/sign-in");
    const formCookie = valueOf(cookieOf(form, "regulator_sign_in"))!;
    const noToken = await page("/regulator/sign-in", { cookie: formCookie, form: { client_id: regulator.clientId, client_secret: regulator.secret } });
    expect(noToken.status).to.equal(403);
    expect(cookieOf(noToken, "regulator_session")).to.equal(undefined);
    const noCookie = await page("/regulator/sign-in", { form: { csrf: csrfIn(await form.text())!, client_id: regulator.clientId, client_secret: regulator.secret } });
    expect(noCookie.status).to.equal(403);

    const session = await signedIn();
    const out = await page("/regulator/sign-out", { cookie: session, form: {} });
    expect(out.status).to.equal(403);
    const forged = await page("/regulator/sign-out", { cookie: session, form: { csrf: "A".repeat(43) } });
    expect(forged.status).to.equal(403);
    expect((await page("/regulator", { cookie: session })).status, "still signed in").to.equal(200);
  });

  it("ends the session on sign-out: the cookie is cleared and the old one no longer signs in", async function () {
    const session = await signedIn();
    const csrf = csrfIn(await (await page("/regulator", { cookie: session })).text())!;
    const out = await page("/regulator/sign-out", { cookie: session, form: { csrf } });
    expect(out.status).to.equal(303);
    expect(out.headers.get("location")).to.equal("/regulator/sign-in?signed-out=1");
    expect(cookieOf(out, "regulator_session")).to.match(/^regulator_session=;/).and.match(/Expires=Thu, 01 Jan 1970/);
    expect((await sessionRow(session)).ended_at).to.be.an.instanceOf(Date);
    const again = await page("/regulator", { cookie: session });
    expect(again.status).to.equal(303);
    expect(again.headers.get("location")).to.equal("/regulator/sign-in?ended=1");
  });

  it("refuses an expired session", async function () {
    const session = await signedIn();
    const hash = createHash("sha256").update(session.slice(session.indexOf("=") + 1)).digest("hex");
    await t.system.pool.query(`UPDATE regulator_session SET expires_at = now() - interval '1 second' WHERE id_hash = $1`, [hash]);
    const answer = await page("/regulator/flows", { cookie: session });
    expect(answer.status).to.equal(303);
    expect(answer.headers.get("location")).to.equal("/regulator/sign-in?ended=1");
  });

  it("ends the pages' sessions of a client whose secret is rotated or that is revoked, and lets a revoked one sign in no more", async function () {
    const own = await createApiClient({ ...t.system.stores, clientId: `pages-revoked-${Date.now().toString(36)}`, role: "regulator" });
    const asOwn = async () => {
      const answer = await signIn(own.clientId, own.secret);
      expect(answer.status).to.equal(303);
      return valueOf(cookieOf(answer, "regulator_session"))!;
    };
    const before = await asOwn();
    const rotated = await rotateApiClient({ ...t.system.stores, clientId: own.clientId });
    own.secret = rotated.secret;
    expect((await page("/regulator", { cookie: before })).status, "a session from before the rotation").to.equal(303);
    const session = await asOwn();
    expect((await page("/regulator", { cookie: session })).status).to.equal(200);
    await revokeApiClient({ ...t.system.stores, clientId: own.clientId });
    expect((await page("/regulator", { cookie: session })).status).to.equal(303);
    expect((await signIn(own.clientId, own.secret)).status).to.equal(401);
  });

  it("speaks Chinese when asked, remembers it in the lang cookie, and shows the flows as a table without JavaScript", async function () {
    const session = await signedIn();
    const zh = await page("/regulator/flows?lang=zh", { cookie: session });
    expect(zh.status).to.equal(200);
    expect(cookieOf(zh, "lang")).to.match(/^lang=zh;/);
    const html = await zh.text();
    expect(html).to.include('<html lang="zh-CN">');
    expect(html).to.include("资金流向");
    expect(html).to.include('<script src="/assets/echarts.min.js" defer>');
    expect(html).to.match(/<table>[\s\S]*\/regulator\/flows\/records\?/);
    const en = await page("/regulator/flows", { cookie: `${session}; lang=en` });
    expect(await en.text()).to.include('<html lang="en">');
    const script = await page("/assets/echarts.min.js");
    expect(script.status).to.equal(200);
    expect(script.headers.get("cache-control")).to.match(/max-age=\d+/);
    expect(script.headers.get("content-type")).to.match(/javascript/);
  });

  it("lists the records behind every edge of the flow graph, and their amounts add up to the edge's", async function () {
    const flows = (await call(t.baseUrl, "GET", "/api/v1/flows")).body;
    const sums = new Map<string, { edge: bigint; records: bigint }>();
    let edges = 0;
    for (const graph of flows.currencies) {
      for (const edge of graph.edges) {
        // A grant's two edges (acknowledged, in transit) share their records: sum them together.
        const key = `${edge.source}>${edge.target}`;
        const known = sums.get(key) ?? { edge: 0n, records: -1n };
        known.edge += BigInt(edge.amount);
        sums.set(key, known);
        edges++;
      }
    }
    expect(edges, "the demo moved money").to.be.greaterThan(2);
    for (const [key, sum] of sums) {
      const [source, target] = key.split(">") as [string, string];
      let cursor: string | null = null;
      let total = 0n;
      do {
        const query: URLSearchParams = new URLSearchParams({ from: flows.from, to: flows.to, source, target, limit: "2", ...(cursor ? { cursor } : {}) });
        const answer: { status: number; body: any } = await call(t.baseUrl, "GET", `/api/v1/flows/records?${query}`);
        expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
        for (const r of answer.body.items) {
          expect(r.txHash).to.match(/^0x[0-9a-f]{64}$/);
          expect(Number(r.blockNumber)).to.be.greaterThan(0);
          total += BigInt(r.amount);
        }
        cursor = answer.body.next;
      } while (cursor);
      sum.records = total;
      expect(sum.records, key).to.equal(sum.edge);
    }
    const bad = await call(t.baseUrl, "GET", `/api/v1/flows/records?source=organisation:1&target=campaign:1`);
    expect(bad.status).to.equal(400);
  });
});
