import { expect } from "chai";
import { generateTrackingCode } from "../../server/domain/tracking-code.ts";
import { createApiClient } from "../../server/services/create-api-client.ts";
import { CHROMIUM } from "../support/browser.ts";
import { call, tokenFor } from "../support/http.ts";
import { startSecondApp } from "../support/second-app.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";
import { existsSync } from "node:fs";
import { request } from "node:http";

/**
 * The donor's receipt against the real system: the page for whoever holds the code (400 for a
 * mistyped code, 404 for an unknown one, never a hostile Host in its links), and its A6 PDF through
 * the API for the organisation that received the gift or a regulator only.
 */
describe("receipts", function () {
  this.timeout(180_000);
  let t: TestSystem;
  let code: string;

  before(async function () {
    t = await getTestSystem();
    code = t.demoTrackingCode;
  });

  const pdfPath = (c: string, lang?: string) => `/api/v1/donations/${c}/receipt.pdf${lang ? `?lang=${lang}` : ""}`;

  it("shows the receipt page to whoever holds the code, in the language asked for", async function () {
    for (const lang of ["zh", "en"] as const) {
      const answer = await fetch(`${t.baseUrl}/receipts/${code}?lang=${lang}`);
      expect(answer.status).to.equal(200);
      expect(answer.headers.get("cache-control")).to.equal("no-store");
      const html = await answer.text();
      expect(html).to.include(`<html lang="${lang === "zh" ? "zh-CN" : "en"}">`);
      expect(html).to.include(`href="${t.baseUrl}/track/${code}"`);
      expect(html).to.include('<meta name="robots" content="noindex, nofollow"/>');
    }
    // A code typed in small letters goes to its canonical address.
    const lower = await fetch(`${t.baseUrl}/receipts/${code.toLowerCase()}`, { redirect: "manual" });
    expect(lower.status).to.equal(301);
    expect(lower.headers.get("location")).to.equal(`/receipts/${code}`);
  });

  it("answers a mistyped code with 400 and an unknown one with 404, as pages", async function () {
    const mistyped = await fetch(`${t.baseUrl}/receipts/DN-1234`);
    expect(mistyped.status).to.equal(400);
    expect(mistyped.headers.get("content-type")).to.match(/^text\/html/);
    const unknown = await fetch(`${t.baseUrl}/receipts/${generateTrackingCode()}?lang=en`);
    expect(unknown.status).to.equal(404);
    expect(await unknown.text()).to.include("We could not find this gift");
  });

  it("never puts a request's Host header into the page: links and QR code come from the configured address", async function () {
    const { port } = new URL(t.baseUrl);
    const html = await new Promise<string>((resolve, reject) => {
      // fetch() will not send a Host of our choosing; node:http will.
      const req = request({ host: "127.0.0.1", port, path: `/receipts/${code}?lang=en`, headers: { host: "evil.example:666", "x-forwarded-host": "evil.example" } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end();
    });
    expect(html).not.to.include("evil.example");
    expect(html).to.include(`${t.baseUrl}/track/${code}`);
  });

  it("prints the receipt as a PDF for the charity that received the gift and for a regulator", async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    const token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    const regulatorClient = await createApiClient({ ...t.system.stores, clientId: `receipt-regulator-${Date.now().toString(36)}`, role: "regulator" });
    const regulator = await tokenFor(t.baseUrl, regulatorClient.clientId, regulatorClient.secret);
    for (const [as, lang] of [[token, "zh"], [token, "en"], [regulator, "en"]] as const) {
      const answer = await call(t.baseUrl, "GET", pdfPath(code, lang), { token: as, bytes: true });
      expect(answer.status, String(answer.body)).to.equal(200);
      expect(answer.headers.get("content-type")).to.equal("application/pdf");
      expect(answer.headers.get("content-disposition")).to.equal(`inline; filename="receipt-${code}-${lang}.pdf"`);
      const pdf = answer.body as Buffer;
      expect(pdf.subarray(0, 5).toString("latin1")).to.equal("%PDF-");
      // A6 is 105 × 148 mm, 297.6 × 419.5 points (Chromium rounds to whole CSS pixels), all on one page.
      const boxes = [...pdf.toString("latin1").matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(boxes, "pages").to.have.length(1);
      // A6 is 105 × 148 mm: 297.6 × 419.5 points. (Not closeTo: the chain matchers take that over for integers.)
      expect(Math.abs(boxes[0]![0] - 297.6), `width ${boxes[0]![0]}`).to.be.below(1);
      expect(Math.abs(boxes[0]![1] - 419.5), `height ${boxes[0]![1]}`).to.be.below(1);
    }
  });

  it("refuses the PDF to another organisation (404, as for an unknown code), to no token (401) and to a bad lang (400)", async function () {
    const partner = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    const other = await call(t.baseUrl, "GET", pdfPath(code, "en"), { token: partner });
    expect(other.status).to.equal(404);
    expect(other.headers.get("content-type")).to.match(/^application\/problem\+json/);
    const unknown = await call(t.baseUrl, "GET", pdfPath(generateTrackingCode()), { token: partner });
    expect(unknown.status).to.equal(404);
    expect(other.body.detail).to.equal(unknown.body.detail);
    expect((await call(t.baseUrl, "GET", pdfPath(code))).status).to.equal(401);
    const token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    expect((await call(t.baseUrl, "GET", pdfPath(code, "fr"), { token })).status).to.equal(400);
    expect((await call(t.baseUrl, "GET", pdfPath("DN-1234"), { token })).status).to.equal(400);
  });

  it("answers 503 naming CHROMIUM_PATH when the server has no printer", async function () {
    // A second app over the same system, built without a PDF printer.
    const second = await startSecondApp(t);
    try {
      const base = second.base;
      const token = await tokenFor(base, t.demo.foundation.clientId, t.demo.foundation.secret);
      const answer = await call(base, "GET", pdfPath(code, "en"), { token });
      expect(answer.status).to.equal(503);
      expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
      expect(answer.body.setting).to.equal("CHROMIUM_PATH");
    } finally {
      await second.close();
    }
  });
});
