import { expect } from "chai";
import jwt from "jsonwebtoken";
import { signToken, verifyToken, type TokenSettings } from "../../../server/services/tokens.ts";

describe("bearer tokens", function () {
  const settings = (ttlSeconds = 60): TokenSettings => ({ secret: "s".repeat(32), issuer: "ledger", audience: "ledger-api", ttlSeconds });
  const charity = { clientId: "sunrise", role: "charity" as const, organisationId: 7n };

  it("verifies a token it signed, the same way the second time as the first", function () {
    const s = settings();
    const token = signToken(s, charity);
    expect(verifyToken(s, token)).to.deep.equal(charity);
    expect(verifyToken(s, token)).to.deep.equal(charity);
  });

  it("refuses a token once it has expired, even when it was verified before", async function () {
    this.timeout(5_000);
    const s = settings(1);
    const token = signToken(s, charity);
    expect(verifyToken(s, token)).to.deep.equal(charity);
    const { exp } = jwt.decode(token) as { exp: number };
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 20));
    expect(() => verifyToken(s, token)).to.throw(/expired/);
  });

  it("refuses a token signed with another secret, a changed one, and one for another audience", function () {
    const s = settings();
    const other = signToken({ ...settings(), secret: "t".repeat(32) }, charity);
    expect(() => verifyToken(s, other)).to.throw(/not valid/);
    const token = signToken(s, charity);
    const [head, , sig] = token.split(".");
    const forged = [head, Buffer.from(JSON.stringify({ ...(jwt.decode(token) as object), role: "regulator" })).toString("base64url"), sig].join(".");
    expect(() => verifyToken(s, forged)).to.throw(/not valid/);
    expect(() => verifyToken(s, signToken({ ...s, audience: "elsewhere" }, charity))).to.throw(/not valid/);
  });
});
