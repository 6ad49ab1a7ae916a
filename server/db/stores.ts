import type pg from "pg";
import { createAccessLogStore, type AccessLogStore } from "./access-log.ts";
import { createApiClientStore, type ApiClientStore } from "./api-clients.ts";
import { createComplianceStore, type ComplianceStore } from "./compliance-facts.ts";
import { createDisbursementSourceStore, type DisbursementSourceStore } from "./disbursement-sources.ts";
import { createDisclosureStore, type DisclosureStore } from "./disclosures.ts";
import { createExportStore, type ExportStore } from "./exports.ts";
import { createFlagStore, type FlagStore } from "./flags.ts";
import { createFlowRecordStore, type FlowRecordStore } from "./flow-records.ts";
import { createFlowStore, type FlowStore } from "./flows.ts";
import { createGrantListStore, type GrantListStore } from "./grant-list.ts";
import { createLedgerPageRows, type LedgerPageRows } from "./ledger-page-rows.ts";
import { createLedgerStore, type LedgerStore } from "./ledgers.ts";
import { createOrganisationReads, type OrganisationReads } from "./organisations.ts";
import type { Db } from "./prisma.ts";
import { createRegulatorFlagStore, type RegulatorFlagStore } from "./regulator-flags.ts";
import { createRegulatorSessionStore, type RegulatorSessionStore } from "./regulator-sessions.ts";
import { createTraceStore, type TraceStore } from "./trace-rows.ts";
import { createWritePrechecks, type WritePrechecks } from "./write-prechecks.ts";

/**
 * The database as the services see it: one store per table group, each the only module with its
 * SQL or Prisma calls, taking and giving plain values. Prisma reads where typed rows help; plain
 * pg (the process's one pool) where its own cost would show on a hot read.
 */
export interface Stores {
  apiClients: ApiClientStore;
  organisations: OrganisationReads;
  ledgers: LedgerStore;
  flows: FlowStore;
  /** The newest records of campaigns, for the public campaign and organisation pages. */
  ledgerPageRows: LedgerPageRows;
  /** Grants of an organisation's campaigns one by one, for reports. */
  grantList: GrantListStore;
  /** The records behind one edge of the flow graph. */
  flowRecords: FlowRecordStore;
  /** A gift's trace, read afresh (`traces` in AppDeps is the cache in front of it). */
  traceRows: TraceStore;
  sources: DisbursementSourceStore;
  /** Campaigns' disclosures, as published on the ledger. */
  disclosures: DisclosureStore;
  flags: FlagStore;
  /** Streamed exports (CSV of records, IATI activities), each on one snapshot. */
  exports: ExportStore;
  /** What accepting a grant, refund or correction reads first. */
  prechecks: WritePrechecks;
  /** Regulators' reads of restricted detail, hash-chained. */
  accessLog: AccessLogStore;
  /** Regulators' flags on organisations and records, with their notes. */
  regulatorFlags: RegulatorFlagStore;
  /** The compliance rules, and what checking them reads of the mirror. */
  compliance: ComplianceStore;
  /** Regulators signed in on the regulator pages. */
  regulatorSessions: RegulatorSessionStore;
}

export function createStores(db: Db, pool: pg.Pool): Stores {
  return {
    apiClients: createApiClientStore(db),
    organisations: createOrganisationReads(db),
    ledgers: createLedgerStore(db),
    flows: createFlowStore(pool),
    ledgerPageRows: createLedgerPageRows(pool),
    grantList: createGrantListStore(pool),
    flowRecords: createFlowRecordStore(pool),
    traceRows: createTraceStore(pool),
    sources: createDisbursementSourceStore(db),
    disclosures: createDisclosureStore(db),
    flags: createFlagStore(db),
    exports: createExportStore(pool),
    prechecks: createWritePrechecks(pool),
    accessLog: createAccessLogStore(pool),
    regulatorFlags: createRegulatorFlagStore(pool),
    compliance: createComplianceStore(pool),
    regulatorSessions: createRegulatorSessionStore(pool),
  };
}
