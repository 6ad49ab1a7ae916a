import { expect } from "chai";
import { rotateOrgKey } from "../../server/services/rotate-org-key.ts";
import { call, newKey, tokenFor } from "../support/http.ts";
import { getTestSystem } from "../support/system.ts";

describe("rotating an organisation's key", function () {
  it("signs new records with the new key and keeps every old record attributed to the organisation", async function () {
    this.timeout(120_000);
    const t = await getTestSystem();
    const orgId = t.demo.partner.orgId;
    const token = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    const give = async () => {
      const answer = await call(t.baseUrl, "POST", "/api/v1/donations", {
        token,
        headers: { "idempotency-key": newKey("rotate") },
        body: { campaignId: t.demo.partner.campaignId.toString(), amount: "300", channel: "cash" },
      });
      expect(answer.status).to.equal(202);
      return t.system.db.donation.findUniqueOrThrow({ where: { recordId: await t.waitForWrite(answer.body.id) } });
    };
    const before = await give();

    const rotated = await rotateOrgKey({
      outbox: t.system.outbox,
      ledgerAddress: t.system.ledgerAddress,
      registrar: t.system.registrar!,
      orgSigners: t.system.orgSigners,
      fundingWei: 10n ** 18n,
      funder: t.demo.partner.ownKey,
      orgId,
    });
    expect(rotated.oldAddress).to.equal(before.authorisedBy);
    const after = await give();
    expect(after.authorisedBy).to.equal(rotated.newAddress);

    // The mirror keeps the old key, removed but still the organisation's, so history stays attributed.
    const head = BigInt(await t.system.provider.send("eth_blockNumber", []));
    await t.system.indexer.waitForBlock(head);
    const keys = await t.system.db.operator.findMany({ where: { orgId } });
    const old = keys.find((k) => k.address === rotated.oldAddress)!;
    // (Compared as booleans: the chai matchers Hardhat loads refuse null beside a bigint.)
    expect(old.removedBlock !== null, "old key removed").to.equal(true);
    expect(keys.find((k) => k.address === rotated.newAddress)!.removedBlock === null, "new key active").to.equal(true);
    const stillThere = await t.system.db.donation.findUniqueOrThrow({ where: { recordId: before.recordId } });
    expect(stillThere.authorisedBy).to.equal(rotated.oldAddress);
  });
});
