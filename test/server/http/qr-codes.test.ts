import { expect } from "chai";
import QRCode from "qrcode";
import { createQrCodes } from "../../../server/http/qr-codes.ts";

describe("http/qr-codes", function () {
  it("draws an address's code as the qrcode library does, and keeps the most recent ones", async function () {
    const codes = createQrCodes({ entries: 2 });
    const a = "https://give.example.org/track/DN-7K3Q-9XPA-M2RT-5WCB";
    const expected = await QRCode.toString(a, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
    expect(await codes.svgFor(a)).to.equal(expected);
    const first = codes.svgFor(a);
    expect(codes.svgFor(a)).to.equal(first);
    codes.svgFor("https://give.example.org/b");
    codes.svgFor("https://give.example.org/c");
    // a was the least recently used of three with room for two: drawn afresh, to the same result.
    const again = codes.svgFor(a);
    expect(again).to.not.equal(first);
    expect(await again).to.equal(expected);
  });
});
