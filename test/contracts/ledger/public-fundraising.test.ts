import { expect } from "chai";
import { registrarOnlyContext, shouldBehaveLikeRegistrarOnly } from "./access.behavior.ts";
import { C, Channel, DONOR, loadFixture, ORG, OTHER_ORG, UNKNOWN, withCampaigns, withOrganisations } from "./fixtures.ts";

describe("Ledger: public-fundraising status", function () {
  describe("setPublicFundraising", function () {
    shouldBehaveLikeRegistrarOnly(async () => {
      const f = await loadFixture(withOrganisations);
      return registrarOnlyContext(f, (from) => f.by(from).setPublicFundraising(ORG, true));
    });

    it("emits PublicFundraisingStatusChanged for each change, on and off again, for that organisation only", async function () {
      const { ledger, by, registrar } = await loadFixture(withOrganisations);
      const asRegistrar = by(registrar);
      await expect(asRegistrar.setPublicFundraising(ORG, true)).to.emit(ledger, "PublicFundraisingStatusChanged").withArgs(ORG, true);
      await expect(asRegistrar.setPublicFundraising(OTHER_ORG, true)).to.emit(ledger, "PublicFundraisingStatusChanged").withArgs(OTHER_ORG, true);
      await expect(asRegistrar.setPublicFundraising(ORG, false)).to.emit(ledger, "PublicFundraisingStatusChanged").withArgs(ORG, false);
      // OTHER_ORG kept its status: setting it again is no change.
      await expect(asRegistrar.setPublicFundraising(OTHER_ORG, true))
        .to.be.revertedWithCustomError(ledger, "LedgerPublicFundraisingUnchanged")
        .withArgs(OTHER_ORG, true);
    });

    // Every event is a real change, so the mirror's newest one says since when the status holds.
    it("refuses a change that changes nothing, naming the status already held", async function () {
      const { ledger, by, registrar } = await loadFixture(withOrganisations);
      await expect(by(registrar).setPublicFundraising(ORG, false))
        .to.be.revertedWithCustomError(ledger, "LedgerPublicFundraisingUnchanged")
        .withArgs(ORG, false);
      await by(registrar).setPublicFundraising(ORG, true);
      await expect(by(registrar).setPublicFundraising(ORG, true))
        .to.be.revertedWithCustomError(ledger, "LedgerPublicFundraisingUnchanged")
        .withArgs(ORG, true);
    });

    it("rejects an unknown organisation", async function () {
      const { ledger, by, registrar } = await loadFixture(withOrganisations);
      for (const orgId of [0n, 3n, UNKNOWN]) {
        await expect(by(registrar).setPublicFundraising(orgId, true))
          .to.be.revertedWithCustomError(ledger, "LedgerUnknownOrganisation")
          .withArgs(orgId);
      }
    });

    // The qualification is the civil-affairs authority's; a suspension on the ledger does not change it.
    it("records the status of a suspended organisation, whose operators still cannot write", async function () {
      const { ledger, by, registrar, operator } = await loadFixture(withCampaigns);
      await by(registrar).suspendOrganisation(ORG);
      await expect(by(registrar).setPublicFundraising(ORG, true)).to.emit(ledger, "PublicFundraisingStatusChanged").withArgs(ORG, true);
      await expect(by(operator).recordDonation(C.CNY, 1n, Channel.Bank, DONOR))
        .to.be.revertedWithCustomError(ledger, "LedgerOrganisationSuspended")
        .withArgs(ORG);
    });

    it("is not for operators, even of the organisation itself", async function () {
      const { ledger, by, operator } = await loadFixture(withOrganisations);
      const registrarRole = await ledger.REGISTRAR_ROLE();
      await expect(by(operator).setPublicFundraising(ORG, true))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(operator.address, registrarRole);
    });
  });
});
