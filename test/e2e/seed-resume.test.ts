import { expect } from "chai";
import { loadConfig } from "../../server/config.ts";
import { startLedgerSystem } from "../../server/main.ts";
import { onboardOrganisation } from "../../server/services/onboard-organisation.ts";
import { useTempDataDir } from "../support/system.ts";
import { call } from "../support/http.ts";

describe("seeding the demo after a crash cut it short", function () {
  const dataDirOf = useTempDataDir("ledger-seed");

  it("finishes what was begun (an organisation registered with its server key only, no campaign) and makes exactly one demo", async function () {
    this.timeout(180_000);
    const config = loadConfig({ DATA_DIR: dataDirOf(), PORT: "0", CHAIN_PORT: "0", LOG_LEVEL: "silent", POLL_INTERVAL_MS: "50", SEED_DEMO: "false" });
    const system = await startLedgerSystem(config);
    try {
      // What a kill -9 after the foundation's registration leaves: on the ledger, no own key, no campaign.
      const { orgId } = await onboardOrganisation({
        ledgerAddress: system.ledgerAddress,
        registrar: system.registrar!,
        orgSigners: system.orgSigners,
        fundingWei: 0n,
        organisation: { kind: 1, registrationNumber: "53100000500021676K", name: "Sunrise Children's Foundation" },
      });
      const demo = await system.seedDemo();
      const again = await system.seedDemo();

      const { rows: orgs } = await system.pool.query(`SELECT id::text FROM organisation WHERE registration_number = '53100000500021676K'`);
      expect(orgs).to.deep.equal([{ id: orgId.toString() }]);
      expect(demo.foundation.orgId).to.equal(orgId);
      const { rows: operators } = await system.pool.query(`SELECT address FROM operator WHERE org_id = $1 AND removed_block IS NULL`, [orgId]);
      expect(operators.map((o) => o.address)).to.include(((await demo.foundation.ownKey.getAddress()) as string).toLowerCase());
      const { rows: campaigns } = await system.pool.query(`SELECT count(*)::int AS n FROM campaign WHERE org_id = $1`, [orgId]);
      expect(campaigns[0].n).to.equal(1);
      expect(again.foundation.campaignId).to.equal(demo.foundation.campaignId);
      expect((await call(system.url, "GET", `/api/v1/track/${demo.trackingCode}`)).status).to.equal(200);
      const { rows: gifts } = await system.pool.query(`SELECT count(*)::int AS n FROM donation WHERE campaign_id = $1`, [demo.foundation.campaignId]);
      expect(gifts[0].n).to.equal(3);
    } finally {
      await system.stop();
    }
  });
});
