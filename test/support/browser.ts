import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContextOptions } from "playwright-core";

/** Where the system's Chromium is (apt-get install chromium); browser suites skip without it. */
export const CHROMIUM = "/usr/bin/chromium";
export const PHONE = { width: 390, height: 844 };
export const PHONE_CONTEXT: BrowserContextOptions = {
  viewport: PHONE,
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "en-GB",
};

/** Skips the suite (from its `before`) when Chromium is not installed; says why once. */
export function skipWithoutChromium(context: Mocha.Context): void {
  if (existsSync(CHROMIUM)) return;
  console.log(`skipped: Chromium not installed at ${CHROMIUM} (apt-get install chromium)`);
  context.skip();
}

/** Headless Chromium, quiet: nothing fetched but the pages under test. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
