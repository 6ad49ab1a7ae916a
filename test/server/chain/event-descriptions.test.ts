import { expect } from "chai";
import { loadLedgerArtifact } from "../../../server/chain/ledger-artifact.ts";
import { LEDGER_EVENTS } from "../../../server/domain/ledger-events.ts";

describe("the mirror's description of the ledger's events", function () {
  it("describes every event of the contract, each argument exactly once, and nothing the contract lacks", function () {
    const abi = loadLedgerArtifact().abi;
    const fromContract: Record<string, string[]> = {};
    abi.forEachEvent((fragment) => {
      fromContract[fragment.name] = fragment.inputs.map((input) => input.name).sort();
    });
    const described = Object.fromEntries(
      Object.entries(LEDGER_EVENTS).map(([name, fields]) => [name, Object.values(fields).map(([arg]) => arg).sort()]),
    );
    expect(described).to.deep.equal(fromContract);
  });
});
