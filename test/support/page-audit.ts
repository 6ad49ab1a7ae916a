import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect } from "chai";
import jsQRModule from "jsqr";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { PNG } from "pngjs";

// jsQR is a webpack bundle whose typings declare an ES default export; depending on the loader the
// default import is the function itself or the CommonJS object holding it.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const loaded = jsQRModule as unknown as Decode | { default: Decode };
const jsQR: Decode = typeof loaded === "function" ? loaded : loaded.default;
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core"), "utf8");

/** The two sizes every public page is checked at: a common phone and a laptop. */
export const PAGE_SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
] as const;
export const PAGE_LANGS = ["zh", "en"] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export type PageLang = (typeof PAGE_LANGS)[number];

/** The budget of a public page before images (the HTML with its inline stylesheet and any script it loads). */
export const PAGE_BYTES_LIMIT = 50 * 1024;
/** WCAG 2.5.5: a control a finger must hit is at least this many CSS pixels each way. */
export const TAP_TARGET_PX = 44;

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Script errors and CSP refusals the page reported. */
  errors: string[];
  /** Bytes of the HTML document as sent. */
  bytes: number;
}

/**
 * Opens a public page as a reader of that language at that size: the browser's language is the
 * page's (so Accept-Language asks for it) and ?lang= is not used, so the test also proves the
 * language is chosen from the browser. Close `context` when done (or pass a list to collect it).
 */
export async function openPage(
  browser: Browser,
  url: string,
  options: { lang: PageLang; size: { width: number; height: number }; collect?: BrowserContext[]; javaScript?: boolean },
): Promise<OpenedPage> {
  const phone = options.size.width < 600;
  const context = await browser.newContext({
    viewport: { width: options.size.width, height: options.size.height },
    locale: options.lang === "zh" ? "zh-CN" : "en-GB",
    ...(phone ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
    javaScriptEnabled: options.javaScript ?? true,
  });
  options.collect?.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  const answer = await page.goto(url);
  if (!answer) throw new Error(`no answer from ${url}`);
  const bytes = (await answer.body()).length;
  return { page, context, errors, bytes };
}

/**
 * What every public page must pass, in whichever language and size: axe-core finds no violation
 * of any impact; the document says its language; it fits the width with text zoomed to 200%
 * (no horizontal scrolling); every control a finger must hit is at least 44 px; it is under
 * 50 KB before images.
 */
export async function auditPage(opened: OpenedPage, what: string, lang: PageLang): Promise<void> {
  const { page } = opened;
  expect(await page.locator("html").getAttribute("lang"), `${what}: <html lang>`).to.equal(lang === "zh" ? "zh-CN" : "en");
  expect(opened.bytes, `${what}: page bytes`).to.be.below(PAGE_BYTES_LIMIT);
  expect(await axeViolations(page), `${what}: axe-core`).to.deep.equal([]);
  expect(await smallTapTargets(page), `${what}: tap targets under ${TAP_TARGET_PX}px`).to.deep.equal([]);
  expect(await overflowAtDoubleText(page), `${what}: horizontal scrolling with text at 200%`).to.deep.equal([]);
}

/** axe-core's violations, evaluated through DevTools so a page's CSP (no inline script) stays as it is. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run({ resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")})`);
  });
}

/**
 * Buttons, fields, folded details and links that stand alone (not inside a sentence, which WCAG
 * exempts) that are smaller than 44 × 44 px. Hidden ones do not count.
 */
export async function smallTapTargets(page: Page): Promise<string[]> {
  // No named functions inside: the test runner's transform would wrap them in a helper the page lacks.
  return page.evaluate((min) => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary"))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (el.classList.contains("skip")) continue;
      const parent = el.parentElement;
      const own = (el.textContent ?? "").trim();
      const around = (parent?.textContent ?? "").trim();
      const inSentence = el.tagName === "A" && parent !== null && around.length > own.length + 1 && ["P", "LI", "DD", "TD", "SPAN", "FIGCAPTION", "SMALL"].includes(parent.tagName);
      if (inSentence) continue;
      if (box.height < min - 0.5 || box.width < min - 0.5) {
        found.push(`${el.tagName.toLowerCase()} "${own.slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return found;
  }, TAP_TARGET_PX);
}

/**
 * Text at 200% (the root font size doubled, as a browser's text zoom does) must reflow: the page
 * is no wider than the window, and no element reaches past its right edge. Restores the size.
 */
export async function overflowAtDoubleText(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = document.documentElement;
    const before = root.style.fontSize;
    root.style.fontSize = "200%";
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const width = root.clientWidth;
    const found: string[] = [];
    if (root.scrollWidth > width + 1) found.push(`the page is ${root.scrollWidth}px wide in a ${width}px window`);
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      // Inside a box that scrolls on its own (a wide table) is fine: only the page must not.
      let scroller: Element | null = el.parentElement;
      while (scroller && scroller !== document.body && getComputedStyle(scroller).overflowX === "visible") scroller = scroller.parentElement;
      if (scroller && scroller !== document.body) continue;
      found.push(`${el.tagName.toLowerCase()}.${Array.from(el.classList).join(".")} reaches ${Math.round(box.right)}px`);
      if (found.length > 5) break;
    }
    root.style.fontSize = before;
    return found;
  });
}

/** What the QR code in this element says, read from a screenshot of it as a phone's camera would. */
export async function readQrCode(element: Locator): Promise<string | undefined> {
  await element.scrollIntoViewIfNeeded();
  const png = PNG.sync.read(await element.screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return code?.data;
}

/** The page's visible text with runs of white space made one space. */
export async function visibleText(page: Page, selector = "main"): Promise<string> {
  return (await page.locator(selector).innerText()).replace(/\s+/g, " ");
}
