import { expect } from "chai";
import type { JsonRpcProvider } from "ethers";
import { ledgerAdmin } from "../../../server/chain/ledger-admin.ts";
import { fetchRange, RangeInconsistentError } from "../../../server/indexer/fetch-range.ts";
import { rejection } from "../../support/http.ts";
import { getTestSystem, type TestSystem } from "../../support/system.ts";

describe("reading a range of the chain while it reorganises", function () {
  let t: TestSystem;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
  });

  async function settled(): Promise<bigint> {
    while ((await t.system.db.outboxEntry.count({ where: { status: { in: ["pending", "submitted"] } } })) > 0) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const head = BigInt(await t.system.provider.send("eth_blockNumber", []));
    await t.system.indexer.waitForBlock(head);
    return head;
  }

  const registerOrganisation = (name: string) =>
    ledgerAdmin(t.system.ledgerAddress, t.system.registrar!).registerOrganisation({ kind: 3, registrationNumber: "91330100MA2KFORK0X", name });

  it("never takes a branch without ledger logs for the branch that replaced it with some", async function () {
    this.timeout(60_000);
    const provider = t.system.provider;
    const base = await settled();
    const snapshot = await provider.send("evm_snapshot", []);
    for (let i = 0; i < 3; i++) await provider.send("evm_mine", []); // branch A: no ledger logs

    // The real node, with one twist: right after it answers eth_getLogs (branch A: nothing), the
    // chain reorganises to branch B, which has a ledger log in the same blocks.
    let reorganised = false;
    const racing = new Proxy(provider, {
      get(target, property, receiver) {
        if (property !== "send") return Reflect.get(target, property, receiver);
        return async (method: string, params: unknown[]) => {
          const answer = await target.send(method, params);
          if (method === "eth_getLogs" && !reorganised) {
            reorganised = true;
            await target.send("evm_revert", [snapshot]);
            await registerOrganisation("Branch B Supplies");
            while (BigInt(await target.send("eth_blockNumber", [])) < base + 3n) await target.send("evm_mine", []);
          }
          return answer;
        };
      },
    }) as JsonRpcProvider;

    const error = await rejection(fetchRange(racing, t.system.ledgerAddress, base + 1n, base + 3n));
    expect(error).to.be.instanceOf(RangeInconsistentError);
    const again = await fetchRange(provider, t.system.ledgerAddress, base + 1n, base + 3n);
    expect(again.logs.length).to.be.greaterThan(0);
    await settled();
    expect(await t.system.db.organisation.count({ where: { name: "Branch B Supplies" } })).to.equal(1);
  });

  it("follows a reorganisation that happened while the indexer was stopped", async function () {
    this.timeout(60_000);
    const provider = t.system.provider;
    await settled();
    const snapshot = await provider.send("evm_snapshot", []);
    await registerOrganisation("Branch A Traders");
    await settled();
    expect(await t.system.db.organisation.count({ where: { name: "Branch A Traders" } })).to.equal(1);

    await t.system.indexer.stop();
    try {
      await provider.send("evm_revert", [snapshot]);
      await registerOrganisation("Branch B Traders");
      for (let i = 0; i < 2; i++) await provider.send("evm_mine", []);
    } finally {
      t.system.indexer.start();
    }
    await settled();
    expect(await t.system.db.organisation.count({ where: { name: "Branch A Traders" } })).to.equal(0);
    expect(await t.system.db.organisation.count({ where: { name: "Branch B Traders" } })).to.equal(1);
  });
});
