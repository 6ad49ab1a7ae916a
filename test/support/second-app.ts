import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { createCampaignFacts } from "../../server/db/campaign-facts.ts";
import { createDisbursementFacts } from "../../server/db/disbursement-facts.ts";
import { createEvidenceStore } from "../../server/db/evidence.ts";
import { createOutboxStore } from "../../server/db/outbox.ts";
import { createApp } from "../../server/http/app.ts";
import type { AppDeps } from "../../server/http/deps.ts";
import { createQrCodes } from "../../server/http/qr-codes.ts";
import { UNLIMITED, type TestSystem } from "./system.ts";

export interface SecondApp {
  base: string;
  close(): Promise<void>;
}

/**
 * A second HTTP app over the test system's database and chain, built with settings of its own
 * (rate limits, no PDF printer, …), listening on a free port. Nothing wakes the submitter: writes
 * accepted here are sent when the system's own app wakes it next.
 */
export async function startSecondApp(t: TestSystem, overrides: Partial<AppDeps> = {}): Promise<SecondApp> {
  const app = createApp({
    ...t.system.stores,
    outbox: createOutboxStore(t.system.pool),
    evidence: createEvidenceStore(t.system.pool),
    campaigns: createCampaignFacts(t.system.pool),
    orgSigners: t.system.orgSigners,
    disbursements: createDisbursementFacts(t.system.pool),
    tokens: t.system.tokens,
    secrets: t.system.secrets,
    ledgerAddress: t.system.ledgerAddress,
    publicUrl: "http://127.0.0.1",
    qrCodes: createQrCodes({ entries: 100 }),
    logger: pino({ level: "silent" }),
    rateLimits: { windowSeconds: 60, token: Number(UNLIMITED.RATE_LIMIT_TOKEN), writes: Number(UNLIMITED.RATE_LIMIT_WRITES), reads: Number(UNLIMITED.RATE_LIMIT_READS) },
    onWriteAccepted: () => {},
    verification: () => t.system.verifier.status(),
    health: () => Promise.reject(new Error("not used here")),
    ...overrides,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
