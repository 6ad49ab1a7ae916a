import { expect } from "chai";
import type { DonationTrace } from "../../../server/domain/trace.ts";
import { createTraceCache } from "../../../server/services/trace-cache.ts";

const trace = (amount: string) => ({ amount }) as DonationTrace;

describe("the trace cache", () => {
  it("answers only for the block (number and hash) an entry was read at", () => {
    const cache = createTraceCache({ entries: 10 });
    cache.set("DN-A", "7:0xaa", trace("100"));
    expect(cache.get("DN-A", "7:0xaa")?.amount).to.equal("100");
    expect(cache.get("DN-A", "8:0xbb"), "the mirror moved on").to.equal(undefined);
    expect(cache.get("DN-A", "7:0xcc"), "a reorganisation replaced block 7").to.equal(undefined);
    expect(cache.stats()).to.deep.include({ hits: 1, misses: 2 });
  });

  it("lets the least recently used entry go when full", () => {
    const cache = createTraceCache({ entries: 2 });
    cache.set("DN-A", "1:0x", trace("1"));
    cache.set("DN-B", "1:0x", trace("2"));
    cache.get("DN-A", "1:0x"); // A is now the most recently used
    cache.set("DN-C", "1:0x", trace("3"));
    expect(cache.get("DN-B", "1:0x")).to.equal(undefined);
    expect(cache.get("DN-A", "1:0x")?.amount).to.equal("1");
    expect(cache.get("DN-C", "1:0x")?.amount).to.equal("3");
    expect(cache.stats().entries).to.equal(2);
  });
});
