import { expect } from "chai";
import { generateTrackingCode, parseTrackingCode } from "../../../server/domain/tracking-code.ts";

describe("tracking codes", function () {
  it("look like DN-XXXX-XXXX-XXXX-XXXX in Crockford base 32, without look-alike letters", function () {
    for (let i = 0; i < 200; i++) {
      const code = generateTrackingCode();
      expect(code).to.match(/^DN-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(code.slice(3)).to.not.match(/[ILOU]/);
    }
  });

  it("are unguessable: 75 random bits, no repeats in 20,000", function () {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(generateTrackingCode());
    expect(seen.size).to.equal(20_000);
  });

  it("are accepted in any case, with spaces, without dashes, and with O/I/L typed for 0/1", function () {
    const code = generateTrackingCode();
    const variants = [
      code.toLowerCase(),
      code.replace(/-/g, " "),
      code.replace(/-/g, ""),
      code.slice(3),
      code.replace(/0/g, "O").replace(/1/g, "l"),
    ];
    for (const v of variants) expect(parseTrackingCode(v)).to.deep.equal({ ok: true, code });
  });

  it("recognise every single mistyped symbol by the check symbol", function () {
    const code = generateTrackingCode();
    const symbols = code.slice(3).replace(/-/g, "");
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (let i = 0; i < symbols.length; i++) {
      for (const s of alphabet) {
        if (s === symbols[i]) continue;
        const typo = symbols.slice(0, i) + s + symbols.slice(i + 1);
        expect(parseTrackingCode(typo)).to.deep.equal({ ok: false, reason: "checksum" });
      }
    }
  });

  it("keep symbols that happen to start with DN when typed without the prefix", function () {
    // Random bytes 13 and 21 are the symbols D and N.
    const fixed = generateTrackingCode((n) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 13 : i === 1 ? 21 : 7)));
    expect(fixed.startsWith("DN-DN")).to.equal(true);
    expect(parseTrackingCode(fixed.slice(3))).to.deep.equal({ ok: true, code: fixed });
    expect(parseTrackingCode(fixed.slice(3).toLowerCase())).to.deep.equal({ ok: true, code: fixed });
  });

  it("name what is wrong with input that is not a code", function () {
    expect(parseTrackingCode("  ")).to.deep.equal({ ok: false, reason: "empty" });
    expect(parseTrackingCode("DN-1234")).to.deep.equal({ ok: false, reason: "length" });
    expect(parseTrackingCode("DN-12#4-5678")).to.deep.equal({ ok: false, reason: "characters" });
  });

  it("take their randomness from the source given, never from an id", function () {
    const zeros = generateTrackingCode((n) => new Uint8Array(n));
    expect(zeros).to.equal("DN-0000-0000-0000-0000");
  });
});
