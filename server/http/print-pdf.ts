import { existsSync } from "node:fs";
import type { Logger } from "pino";
import { chromium, type Browser } from "playwright-core";
import { AppError, AppErrorCode } from "../domain/errors.ts";

/** Prints HTML pages to PDF in Chromium; the report routes get it through AppDeps, so tests use the real one. */
export interface PdfPrinter {
  /** The page as a PDF, A4 unless asked otherwise, as Chromium prints it (the page's own print CSS applies, its @page size first). */
  print(html: string, options?: { paper?: Paper }): Promise<Buffer>;
  /** Closes the browser, if one was launched; later prints are refused. */
  close(): Promise<void>;
}

/** Paper sizes pages are printed on: reports on A4, a donor's receipt on A6. */
export type Paper = "A4" | "A6";

export interface PdfPrinterOptions {
  /** CHROMIUM_PATH. */
  executablePath: string;
  /** Renders at once; more wait their turn. */
  concurrency?: number;
  timeoutMs?: number;
  logger?: Logger;
}

/** Flags that keep headless Chromium quiet on a machine with no outside network (and as root in a container). */
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * One Chromium, launched on the first print and reused; at most `concurrency` pages printed at
 * once, the others queued; each print given `timeoutMs`. The page is loaded from the HTML given,
 * with JavaScript off and every network request refused: a report needs nothing from outside.
 */
export function createPdfPrinter(options: PdfPrinterOptions): PdfPrinter {
  const concurrency = options.concurrency ?? 2;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let browser: Promise<Browser> | undefined;
  let closed = false;
  let running = 0;
  const waiting: (() => void)[] = [];

  const unavailable = (message: string) => new AppError(AppErrorCode.Unavailable, message, { errors: [{ field: "CHROMIUM_PATH", reason: message }], extra: { setting: "CHROMIUM_PATH" } });

  function launch(): Promise<Browser> {
    if (!existsSync(options.executablePath)) {
      return Promise.reject(unavailable(`PDFs are printed by Chromium, and there is none at CHROMIUM_PATH (${options.executablePath}); install it (apt-get install chromium) or set CHROMIUM_PATH.`));
    }
    browser ??= chromium.launch({ executablePath: options.executablePath, args: ARGS, timeout: Math.max(timeoutMs, 10_000) }).then(
      (b) => {
        b.on("disconnected", () => (browser = undefined));
        return b;
      },
      (error: unknown) => {
        browser = undefined;
        options.logger?.warn({ err: error }, "Chromium did not start");
        throw unavailable(`Chromium at CHROMIUM_PATH (${options.executablePath}) did not start.`);
      },
    );
    return browser;
  }

  async function turn<T>(work: () => Promise<T>): Promise<T> {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  }

  async function printOnce(html: string, paper: Paper): Promise<Buffer> {
    const context = await (await launch()).newContext({ javaScriptEnabled: false });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError(AppErrorCode.Unavailable, `Printing the PDF took more than ${timeoutMs} ms.`)), timeoutMs);
      });
      const work = (async () => {
        await context.route("**/*", (route) => route.abort());
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: "load", timeout: timeoutMs });
        return page.pdf({ format: paper, printBackground: true, preferCSSPageSize: true, tagged: true, outline: true });
      })();
      work.catch(() => {});
      return await Promise.race([work, timeout]);
    } catch (error) {
      if (error instanceof AppError) throw error;
      options.logger?.warn({ err: error }, "printing a PDF failed");
      throw new AppError(AppErrorCode.Unavailable, "Chromium could not print the PDF.");
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => {});
    }
  }

  return {
    print(html, printOptions) {
      if (closed) return Promise.reject(unavailable("The server is stopping."));
      return turn(() => printOnce(html, printOptions?.paper ?? "A4"));
    },
    async close() {
      closed = true;
      const b = browser;
      browser = undefined;
      if (b) await (await b.catch(() => undefined))?.close();
    },
  };
}
