import { existsSync } from "node:fs";
import { expect } from "chai";
import { loadConfig } from "../../../server/config.ts";
import { AppError, AppErrorCode } from "../../../server/domain/errors.ts";
import { createPdfPrinter } from "../../../server/http/print-pdf.ts";
import { toProblem } from "../../../server/http/problem.ts";
import { CHROMIUM } from "../../support/browser.ts";
import { rejection } from "../../support/http.ts";

describe("printing PDFs in Chromium", function () {
  this.timeout(60_000);

  it("reads CHROMIUM_PATH from the environment, /usr/bin/chromium by default", function () {
    expect(loadConfig({}).CHROMIUM_PATH).to.equal("/usr/bin/chromium");
    expect(loadConfig({ CHROMIUM_PATH: "/opt/chromium/chrome" }).CHROMIUM_PATH).to.equal("/opt/chromium/chrome");
  });

  it("answers 503 naming CHROMIUM_PATH when no Chromium is there", async function () {
    const printer = createPdfPrinter({ executablePath: "/nonexistent/chromium" });
    const error = await rejection(printer.print("<p>x</p>"));
    expect(error).to.be.instanceOf(AppError);
    expect((error as AppError).code).to.equal(AppErrorCode.Unavailable);
    const problem = toProblem(error as AppError);
    expect(problem.status).to.equal(503);
    expect(problem.detail).to.include("CHROMIUM_PATH");
    expect(problem.setting).to.equal("CHROMIUM_PATH");
    await printer.close();
  });

  it("prints with one browser, two at a time, and refuses once closed", async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    const printer = createPdfPrinter({ executablePath: CHROMIUM, concurrency: 2 });
    try {
      const started = performance.now();
      const pdfs = await Promise.all([1, 2, 3, 4, 5].map((n) => printer.print(`<!doctype html><html lang="zh-CN"><title>t</title><h1>报告 ${n}</h1>`)));
      console.log(`      5 small PDFs, 2 at a time: ${(performance.now() - started).toFixed(0)} ms`);
      for (const pdf of pdfs) expect(pdf.subarray(0, 5).toString("latin1")).to.equal("%PDF-");
    } finally {
      await printer.close();
    }
    const error = await rejection(printer.print("<p>x</p>"));
    expect((error as AppError).code).to.equal(AppErrorCode.Unavailable);
  });

  it("gives up after its timeout", async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    const printer = createPdfPrinter({ executablePath: CHROMIUM, timeoutMs: 1 });
    try {
      const error = await rejection(printer.print("<p>x</p>"));
      expect((error as AppError).code).to.equal(AppErrorCode.Unavailable);
      expect(error.message).to.match(/took more than 1 ms|Timeout/i);
    } finally {
      await printer.close();
    }
  });
});
