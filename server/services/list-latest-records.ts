import type { LedgerPageRows } from "../db/ledger-page-rows.ts";
import type { RegulatorFlagStore } from "../db/regulator-flags.ts";
import { confirmedByRole } from "../domain/ledger-page.ts";
import { PURPOSES, type Purpose } from "../domain/schemas.ts";
import type { ChainRef } from "../domain/trace.ts";
import type { FlaggedRecord } from "./list-flagged-records.ts";
import { listRegulatorFlags } from "./list-regulator-flags.ts";

type Chain = ChainRef & { blockTime: string };

export interface LatestDisbursement {
  recordId: string;
  campaign: { id: string; title: string };
  amount: string;
  purpose: Purpose;
  evidenceSha256: string;
  /** Null while no one has confirmed delivery. */
  confirmed: { by: "recipient" | "auditor"; blockNumber: string } | null;
  chain: Chain;
}

export interface LatestGrant {
  recordId: string;
  direction: "given" | "received";
  campaign: { id: string; title: string };
  counterpart: { organisation: { id: string; name: string }; campaign: { id: string; title: string } };
  amount: string;
  status: "acknowledged" | "refused" | "in_transit";
  chain: Chain;
}

/** The newest records of some campaigns that a public page lists one by one, and the flags on them. */
export interface LatestRecords {
  disbursements: LatestDisbursement[];
  grants: LatestGrant[];
  /** Records the mirror's trust rules flagged (they move no money). */
  flagged: FlaggedRecord[];
  /** Regulators' open flags on the organisation and its records, counted (the notes are not public). */
  regulatorFlags: { organisation: number; records: number };
}

/** A page lists at most this many of each. */
export const LATEST_LIMIT = 10;

/**
 * The newest disbursements, grants and flagged records of an organisation's campaigns (or one of
 * them), at most `limit` of each, and the count of regulators' open flags on the organisation.
 */
export async function listLatestRecords(options: { rows: LedgerPageRows; regulatorFlags: RegulatorFlagStore; orgId: bigint; campaignIds: bigint[]; limit?: number }): Promise<LatestRecords> {
  const limit = options.limit ?? LATEST_LIMIT;
  const [disbursements, grants, flags, regulator] = await Promise.all([
    options.rows.latestDisbursements(options.campaignIds, limit),
    options.rows.latestGrants(options.campaignIds, limit),
    options.rows.flaggedRecords(options.campaignIds, limit),
    listRegulatorFlags({ regulatorFlags: options.regulatorFlags, organisationId: options.orgId }),
  ]);
  const chain = (r: { blockNumber: string; txHash: string; logIndex: number; blockTime: Date }): Chain => ({
    blockNumber: r.blockNumber,
    txHash: r.txHash,
    logIndex: r.logIndex,
    blockTime: r.blockTime.toISOString(),
  });
  return {
    disbursements: disbursements.map((d) => {
      const by = confirmedByRole(d);
      return {
        recordId: d.recordId,
        campaign: { id: d.campaignId, title: d.campaignTitle },
        amount: d.amount,
        // The contract accepts only these purposes.
        purpose: PURPOSES[d.purpose]!,
        evidenceSha256: d.evidenceHash,
        confirmed: by === null ? null : { by, blockNumber: d.confirmedBlock ?? "" },
        chain: chain(d),
      };
    }),
    grants: grants.map((g) => ({
      recordId: g.recordId,
      direction: g.direction,
      campaign: { id: g.campaignId, title: g.campaignTitle },
      counterpart: { organisation: { id: g.counterpartOrgId, name: g.counterpartOrgName }, campaign: { id: g.counterpartCampaignId, title: g.counterpartCampaignTitle } },
      amount: g.amount,
      status: g.status,
      chain: chain(g),
    })),
    flagged: flags.map((f) => ({ recordId: f.recordId, rule: f.rule, detail: f.detail, chain: { blockNumber: f.blockNumber, txHash: f.txHash, logIndex: f.logIndex } })),
    regulatorFlags: regulator.open,
  };
}
