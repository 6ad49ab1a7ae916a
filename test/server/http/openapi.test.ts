import { createHash } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import { expect } from "chai";
import { Contract, id } from "ethers";
import type { Express } from "express";
import pino from "pino";
import { loadArtifact, loadLedgerArtifact } from "../../../server/chain/ledger-artifact.ts";
import { FORWARD_REQUEST_DOMAIN, FORWARD_REQUEST_TYPES } from "../../../server/chain/forward-request-types.ts";
import { createApp } from "../../../server/http/app.ts";
import type { AppDeps } from "../../../server/http/deps.ts";
import { openApiDocument } from "../../../server/http/openapi.ts";
import { createApiClient } from "../../../server/services/create-api-client.ts";
import { waitForLanding } from "../../../server/services/wait-for-write.ts";
import { call, newKey, tokenFor, type Answer } from "../../support/http.ts";
import { checkAnswer, checkNewAnswers, describeProblems, documentedOperations, operationFor, responseValidator, type AnswerCheck } from "../../support/openapi-answers.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";

/**
 * Routes the app serves that the OpenAPI document leaves out on purpose, each with the reason.
 * Every other route, under /api or not, must be documented.
 */
const NOT_IN_THE_DOCUMENT: Record<string, string> = {
  "GET /": "the donor's home page: HTML for people",
  "GET /track": "the home page's form target: a redirect to the tracking page, HTML for people",
  "GET /track/{code}": "the donor's tracking page: HTML for people (its data is GET /api/v1/track/{trackingCode})",
  "GET /receipts/{code}": "the donor's receipt: a printable HTML page for people (its PDF, for the receiving charity, is GET /api/v1/donations/{trackingCode}/receipt.pdf)",
  "GET /reports/organisations/{id}/{year}": "an organisation's annual report: a printable HTML page for people (and its PDF at {year}.pdf); its figures are GET /api/v1/organisations/{id}/ledger, /api/v1/flows and /api/v1/compliance",
  "GET /reports/campaigns/{id}": "a campaign's report: a printable HTML page for people (and its PDF at {id}.pdf); its figures are GET /api/v1/campaigns/{id}/ledger and /api/v1/flows",
  "GET /campaigns/{id}": "a campaign's public page: HTML for people; its figures are GET /api/v1/campaigns/{id}/ledger and its records GET /api/v1/campaigns/{id}/records.csv",
  "GET /organisations/{id}": "an organisation's public page: HTML for people; its figures are GET /api/v1/organisations/{id}/ledger and its records GET /api/v1/organisations/{id}/records.csv",
  "GET /api/docs": "the interactive docs page itself: HTML for people, showing this document",
  "GET /api/docs/{file}": "the docs page's own scripts and styles (Swagger UI from swagger-ui-dist)",
  "GET /regulator/sign-in": "the regulators' sign-in form: HTML for people (machines trade the same credentials at POST /api/v1/auth/token)",
  "POST /regulator/sign-in": "the sign-in form's target: sets the session cookie and redirects, HTML for people",
  "POST /regulator/sign-out": "the sign-out button's target: ends the session and redirects, HTML for people",
  "GET /regulator": "the regulators' compliance page: HTML for people (its data is GET /api/v1/compliance and the regulator-flags counts)",
  "GET /regulator/organisations/{id}/flags": "an organisation's flags and notes for a signed-in regulator: HTML for people (its data is GET /api/v1/organisations/{id}/regulator-flags)",
  "GET /regulator/flows": "the regulators' Sankey page: HTML for people (its data is GET /api/v1/flows)",
  "GET /regulator/flows/records": "one flow's records for people without JavaScript: HTML (its data is GET /api/v1/flows/records)",
  "GET /assets/{file}": "the pages' scripts (the ECharts bundle, the regulators' flows page's script, the donor's pending-gift watcher), not an API",
};

const HTTP_METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];

/**
 * Every route of the app as `METHOD /path/{param}`, read from Express 5's router stack: route
 * layers of the app itself and of the routers it mounts at the root.
 */
function routesOf(app: Express): string[] {
  const routes = new Set<string>();
  interface Layer {
    route?: { path: string | string[]; methods: Record<string, boolean> };
    handle: { stack?: Layer[] };
    slash?: boolean;
    rawPath?: unknown;
  }
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          for (const method of Object.keys(layer.route.methods).filter((m) => HTTP_METHODS.includes(m))) routes.add(`${method.toUpperCase()} ${openApiPath(path)}`);
        }
      } else if (layer.handle.stack) {
        // A router mounted under a path would put its prefix in front of its routes; none is today.
        if (!layer.slash) throw new Error(`a router is mounted at ${String(layer.rawPath)}: teach routesOf its prefix`);
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...routes].sort();
}

/** Express's `/a/:id/b` as OpenAPI's `/a/{id}/b`; any other path syntax fails loudly. */
function openApiPath(expressPath: string): string {
  const path = expressPath.replace(/:(\w+)/g, "{$1}");
  if (/[*?():]/.test(path)) throw new Error(`route path ${expressPath}: only :name parameters are understood here`);
  return path;
}

/** The app as the entry point builds it; its routes are registered when it is built, and nothing is called. */
function appForItsRoutes(): Express {
  const deps = {
    logger: pino({ level: "silent" }),
    rateLimits: { windowSeconds: 60, token: 1, writes: 1, reads: 1 },
    tokens: { secret: "x".repeat(32), issuer: "test", audience: "test", ttlSeconds: 60 },
  };
  return createApp(deps as unknown as AppDeps);
}

describe("the OpenAPI document (server/http/openapi.ts)", function () {
  const document = openApiDocument();

  it("is a valid OpenAPI 3.1 document", async function () {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(validator.version).to.equal("3.1");
  });

  it("has a JSON Schema (2020-12) for every response body that compiles", function () {
    for (const operation of documentedOperations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const mediaType of Object.keys(response.content ?? {})) {
          expect(() => responseValidator(operation, status, mediaType), `${operation.name} ${status} ${mediaType}`).not.to.throw();
        }
      }
    }
  });

  it("documents every route of the app (bar the pages for people, named with why) and nothing the app does not route", function () {
    const routed = routesOf(appForItsRoutes());
    const documented = documentedOperations().map((o) => o.name);
    const undocumented = routed.filter((r) => !documented.includes(r) && !(r in NOT_IN_THE_DOCUMENT));
    expect(undocumented, "routes missing from the OpenAPI document: describe them in their route module's operations").to.deep.equal([]);
    expect(documented.filter((d) => !routed.includes(d)), "documented but not routed").to.deep.equal([]);
    expect(Object.keys(NOT_IN_THE_DOCUMENT).filter((r) => !routed.includes(r)), "excluded routes that no longer exist").to.deep.equal([]);
    expect(routed.filter((r) => / \/api\//.test(r) && !documented.includes(r)).sort()).to.deep.equal(["GET /api/docs", "GET /api/docs/{file}"]);
  });

  it("gives every operation an id, a summary, a 2xx answer and the problem document for errors", function () {
    for (const operation of documentedOperations()) {
      const success = Object.keys(operation.responses).filter((s) => /^2\d\d$/.test(s));
      expect(success, operation.name).to.not.be.empty;
      const item = document.paths![operation.path]![operation.method.toLowerCase() as "get"]!;
      expect(item.operationId, operation.name).to.be.a("string");
      expect(item.summary, operation.name).to.be.a("string");
      if (operation.path.startsWith("/api/")) {
        expect(operation.responses.default?.content, `${operation.name}: default`).to.have.property("application/problem+json");
      }
    }
  });
});

describe("the OpenAPI document against the running system's real answers", function () {
  this.timeout(180_000);
  let t: TestSystem;

  before(async function () {
    t = await getTestSystem();
  });

  it("is served at /api/v1/openapi.json, the same document", async function () {
    const answer = await call(t.baseUrl, "GET", "/api/v1/openapi.json");
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.equal(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it("serves the interactive docs at /api/docs from this server, under a policy that allows no inline script and no other origin", async function () {
    const page = await fetch(`${t.baseUrl}/api/docs`);
    expect(page.status).to.equal(200);
    const html = await page.text();
    const policy = page.headers.get("content-security-policy") ?? "";
    expect(policy).to.include("script-src 'self'").and.include("connect-src 'self'").and.include("default-src 'none'");
    expect(policy).not.to.match(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(policy).not.to.match(/https?:/);
    expect(html).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/, "an inline script");
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => !u.startsWith("/api/v1/"));
    expect(assets.length).to.be.at.least(3);
    for (const asset of assets) {
      expect(asset, "served from this server").to.match(/^\/api\/docs\//);
      const loaded = await fetch(`${t.baseUrl}${asset}`);
      expect(loaded.status, asset).to.equal(200);
      expect(loaded.headers.get("content-type"), asset).to.match(/javascript|css|png/);
    }
    for (const other of ["index.html", "package.json", "constructor", "..%2Fpackage.json"]) {
      expect((await fetch(`${t.baseUrl}/api/docs/${other}`)).status, `only the page's own files are served: ${other}`).to.equal(404);
    }
  });

  it("answers every documented operation with a 2xx that matches its schema, and every error as a problem document", async function () {
    const foundation = t.demo.foundation;
    const token = await tokenFor(t.baseUrl, foundation.clientId, foundation.secret);
    const regulatorClient = await createApiClient({ ...t.system.stores, clientId: `openapi-regulator-${Date.now().toString(36)}`, role: "regulator" });
    const regulator = await tokenFor(t.baseUrl, regulatorClient.clientId, regulatorClient.secret);
    const campaignId = foundation.campaignId.toString();
    const write = (path: string, body: object) => call(t.baseUrl, "POST", path, { token, headers: { "idempotency-key": newKey("openapi") }, body });

    const gift = await write("/api/v1/donations", { campaignId, amount: "4200", channel: "wechat_pay", donorReference: "openapi-donor" });
    expect(gift.status).to.equal(202);
    const giftRecord = await t.waitForWrite(gift.body.id);
    const batch = await write("/api/v1/donations/batch", { donations: [{ campaignId, amount: "300", channel: "bank" }, { campaignId, amount: 400, channel: "cash" }] });
    expect(batch.status, JSON.stringify(batch.body)).to.equal(202);
    for (const accepted of batch.body.writes) await t.waitForWrite(accepted.id);
    const invoiceText = `openapi invoice ${Date.now()}`;
    const invoice = await call(t.baseUrl, "POST", "/api/v1/evidence?filename=invoice.txt", { token, rawBody: Buffer.from(invoiceText), headers: { "content-type": "text/plain" } });
    expect(invoice.status, JSON.stringify(invoice.body)).to.equal(201);
    const evidence = createHash("sha256").update(invoiceText).digest("hex");
    expect(invoice.body.sha256).to.equal(`0x${evidence}`);
    const payout = await write("/api/v1/disbursements", { campaignId, amount: "1000", purpose: "programme", recipientRef: "OPENAPI-1", evidenceSha256: evidence });
    expect(payout.status).to.equal(202);
    await t.waitForWrite(payout.body.id);
    const settled = await call(t.baseUrl, "GET", new URL(payout.body.statusUrl).pathname, { token });
    expect(settled.body.status).to.equal("confirmed");
    const recordId = settled.body.recordId as string;
    const payouts = await write("/api/v1/disbursements/batch", {
      disbursements: [{ campaignId, amount: "100", purpose: "administration", recipientRef: "OPENAPI-B1", evidenceSha256: evidence, confirmerOrganisationId: t.demo.partner.orgId.toString() }],
    });
    expect(payouts.status, JSON.stringify(payouts.body)).to.equal(202);
    const confirmed = await call(t.baseUrl, "POST", `/api/v1/disbursements/${recordId}/confirmation`, { token: regulator, headers: { "idempotency-key": newKey("openapi-confirm") } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).to.equal(202);
    for (const id of [payouts.body.writes[0].id, confirmed.body.id]) await waitForLanding({ outbox: t.system.outbox, id: BigInt(id) });

    const relayed = await call(t.baseUrl, "POST", "/api/v1/relay", { token, headers: { "idempotency-key": newKey("openapi-relay") }, body: await signedDonation(t) });
    expect(relayed.status, JSON.stringify(relayed.body)).to.equal(202);
    await t.waitForWrite(relayed.body.id);
    const opened = await write("/api/v1/campaigns", { title: "OpenAPI coats", currency: "CNY", target: "100000" });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(202);
    const newCampaign = String((await waitForLanding({ outbox: t.system.outbox, id: BigInt(opened.body.id) })).args.campaignId);
    const retarget = await call(t.baseUrl, "PUT", `/api/v1/campaigns/${newCampaign}/target`, { token, headers: { "idempotency-key": newKey("openapi") }, body: { target: "200000" } });
    expect(retarget.status, JSON.stringify(retarget.body)).to.equal(202);
    expect((await write(`/api/v1/campaigns/${newCampaign}/closure`, {})).status).to.equal(202);
    // The full disclosure of the closed campaign: a whole day, two days ago.
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const disclosure = await write(`/api/v1/campaigns/${newCampaign}/disclosures`, { coversFrom: day(2), coversTo: day(2), documentSha256: evidence, final: true });
    expect(disclosure.status, JSON.stringify(disclosure.body)).to.equal(202);
    await waitForLanding({ outbox: t.system.outbox, id: BigInt(disclosure.body.id) });

    // Grants to the partner, one acknowledged and one refused by the partner's own client; a refund
    // and a positive correction of the gift, the correction approved by a regulator's client.
    const partner = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    const asPartner = (path: string, body?: object) => call(t.baseUrl, "POST", path, { token: partner, headers: { "idempotency-key": newKey("openapi") }, ...(body ? { body } : {}) });
    const grantBody = { fromCampaignId: campaignId, toCampaignId: t.demo.partner.campaignId.toString(), amount: "100", memo: "openapi grant" };
    const grants = [await write("/api/v1/grants", grantBody), await write("/api/v1/grants", grantBody)];
    const grantIds: string[] = [];
    for (const made of grants) {
      expect(made.status, JSON.stringify(made.body)).to.equal(202);
      grantIds.push(await t.waitForWrite(made.body.id));
    }
    const settlements = [await asPartner(`/api/v1/grants/${grantIds[0]}/acknowledgement`), await asPartner(`/api/v1/grants/${grantIds[1]}/refusal`, { reason: "openapi refusal" })];
    for (const settled of settlements) {
      expect(settled.status, JSON.stringify(settled.body)).to.equal(202);
      await t.waitForWrite(settled.body.id);
    }
    const refund = await write("/api/v1/refunds", { donationId: giftRecord, campaignId, amount: "10", reason: "openapi refund" });
    expect(refund.status, JSON.stringify(refund.body)).to.equal(202);
    await t.waitForWrite(refund.body.id);
    const correction = await write("/api/v1/corrections", { correctedId: giftRecord, campaignId, delta: "5", reason: "openapi correction" });
    expect(correction.status, JSON.stringify(correction.body)).to.equal(202);
    const correctionId = await t.waitForWrite(correction.body.id);
    const approval = await call(t.baseUrl, "POST", `/api/v1/corrections/${correctionId}/approval`, { token: regulator, headers: { "idempotency-key": newKey("openapi") } });
    expect(approval.status, JSON.stringify(approval.body)).to.equal(202);
    await t.waitForWrite(approval.body.id);

    const reads: [string, string?][] = [
      [`/api/v1/track/${gift.body.trackingCode}`],
      [`/api/v1/track/${t.demoTrackingCode}`],
      [`/api/v1/donations/${gift.body.trackingCode}/receipt.pdf?lang=zh`, token],
      ["/api/v1/flags?limit=5"],
      [`/api/v1/disbursements/${recordId}/sources`],
      [`/api/v1/disbursements/${recordId}/sources?limit=1&trackingCode=${gift.body.trackingCode}`, token],
      [`/api/v1/disbursements/${recordId}/sources?purpose=openapi+test`, regulator],
      [`/api/v1/campaigns/${campaignId}/ledger?period=quarter`],
      [`/api/v1/organisations/${foundation.orgId}/ledger?period=year&limit=1`],
      [`/api/v1/campaigns/${newCampaign}/disclosures?limit=1`],
      ["/api/v1/flows"],
      [`/api/v1/flows?organisation=${foundation.orgId}&category=programme`],
      [`/api/v1/organisations/${foundation.orgId}/records.csv?from=2026-01-01`],
      [`/api/v1/campaigns/${campaignId}/records.csv`],
      [`/api/v1/organisations/${foundation.orgId}/iati.xml`],
      [`/api/v1/flows/records?source=channel:wechat_pay&target=campaign:${campaignId}&limit=2`],
      ["/health"],
      [`/api/v1/writes/${gift.body.id}`, regulator],
      [`/api/v1/evidence/${evidence}?purpose=openapi+test`, regulator],
      [`/api/v1/organisations/${foundation.orgId}/access-log?limit=2`, regulator],
      [`/api/v1/organisations/${foundation.orgId}/regulator-flags`],
    ];
    for (const [path, as] of reads) {
      const answer = await call(t.baseUrl, "GET", path, as ? { token: as } : {});
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).to.be.oneOf(path === "/health" ? [200, 503] : [200]);
    }
    // Oversight: a regulator's flag and its clearance; compliance and its rules (a rule edited to what it was).
    const flag = await call(t.baseUrl, "POST", "/api/v1/regulator-flags", { token: regulator, body: { organisationId: foundation.orgId.toString(), note: "OpenAPI check" } });
    expect(flag.status).to.equal(201);
    expect((await call(t.baseUrl, "POST", `/api/v1/regulator-flags/${flag.body.id}/clearance`, { token: regulator, body: { note: "checked" } })).status).to.equal(200);
    expect((await call(t.baseUrl, "GET", `/api/v1/compliance?year=${new Date().getUTCFullYear()}&organisation=${foundation.orgId}`)).status).to.equal(200);
    const rules = await call(t.baseUrl, "GET", "/api/v1/compliance-rules");
    expect(rules.status).to.equal(200);
    const unspent = rules.body.rules.find((r: { code: string }) => r.code === "unspent-by-age");
    expect((await call(t.baseUrl, "PATCH", "/api/v1/compliance-rules/unspent-by-age", { token: regulator, body: { parameters: unspent.parameters } })).status).to.equal(200);
    const erased = await call(t.baseUrl, "DELETE", `/api/v1/donations/${gift.body.id}/donor`, { token });
    expect(erased.status).to.equal(200);

    // Errors, each a problem document.
    const errors: [Answer, number][] = [
      [await call(t.baseUrl, "GET", "/api/v1/flows?from=2026-02-30"), 400],
      [await call(t.baseUrl, "GET", "/api/v1/track/not-a-code"), 400],
      [await call(t.baseUrl, "GET", `/api/v1/campaigns/${"9".repeat(18)}/ledger`), 404],
      [await call(t.baseUrl, "GET", `/api/v1/writes/${gift.body.id}`), 401],
      [await call(t.baseUrl, "POST", "/api/v1/auth/token", { body: { client_id: foundation.clientId, client_secret: "wrong" } }), 401],
      [await write("/api/v1/donations", { campaignId: t.demo.partner.campaignId.toString(), amount: "1", channel: "bank" }), 403],
      [await write("/api/v1/disbursements", { campaignId, amount: (1n << 100n).toString(), purpose: "programme", recipientRef: "OPENAPI-2", evidenceSha256: evidence }), 409],
      [await call(t.baseUrl, "POST", "/api/v1/evidence", { token, rawBody: Buffer.from(invoiceText), headers: { "content-type": "application/pdf" } }), 415],
      [await call(t.baseUrl, "GET", `/api/v1/evidence/${"0".repeat(64)}`, { token: regulator }), 404],
      [await asPartner(`/api/v1/grants/${grantIds[0]}/acknowledgement`), 409],
      [await write(`/api/v1/grants/${grantIds[1]}/refusal`, {}), 409],
      [await write(`/api/v1/corrections/${correctionId}/approval`, {}), 403],
      [await write(`/api/v1/campaigns/${campaignId}/disclosures`, { coversFrom: day(2), coversTo: day(-2), documentSha256: evidence }), 422],
      [await call(t.baseUrl, "GET", `/api/v1/campaigns/${"9".repeat(18)}/disclosures`), 404],
    ];
    for (const [answer, status] of errors) expect(answer.status, JSON.stringify(answer.body)).to.equal(status);

    const checks = checkNewAnswers();
    expect(describeProblems(checks), "answers that do not match the document").to.equal("");
    const answered = new Set(checks.filter((c) => c.operation && c.answer.status < 300).map((c) => c.operation));
    const unanswered = documentedOperations().map((o) => o.name).filter((name) => !answered.has(name));
    expect(unanswered, "documented operations without a real 2xx answer checked here").to.deep.equal([]);
    const apiErrors = checks.filter((c) => c.operation && c.answer.path.startsWith("/api/") && c.answer.status >= 400);
    expect(new Set(apiErrors.map((c) => c.answer.headers.get("content-type")?.split(";")[0]))).to.deep.equal(new Set(["application/problem+json"]));
  });

  it("fails an answer that does not match its schema (the check is not vacuous)", function () {
    const good = { method: "GET", path: "/api/v1/flags", status: 200, headers: new Headers({ "content-type": "application/json" }), from: "here" };
    const verification = { state: "ok", verifiedAt: null, verifiedBlock: null, differences: 0, lastFullCheck: null };
    const check = (body: unknown, overrides: object = {}): AnswerCheck => checkAnswer({ ...good, body, ...overrides });
    expect(check({ flagged: [], asOfBlock: "12", verification }).problems).to.deep.equal([]);
    expect(check({ flagged: [], asOfBlock: 12, verification }).problems.join()).to.match(/asOfBlock/);
    expect(check({ flagged: [], asOfBlock: "12", verification, extra: true }).problems.join()).to.match(/additional/);
    expect(check({ flagged: [], asOfBlock: "12", verification }, { status: 201 }).problems.join()).to.match(/not documented/);
    expect(check({ flagged: [] }, { headers: new Headers({ "content-type": "text/html" }) }).problems.join()).to.match(/content type/);
    expect(operationFor("GET", "/api/v1/campaigns/7/ledger")?.name).to.equal("GET /api/v1/campaigns/{id}/ledger");
    expect(operationFor("PUT", "/api/v1/flows")).to.equal(undefined);
  });
});

/** A donation the foundation signs with its own key, for the relay (EIP-712 ForwardRequest). */
async function signedDonation(t: TestSystem) {
  const own = t.demo.foundation.ownKey;
  const ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, t.system.provider);
  const forwarder = new Contract(await ledger.getFunction("trustedForwarder")(), loadArtifact("LedgerForwarder").abi, t.system.provider);
  const from = (await own.getAddress()).toLowerCase();
  const { chainId } = await t.system.provider.getNetwork();
  const domain = { ...FORWARD_REQUEST_DOMAIN, chainId, verifyingContract: await forwarder.getAddress() };
  const data = loadLedgerArtifact().abi.encodeFunctionData("recordDonation", [t.demo.foundation.campaignId, 777n, 0, id(`openapi relay ${Date.now()}`)]);
  const message = { from, to: t.system.ledgerAddress, value: 0n, gas: 500_000n, nonce: (await forwarder.getFunction("nonces")(from)) as bigint, deadline: BigInt(Math.floor(Date.now() / 1000) + 3600), data };
  const signature = await own.signTypedData(domain, FORWARD_REQUEST_TYPES, message);
  return { from, to: t.system.ledgerAddress, value: "0", gas: String(message.gas), deadline: String(message.deadline), data, signature };
}
