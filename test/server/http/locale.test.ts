import { expect } from "chai";
import { catalogueProblems, chooseLang, formatDateTime, formatMoney } from "../../../server/http/i18n/locale.ts";
import { messages } from "../../../server/http/i18n/messages.ts";

describe("http/i18n/locale: language, money and time for people", function () {
  it("picks ?lang=, then the cookie, then the browser's first Chinese or English by weight, else English", function () {
    expect(chooseLang({ query: "en", cookie: "zh", acceptLanguage: "zh-CN" })).to.equal("en");
    expect(chooseLang({ cookie: "zh", acceptLanguage: "en-GB" })).to.equal("zh");
    expect(chooseLang({ acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8" })).to.equal("zh");
    expect(chooseLang({ acceptLanguage: "en;q=0.5, zh-TW;q=0.9" })).to.equal("zh");
    expect(chooseLang({ acceptLanguage: "fr-FR, en;q=0.3" })).to.equal("en");
    expect(chooseLang({ query: "de", cookie: "x", acceptLanguage: "" })).to.equal("en");
  });

  it("formats minor units exactly, beyond what a double holds", function () {
    expect(formatMoney(50_000n, "CNY", "zh")).to.equal("¥500.00");
    expect(formatMoney("50000", "CNY", "en")).to.match(/^CN¥500\.00$|^CNY\s?500\.00$/);
    expect(formatMoney(123456789012345678901n, "CNY", "zh")).to.equal("¥1,234,567,890,123,456,789.01");
    expect(formatMoney(-5n, "CNY", "zh")).to.equal("-¥0.05");
  });

  it("shows Beijing time by default", function () {
    const moment = new Date("2026-11-24T16:30:00Z");
    expect(formatDateTime(moment, "zh")).to.equal("2026年11月25日 00:30");
    expect(formatDateTime(moment, "en", "UTC")).to.contain("16:30");
  });

  it("writes a currency without minor units, and a token's unit after the number", function () {
    expect(formatMoney(5000n, "JPY", "zh")).to.equal("JP¥5,000");
    expect(formatMoney(150n, "native", "en", 2)).to.equal("1.50 native");
  });

  it("has every key of every page in both languages, in the one catalogue per language", function () {
    expect(catalogueProblems(messages)).to.deep.equal([]);
    expect(Object.keys(messages.zh)).to.deep.equal(["donor", "report", "regulator", "compliance"]);
  });

  it("names a key one language lacks or has alone", function () {
    expect(catalogueProblems({ en: { a: "A", b: { c: "C" } }, zh: { a: "甲", b: { c: "丙" } } })).to.deep.equal([]);
    expect(catalogueProblems({ en: { a: "A", b: { c: "C" } }, zh: { a: "甲", b: {}, d: "丁" } })).to.deep.equal(["zh lacks b.c", "zh has d, which en does not"]);
  });
});
