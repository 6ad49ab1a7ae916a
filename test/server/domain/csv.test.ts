import { parse } from "csv-parse/sync";
import { expect } from "chai";
import fc from "fast-check";
import { chunked, CSV_BOM, csvField, csvLine, spreadsheetText } from "../../../server/domain/csv.ts";

describe("CSV writing (RFC 4180)", function () {
  it("quotes a field only when it holds a comma, a quote, CR or LF, doubling its quotes", function () {
    expect(csvField("plain")).to.equal("plain");
    expect(csvField("甘肃学校午餐")).to.equal("甘肃学校午餐");
    expect(csvField("a,b")).to.equal('"a,b"');
    expect(csvField('say "hi"')).to.equal('"say ""hi"""');
    expect(csvField("two\nlines")).to.equal('"two\nlines"');
    expect(csvField("cr\r")).to.equal('"cr\r"');
    expect(csvField("")).to.equal("");
    expect(csvField(null)).to.equal("");
    expect(csvField(undefined)).to.equal("");
  });

  it("ends each record with CRLF", function () {
    expect(csvLine(["1", null, "x,y"])).to.equal('1,,"x,y"\r\n');
  });

  it("reads back, through an independent parser, exactly the fields it wrote, whatever they hold", function () {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (records) => {
        // Give every record the same width, as a CSV file has, and keep a first field that is not empty (an empty line is no record).
        const width = Math.max(...records.map((r) => r.length));
        const rows = records.map((r) => ["#", ...r, ...Array(width - r.length).fill("")]);
        const text = CSV_BOM + rows.map(csvLine).join("");
        expect(parse(text, { bom: true, relax_quotes: false })).to.deep.equal(rows);
      }),
      { numRuns: 300 },
    );
  });

  it("makes text that would start a spreadsheet formula inert, and leaves any other alone", function () {
    for (const risky of ["=SUM(A1)", "+1", "-1+2", "@cmd", "\t=1", "\r=1"]) expect(spreadsheetText(risky)).to.equal(`'${risky}`);
    for (const safe of ["School lunches", "甘肃", "1-2", "a=b", ""]) expect(spreadsheetText(safe)).to.equal(safe);
    expect(spreadsheetText(null)).to.equal(null);
  });
});

describe("chunked", function () {
  it("joins parts into chunks of at least the size asked, and sends the rest at the end", async function () {
    const parts = async function* () {
      for (let i = 0; i < 10; i++) yield "abc";
    };
    const chunks: string[] = [];
    for await (const chunk of chunked(parts(), 7)) chunks.push(chunk);
    expect(chunks).to.deep.equal(["abcabcabc", "abcabcabc", "abcabcabc", "abc"]);
  });

  it("takes from its source only what its reader asks for: a slow or departed reader leaves the rest unread", async function () {
    let produced = 0;
    const endless = async function* () {
      for (;;) {
        produced++;
        yield "x".repeat(100);
      }
    };
    const reader = chunked(endless(), 1000)[Symbol.asyncIterator]();
    await reader.next();
    expect(produced).to.equal(10);
    await reader.next();
    expect(produced).to.equal(20);
    await reader.return(undefined);
    expect(produced).to.equal(20);
  });
});
