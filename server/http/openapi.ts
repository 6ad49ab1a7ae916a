import { createDocument } from "zod-openapi";
import { authOperations } from "./routes/auth.ts";
import { campaignOperations } from "./routes/campaigns.ts";
import { complianceOperations } from "./routes/compliance.ts";
import { disbursementWriteOperations } from "./routes/disbursement-writes.ts";
import { disbursementOperations } from "./routes/disbursements.ts";
import { disclosureOperations } from "./routes/disclosures.ts";
import { docsOperations } from "./routes/docs.ts";
import { evidenceOperations } from "./routes/evidence.ts";
import { exportOperations } from "./routes/exports.ts";
import { flowOperations } from "./routes/flows.ts";
import { ledgerOperations } from "./routes/ledgers.ts";
import { oversightOperations } from "./routes/oversight.ts";
import { receiptOperations } from "./routes/receipts.ts";
import { trackOperations } from "./routes/track.ts";
import { grantAndCorrectionOperations } from "./routes/grants-and-corrections.ts";
import { writeOperations } from "./routes/writes.ts";
import type { RouteOperations } from "./schemas.ts";

/**
 * Every route module's operations. Each module describes its own beside its router, from the zod
 * schemas it validates with and answers in; test/server/http/openapi.test.ts walks the app's
 * routes and fails for an /api route that is not here.
 */
export const ROUTE_OPERATIONS: RouteOperations[] = [
  authOperations,
  writeOperations,
  grantAndCorrectionOperations,
  campaignOperations,
  disclosureOperations,
  evidenceOperations,
  trackOperations,
  receiptOperations,
  disbursementOperations,
  disbursementWriteOperations,
  ledgerOperations,
  oversightOperations,
  complianceOperations,
  flowOperations,
  exportOperations,
  docsOperations,
];

export type OpenApiDocument = ReturnType<typeof createDocument>;

let built: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json; built once. */
export function openApiDocument(): OpenApiDocument {
  built ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "Donation ledger API",
      version: "1",
      description:
        "Charities record donations and disbursements; donors trace their gift; regulators read the flows. Amounts are integer minor units as strings of digits. " +
        "Every error is `application/problem+json`. Writes answer 202 with a status URL: follow it until `confirmed` (or `failed` with the contract's reason).",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    tags: [
      { name: "auth", description: "Tokens for charity and regulator clients." },
      { name: "writes", description: "Records a charity writes for its own organisation: idempotent, 202 and a status to follow." },
      { name: "evidence", description: "Evidence files behind disbursements: only their SHA-256 goes on-chain; the organisation and regulators read the files." },
      { name: "oversight", description: "What regulators do about an organisation: the access log of restricted reads, and flags with notes." },
      { name: "receipts", description: "Donors' receipts, printed for the organisation that received the gift." },
      { name: "public reads", description: "Traces, ledgers and flows, read from the mirror; each says up to which block it is current." },
      { name: "operations", description: "Health and this document." },
    ],
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "From POST /api/v1/auth/token." },
      },
    },
    paths: mergePaths(ROUTE_OPERATIONS),
  });
  return built;
}

/** One paths object from the modules' own; an operation described twice is a mistake, not an override. */
function mergePaths(modules: RouteOperations[]): RouteOperations {
  const paths: RouteOperations = {};
  for (const operations of modules) {
    for (const [path, item] of Object.entries(operations)) {
      const existing = paths[path] ?? {};
      for (const method of Object.keys(item)) {
        if (method in existing) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is described twice`);
      }
      paths[path] = { ...existing, ...item };
    }
  }
  return paths;
}
