/**
 * `npm run screenshots`: starts the whole system on a fresh temporary folder with the demo,
 * opens every public page in headless Chromium in Chinese and in English at a phone's size, and
 * saves each as docs/screenshots/<page>-<lang>.png, which the README shows. Needs Chromium
 * (CHROMIUM_PATH, /usr/bin/chromium by default).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { loadConfig } from "../server/config.ts";
import { createLogger } from "../server/logger.ts";
import { startLedgerSystem } from "../server/main.ts";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = process.env.SCREENSHOTS_DIR ?? path.join(ROOT, "docs", "screenshots");
/** PNG keeps text sharp and is about as small as JPEG for flat pages; jpeg on request. */
const TYPE = process.env.SCREENSHOTS_TYPE === "jpeg" ? "jpeg" : "png";
const PHONE = { width: 390, height: 844 };
/** The address printed in the pages and their QR codes, as a deployment would set it. */
const PUBLIC_URL = "https://give.example.org";

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ledger-screenshots-"));
  chmodSync(dataDir, 0o755);
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: "0", CHAIN_PORT: "0", SEED_DEMO: "false", PUBLIC_URL, LOG_LEVEL: "warn" });
  const system = await startLedgerSystem(config, createLogger("warn"));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const demo = await system.seedDemo();
    const trace = (await (await fetch(`${system.url}/api/v1/track/${demo.trackingCode}`)).json()) as { campaign: { id: string }; organisation: { id: string } };
    const pages: [name: string, path: string][] = [
      ["home", "/"],
      ["track", `/track/${demo.trackingCode}`],
      ["receipt", `/receipts/${demo.trackingCode}`],
      ["campaign", `/campaigns/${trace.campaign.id}`],
      ["organisation", `/organisations/${trace.organisation.id}`],
      ["not-found", "/track/DN-0000-0000-0000-0000"],
    ];
    mkdirSync(OUT, { recursive: true });
    for (const lang of ["zh", "en"] as const) {
      const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: lang === "zh" ? "zh-CN" : "en-GB" });
      const page = await context.newPage();
      for (const [name, address] of pages) {
        const answer = await page.goto(`${system.url}${address}`);
        const file = path.join(OUT, `${name}-${lang}.${TYPE === "png" ? "png" : "jpg"}`);
        await page.screenshot({ path: file, fullPage: true, type: TYPE, ...(TYPE === "jpeg" ? { quality: 70 } : {}) });
        process.stdout.write(`${answer?.status()} ${address} (${lang}) → ${path.relative(ROOT, file)}\n`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
