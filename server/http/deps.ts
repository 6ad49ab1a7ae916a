import type { QrCodes } from "./qr-codes.ts";
import type { Logger } from "pino";
import type { RelayCheck } from "../chain/relay-check.ts";
import type { CampaignFacts } from "../db/campaign-facts.ts";
import type { DisbursementFactsReader } from "../db/disbursement-facts.ts";
import type { EvidenceStore } from "../db/evidence.ts";
import type { OrgSigners } from "../db/org-signers.ts";
import type { OutboxStore } from "../db/outbox.ts";
import type { Stores } from "../db/stores.ts";
import type { VerificationStatus } from "../domain/verification.ts";
import type { Health } from "../services/get-health.ts";
import type { TraceCache } from "../services/trace-cache.ts";
import type { TokenSettings } from "../services/tokens.ts";
import type { WriteSecrets } from "../services/write-secrets.ts";
import type { PdfPrinter } from "./print-pdf.ts";
import type { RateLimitSettings } from "./rate-limits.ts";

/** What the HTTP layer needs; the entry point builds it. The database comes as its stores, never as a client. */
export interface AppDeps extends Stores {
  /** The outbox, as the API stores writes in it. */
  outbox: OutboxStore;
  /** What changing a campaign reads of the mirror and the outbox (closed, a closure on its way). */
  campaigns: CampaignFacts;
  /** Evidence files, kept by their SHA-256 for their organisations and regulators. */
  evidence: EvidenceStore;
  /** The organisations' keys this server holds: a recipient organisation's key becomes a disbursement's confirmer. */
  orgSigners: OrgSigners;
  /** What accepting a disbursement or its confirmation reads of the mirror beyond the outbox's own checks. */
  disbursements: DisbursementFactsReader;
  /** Traces of mirrored gifts, kept while the mirror stays at their block; absent, every trace is read afresh. */
  traces?: TraceCache;
  tokens: TokenSettings;
  secrets: WriteSecrets;
  ledgerAddress: string;
  /** Checks signed requests before relaying them; absent when the server has no relayer key. */
  relay?: RelayCheck;
  logger: Logger;
  rateLimits: RateLimitSettings;
  /** How long a regulator's sign-in on the regulator pages lasts; 8 hours when absent. */
  regulatorSessionSeconds?: number;
  /** The site's public origin (no trailing slash), used in links and QR codes; never taken from a request's Host. */
  publicUrl: string;
  /** A chain node donors may ask themselves (JSON-RPC), printed in the receipts' find-gift command. */
  publicRpcUrl?: string;
  /** QR codes of page addresses, the most recent kept. */
  qrCodes: QrCodes;
  /** The IANA zone pages show times in; Beijing time when absent. */
  timeZone?: string;
  /** A block explorer's address for a transaction, `{txHash}` standing for its hash; absent, pages show hashes unlinked. */
  explorerTxUrl?: string;
  /** Prints report pages to PDF (Chromium); absent, the PDFs answer 503. */
  pdf?: PdfPrinter;
  /** Wakes the outbox submitter after a new write was stored. */
  onWriteAccepted(): void;
  health(): Promise<Health>;
  /** When the mirror was last checked against the chain; every read says it. */
  verification(): VerificationStatus;
}
