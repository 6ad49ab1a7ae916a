import { expect } from "chai";
import type { Browser } from "playwright-core";
import { openApiDocument } from "../../server/http/openapi.ts";
import { launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { getTestSystem, type TestSystem } from "../support/system.ts";

/**
 * The interactive API docs (/api/docs, Swagger UI from swagger-ui-dist) in headless Chromium
 * against the real running system: they load only from this server, render every operation of the
 * document, and break no rule of the page's content-security policy.
 */
describe("the interactive API docs in a browser", function () {
  this.timeout(180_000);
  let system: TestSystem;
  let browser: Browser;

  before(async function () {
    skipWithoutChromium(this);
    system = await getTestSystem();
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
  });

  it("renders every operation of the document from this server alone, with no policy violation", async function () {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    const origins = new Set<string>();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("request", (request) => origins.add(new URL(request.url()).origin));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    // Chromium reports each blocked load or script as a securitypolicyviolation event.
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP: ${event.violatedDirective} ${event.blockedURI}`));
    });

    const answer = await page.goto(`${system.baseUrl}/api/docs`);
    expect(answer!.status()).to.equal(200);
    const operations = Object.values(openApiDocument().paths ?? {}).reduce((n, item) => n + Object.keys(item ?? {}).length, 0);
    await page.locator(".opblock").nth(operations - 1).waitFor({ timeout: 30_000 });
    expect(await page.locator(".opblock").count()).to.equal(operations);
    expect(await page.locator(".info .title").innerText()).to.include("Donation ledger API");

    // Opening an operation shows its schema, built from the zod objects the route validates with.
    await page.locator("#operations-writes-recordDonation .opblock-summary").click();
    await page.locator("#operations-writes-recordDonation").getByText("campaignId").first().waitFor();

    expect(problems).to.deep.equal([]);
    expect([...origins]).to.deep.equal([new URL(system.baseUrl).origin]);
    await context.close();
  });
});
