import { expect } from "chai";
import { call } from "../support/http.ts";
import { getTestSystem } from "../support/system.ts";

const ATTEMPTS = 10;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe("POST /api/v1/auth/token", function () {
  it("takes as long for an unknown client id as for a known one with a wrong secret", async function () {
    this.timeout(120_000);
    const t = await getTestSystem();
    const attempt = async (clientId: string): Promise<number> => {
      const started = performance.now();
      const answer = await call(t.baseUrl, "POST", "/api/v1/auth/token", { body: { client_id: clientId, client_secret: "not-the-secret" } });
      const elapsed = performance.now() - started;
      expect(answer.status).to.equal(401);
      expect(answer.body.detail).to.equal("Unknown client or wrong secret.");
      return elapsed;
    };

    await attempt("warm-up-unknown");
    await attempt(t.demo.foundation.clientId);
    const unknown: number[] = [];
    const known: number[] = [];
    // Interleaved, so a slow moment of the machine hits both sides alike.
    for (let i = 0; i < ATTEMPTS; i++) {
      unknown.push(await attempt(`no-such-client-${i}`));
      known.push(await attempt(t.demo.foundation.clientId));
    }
    // Today's answer costs one scrypt either way (tens of milliseconds); without the stand-in
    // hash an unknown id answers in well under one.
    const [u, k] = [median(unknown), median(known)];
    expect(u, `unknown median ${u.toFixed(1)} ms, known ${k.toFixed(1)} ms`).to.be.at.least(0.5 * k);
  });
});
