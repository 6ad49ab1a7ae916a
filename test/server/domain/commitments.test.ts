import { expect } from "chai";
import { concat, keccak256, toUtf8Bytes } from "ethers";
import { DONOR_COMMITMENT_TAG, donorCommitment, maskCommitment, recipientCommitment, requestFingerprint } from "../../../server/domain/commitments.ts";
import { generateTrackingCode, trackingCodeBits } from "../../../server/domain/tracking-code.ts";

describe("commitments that stand in for people on the ledger", function () {
  it("derives the donor commitment from the code's 80 bits exactly as the README documents", function () {
    // "DN-0000-0000-0000-001V": symbols 0 … 0, 1, V (27): the last two 5-bit groups are 00001 11011.
    const bits = trackingCodeBits("DN-0000-0000-0000-001V");
    expect(Buffer.from(bits).toString("hex")).to.equal("0000000000000000003b");
    expect(donorCommitment("DN-0000-0000-0000-001V")).to.equal(keccak256(concat([toUtf8Bytes(DONOR_COMMITMENT_TAG), bits])));
  });

  it("gives every code its own commitment, and the same code always the same one", function () {
    const codes = Array.from({ length: 200 }, () => generateTrackingCode());
    expect(new Set(codes.map(donorCommitment)).size).to.equal(200);
    expect(donorCommitment(codes[0]!)).to.equal(donorCommitment(codes[0]!));
  });

  it("keys recipient commitments per organisation and treats spacing and case as one recipient", function () {
    const keyA = Buffer.alloc(32, 1);
    const keyB = Buffer.alloc(32, 2);
    expect(recipientCommitment(keyA, " supplier  0042 ")).to.equal(recipientCommitment(keyA, "SUPPLIER 0042"));
    expect(recipientCommitment(keyA, "SUPPLIER 0042")).to.not.equal(recipientCommitment(keyB, "SUPPLIER 0042"));
    expect(recipientCommitment(keyA, "13812345678")).to.not.equal(keccak256(toUtf8Bytes("13812345678")));
  });

  it("leaves personal fields out of a request's fingerprint and keys it", function () {
    const key = Buffer.alloc(32, 7);
    const request = { campaignId: 1n, amount: 500n, channel: "bank" };
    const a = requestFingerprint(key, "donation", { ...request, donorReference: "13812345678" }, ["donorReference"]);
    const b = requestFingerprint(key, "donation", { ...request, donorReference: "13900000000" }, ["donorReference"]);
    expect(a).to.equal(b);
    expect(requestFingerprint(Buffer.alloc(32, 8), "donation", request, [])).to.not.equal(requestFingerprint(key, "donation", request, []));
    expect(requestFingerprint(key, "donation", { ...request, amount: 501n }, [])).to.not.equal(requestFingerprint(key, "donation", request, []));
  });

  it("masks a commitment to its first 6 and last 4 hex digits for lists", function () {
    expect(maskCommitment("0x1A2B3C" + "0".repeat(54) + "9F8E")).to.equal("0x1a2b3c…9f8e");
    expect(maskCommitment(donorCommitment("DN-0000-0000-0000-001V"))).to.match(/^0x[0-9a-f]{6}…[0-9a-f]{4}$/);
    expect(maskCommitment("0x1234")).to.equal("0x1234");
  });
});
