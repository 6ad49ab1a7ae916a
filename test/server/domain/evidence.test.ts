import { expect } from "chai";
import { checkEvidenceContent, EVIDENCE_MEDIA_TYPES, sniffMediaType, type EvidenceCheck } from "../../../server/domain/evidence.ts";
import { JPEG_START, pdfFile, pngFile, WEBP_START } from "../../support/evidence-files.ts";

const text = (value: string) => Buffer.from(value, "utf8");
const refusal = (check: EvidenceCheck) => ("refused" in check ? check.refused : undefined);

describe("evidence files: the media type and the file's first bytes agree", function () {
  const samples: [string, Buffer][] = [
    ["application/pdf", pdfFile()],
    ["image/png", pngFile()],
    ["image/jpeg", JPEG_START],
    ["image/webp", WEBP_START],
    ["text/plain", text("Receipt 7\r\n\t300 school lunches, 4,000.00 CNY\n收据：午餐\f")],
  ];

  it("takes each kind it keeps, sent as what it is", function () {
    expect(samples.map(([type]) => type).sort()).to.deep.equal([...EVIDENCE_MEDIA_TYPES].sort());
    for (const [type, bytes] of samples) expect(checkEvidenceContent(type, bytes), type).to.deep.equal({ mediaType: type });
  });

  it("reads the media type of a Content-Type in any case, with parameters, and plain text in UTF-8 or ASCII only", function () {
    expect(checkEvidenceContent("Application/PDF; name=invoice.pdf", pdfFile())).to.deep.equal({ mediaType: "application/pdf" });
    for (const type of ["text/plain; charset=UTF-8", 'text/plain;charset="utf-8"', "text/plain; charset=us-ascii", "TEXT/PLAIN"]) {
      expect(checkEvidenceContent(type, text("ok")), type).to.deep.equal({ mediaType: "text/plain" });
    }
    expect(refusal(checkEvidenceContent("text/plain; charset=iso-8859-1", text("ok")))).to.deep.equal({
      field: "Content-Type",
      reason: "must be text/plain in UTF-8 (charset=utf-8) or without a charset",
    });
  });

  it("refuses a missing Content-Type and a media type it does not keep, naming the header", function () {
    for (const type of [undefined, "", "  "]) expect(refusal(checkEvidenceContent(type, pdfFile()))?.reason, String(type)).to.match(/^is required/);
    for (const type of ["application/octet-stream", "application/json", "image/gif", "image/svg+xml", "text/html", "pdf"]) {
      expect(refusal(checkEvidenceContent(type, pdfFile())), type).to.deep.equal({ field: "Content-Type", reason: `must be one of ${EVIDENCE_MEDIA_TYPES.join(", ")}` });
    }
  });

  it("refuses bytes of another kind than the Content-Type says, naming the kind they are", function () {
    expect(refusal(checkEvidenceContent("application/pdf", pngFile()))).to.deep.equal({ field: "(body)", reason: "is image/png, not application/pdf as the Content-Type says" });
    expect(refusal(checkEvidenceContent("image/png", JPEG_START))?.reason).to.equal("is image/jpeg, not image/png as the Content-Type says");
    expect(refusal(checkEvidenceContent("image/jpeg", pdfFile()))?.reason).to.equal("is application/pdf, not image/jpeg as the Content-Type says");
    expect(refusal(checkEvidenceContent("text/plain", pdfFile()))?.reason).to.equal("begins like application/pdf, not plain text: send it as application/pdf");
  });

  it("refuses bytes that begin as no kind it keeps, saying what was missing", function () {
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00", "latin1");
    expect(refusal(checkEvidenceContent("application/pdf", gif))).to.deep.equal({ field: "(body)", reason: "is not application/pdf: it does not begin with %PDF-" });
    expect(refusal(checkEvidenceContent("image/png", gif))?.reason).to.equal("is not image/png: it does not begin with the PNG signature");
    expect(refusal(checkEvidenceContent("image/jpeg", Buffer.from([0xff, 0xd8])))?.reason).to.equal("is not image/jpeg: it does not begin with a JPEG start-of-image marker");
    const wave = Buffer.concat([WEBP_START.subarray(0, 8), Buffer.from("WAVEfmt ")]);
    expect(refusal(checkEvidenceContent("image/webp", wave))?.reason).to.equal("is not image/webp: it does not begin with WEBP at byte 8");
    expect(refusal(checkEvidenceContent("image/webp", Buffer.from("RIFF")))?.reason).to.equal("is not image/webp: it does not begin with WEBP at byte 8");
    // A PNG whose signature is cut short (a text transfer turned its CR LF into LF) is not a PNG.
    const mangled = Buffer.concat([pngFile().subarray(0, 4), Buffer.from([0x0a, 0x1a, 0x0a]), pngFile().subarray(8)]);
    expect(refusal(checkEvidenceContent("image/png", mangled))?.reason).to.match(/does not begin with the PNG signature/);
  });

  it("takes as plain text only well-formed UTF-8 without control characters other than tabs and line or page breaks", function () {
    expect(refusal(checkEvidenceContent("text/plain", Buffer.from([0x61, 0xc3, 0x28])))?.reason).to.equal("is not plain text: it is not valid UTF-8");
    expect(refusal(checkEvidenceContent("text/plain", pngFile()))?.reason).to.equal("begins like image/png, not plain text: send it as image/png");
    for (const control of ["\u0000", "\u0007", "\u001b[31m", "\u007f"]) {
      expect(refusal(checkEvidenceContent("text/plain", text(`total${control}`)))?.reason, JSON.stringify(control)).to.equal("is not plain text: it holds control characters");
    }
    expect(checkEvidenceContent("text/plain", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text("with a byte order mark")]))).to.deep.equal({ mediaType: "text/plain" });
  });

  it("finds no kind in bytes too short to hold a signature", function () {
    expect(sniffMediaType(Buffer.alloc(0))).to.equal(undefined);
    expect(sniffMediaType(Buffer.from("%PDF"))).to.equal(undefined);
    expect(sniffMediaType(Buffer.from("%PDF-"))).to.equal("application/pdf");
  });
});
