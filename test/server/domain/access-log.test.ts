import { createHash } from "node:crypto";
import { expect } from "chai";
import { accessEntryHash, ACCESS_LOG_GENESIS, checkAccessEntries, type ChainedAccessEntry } from "../../../server/domain/access-log.ts";

function chain(n: number): ChainedAccessEntry[] {
  const entries: ChainedAccessEntry[] = [];
  let prevHash = ACCESS_LOG_GENESIS;
  for (let i = 1; i <= n; i++) {
    const entry = { seq: BigInt(i), at: new Date(Date.UTC(2026, 10, 24, 9, 0, i)), clientId: "reg-1", role: "regulator", organisationId: 7n, resource: `evidence:0x${"ab".repeat(32)}`, purpose: `check ${i}` };
    const hash = accessEntryHash(prevHash, entry);
    entries.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe("domain/access-log: the hash chain of regulators' restricted reads", function () {
  it("hashes the previous hash, a newline and the fields as a JSON array, as the README says", function () {
    const [first] = chain(1);
    const text = `${"0".repeat(64)}\n["1","2026-11-24T09:00:01.000Z","reg-1","regulator","7","evidence:0x${"ab".repeat(32)}","check 1"]`;
    expect(first!.hash).to.equal(createHash("sha256").update(text).digest("hex"));
  });

  it("finds nothing wrong with a whole chain, checked in one go or page by page", function () {
    const entries = chain(5);
    expect(checkAccessEntries(entries).problems).to.deep.equal([]);
    const a = checkAccessEntries(entries.slice(0, 2));
    const b = checkAccessEntries(entries.slice(2), a.state);
    expect(b.problems).to.deep.equal([]);
    expect(b.state).to.deep.equal({ seq: 5n, hash: entries[4]!.hash });
  });

  it("finds an edited entry, a removed one, and an edit hidden by rehashing the entry", function () {
    const edited = chain(4);
    edited[1] = { ...edited[1]!, purpose: "nothing to see" };
    expect(checkAccessEntries(edited).problems).to.deep.equal([{ seq: "2", problem: "its fields do not give its hash (the entry was edited)" }]);

    const removed = chain(4);
    removed.splice(1, 1);
    expect(checkAccessEntries(removed).problems.map((p) => p.seq)).to.deep.equal(["3", "3"]);
    expect(checkAccessEntries(removed).problems[0]!.problem).to.equal("expected entry 2 here: entries 2–2 are missing");

    // Rehashing the edited entry makes it self-consistent, but the next one no longer links to it.
    const rehashed = chain(4);
    const changed = { ...rehashed[1]!, purpose: "nothing to see" };
    rehashed[1] = { ...changed, hash: accessEntryHash(changed.prevHash, changed) };
    expect(checkAccessEntries(rehashed).problems).to.deep.equal([{ seq: "3", problem: "its link does not name the hash of the entry before it (an entry was removed, or one before it changed)" }]);
  });
});
