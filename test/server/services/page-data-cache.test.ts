import { expect } from "chai";
import { createPageDataCache } from "../../../server/services/page-data-cache.ts";

describe("services/page-data-cache: page data kept per mirror block", function () {
  it("answers only for the block an entry was read at, and not past its age", function () {
    const cache = createPageDataCache<string>({ entries: 10, maxAgeMs: 1000 });
    cache.set("campaign:1", "7:0xaa", "page", 0);
    expect(cache.get("campaign:1", "7:0xaa", 500)).to.equal("page");
    expect(cache.get("campaign:1", "8:0xbb", 500)).to.equal(undefined);
    // The same number on another chain branch is another block.
    expect(cache.get("campaign:1", "7:0xcc", 500)).to.equal(undefined);
    expect(cache.get("campaign:1", "7:0xaa", 1001)).to.equal(undefined);
    expect(cache.stats()).to.deep.equal({ hits: 1, misses: 3, entries: 1 });
  });

  it("lets the least recently used entry go first", function () {
    const cache = createPageDataCache<number>({ entries: 2, maxAgeMs: 1000 });
    cache.set("a", "1", 1, 0);
    cache.set("b", "1", 2, 0);
    cache.get("a", "1", 0);
    cache.set("c", "1", 3, 0);
    expect([cache.get("a", "1", 0), cache.get("b", "1", 0), cache.get("c", "1", 0)]).to.deep.equal([1, undefined, 3]);
  });

  it("shares one load among the requests that ask while it runs, and keeps nothing of a failed one", async function () {
    const cache = createPageDataCache<string>({ entries: 10, maxAgeMs: 1000 });
    let loads = 0;
    const load = () => new Promise<string>((resolve) => setTimeout(() => resolve(`page ${++loads}`), 10));
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.getOrLoad("campaign:1", "7:0xaa", 0, load)));
    expect(new Set(answers)).to.deep.equal(new Set(["page 1"]));
    expect(await cache.getOrLoad("campaign:1", "7:0xaa", 0, load)).to.equal("page 1");
    const failing = () => Promise.reject(new Error("database gone"));
    let error: unknown;
    await cache.getOrLoad("campaign:2", "7:0xaa", 0, failing).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal("database gone");
    expect(await cache.getOrLoad("campaign:2", "7:0xaa", 0, load)).to.equal("page 2");
  });
});
