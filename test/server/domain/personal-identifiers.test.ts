import { expect } from "chai";
import { findPersonalIdentifier } from "../../../server/domain/personal-identifiers.ts";

describe("personal identifiers in public fields", function () {
  it("finds PRC resident ID numbers, old and new, in any text", function () {
    expect(findPersonalIdentifier("110105194912310021")).to.equal("resident-id");
    expect(findPersonalIdentifier("Aid for 44030119850315123X family")).to.equal("resident-id");
    expect(findPersonalIdentifier("id 110105491231002")).to.equal("resident-id");
    // Full-width digits are the same number.
    expect(findPersonalIdentifier("１１０１０５１９４９１２３１００２１")).to.equal("resident-id");
  });

  it("finds PRC mobile numbers with or without +86 and separators", function () {
    for (const text of ["13812345678", "call +86 138 1234 5678", "138-1234-5678", "8615912345678"]) {
      expect(findPersonalIdentifier(text), text).to.equal("mobile-number");
    }
  });

  it("leaves organisation registration numbers, amounts and ordinary titles alone", function () {
    for (const text of ["53100000500021676K", "School lunches in Gansu", "Flood relief 2026: 300 kits", "91110000MA01ABCD2X", "1234567890"]) {
      expect(findPersonalIdentifier(text), text).to.equal(undefined);
    }
  });
});
