import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { expect } from "chai";
import fc from "fast-check";
import { element, escapeXmlAttribute, escapeXmlText, openTag } from "../../../server/domain/xml.ts";

const XMLLINT = "/usr/bin/xmllint";

describe("XML escaping", function () {
  it("escapes the markup characters in text and in attribute values", function () {
    expect(escapeXmlText(`a < b && c > d "q" 'a'`)).to.equal(`a &lt; b &amp;&amp; c &gt; d "q" 'a'`);
    expect(escapeXmlText("]]>")).to.equal("]]&gt;");
    expect(escapeXmlAttribute(`x="1" & <y>`)).to.equal(`x=&quot;1&quot; &amp; &lt;y&gt;`);
  });

  it("keeps tabs and line breaks in attributes as character references (a parser would turn them into spaces)", function () {
    expect(escapeXmlAttribute("a\tb\nc\rd")).to.equal("a&#9;b&#10;c&#13;d");
    expect(escapeXmlText("a\tb\nc")).to.equal("a\tb\nc");
  });

  it("replaces what XML 1.0 cannot carry at all, escaped or not, with U+FFFD and keeps the rest", function () {
    expect(escapeXmlText("a\u0000b\u0001c\u001fd\ufffee\uffff")).to.equal("a\ufffdb\ufffdc\ufffdd\ufffde\ufffd");
    expect(escapeXmlText("lone \ud800 high, lone \udc00 low")).to.equal("lone \ufffd high, lone \ufffd low");
    expect(escapeXmlText("甘肃 😀")).to.equal("甘肃 😀");
  });

  it("writes elements with escaped attributes and text, leaving undefined attributes out", function () {
    expect(element("value", { currency: "CNY", "value-date": "2026-04-01", skipped: undefined }, { text: "1.00" })).to.equal('<value currency="CNY" value-date="2026-04-01">1.00</value>');
    expect(element("activity-status", { code: "2" })).to.equal('<activity-status code="2"/>');
    expect(element("title", {}, { xml: [element("narrative", {}, { text: "<b>" })] })).to.equal("<title><narrative>&lt;b&gt;</narrative></title>");
    expect(() => openTag("bad name")).to.throw(/not an XML element name/);
    expect(() => element("x", { 'a="1" b': "2" })).to.throw(/not an XML attribute name/);
  });

  it("gives a well-formed document for any text, as an XML parser reads it", function () {
    if (!existsSync(XMLLINT)) this.skip();
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (text, attribute) => {
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${element("doc", { a: attribute }, { text })}`;
        const result = spawnSync(XMLLINT, ["--noout", "-"], { input: xml, encoding: "utf8" });
        expect(result.status, `${JSON.stringify(text)} ${JSON.stringify(attribute)}: ${result.stderr}`).to.equal(0);
      }),
      { numRuns: 60 },
    );
  });
});
