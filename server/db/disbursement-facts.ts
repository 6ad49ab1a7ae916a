import type pg from "pg";

/** A mirrored disbursement as confirming it needs to see it. */
export interface DisbursementFacts {
  /** The organisation whose campaign paid it. */
  payingOrganisationId: bigint;
  /** The address it named as its confirmer, lower case; null when only auditors may confirm. */
  confirmer: string | null;
  /** Its confirmation is mirrored. */
  confirmed: boolean;
  /** A confirmation of it is in the outbox and has not failed (on its way, or landed and not yet mirrored). */
  confirmationInFlight: boolean;
}

/** What accepting a disbursement or its confirmation reads of the mirror and the outbox, beyond what accept_writes() checks. */
export interface DisbursementFactsReader {
  /** The disbursement with this record id, if the mirror holds it. */
  read(recordId: bigint): Promise<DisbursementFacts | undefined>;
  /** Which of these organisations the mirror holds. */
  knownOrganisations(ids: readonly bigint[]): Promise<Set<bigint>>;
}

export function createDisbursementFacts(pool: pg.Pool): DisbursementFactsReader {
  return {
    async read(recordId) {
      const { rows } = await pool.query(
        `SELECT c.org_id::text, d.confirmer, d.confirmed_block IS NOT NULL AS confirmed,
                EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'confirmation' AND o.payload->>'disbursementId' = $1 AND o.status <> 'failed') AS in_flight
           FROM disbursement d JOIN campaign c ON c.id = d.campaign_id
          WHERE d.record_id = $1::numeric`,
        [recordId.toString()],
      );
      const r = rows[0];
      if (!r) return undefined;
      return { payingOrganisationId: BigInt(r.org_id), confirmer: r.confirmer?.toLowerCase() ?? null, confirmed: r.confirmed, confirmationInFlight: r.in_flight };
    },
    async knownOrganisations(ids) {
      if (ids.length === 0) return new Set();
      const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM organisation WHERE id = ANY($1::bigint[])`, [ids.map(String)]);
      return new Set(rows.map((r) => BigInt(r.id)));
    },
  };
}
