/**
 * Every record the mirror holds about a set of campaigns ($1), in chain order, with block time in
 * [$2, $3) (either bound null for none): one row per ledger event, shaped as LedgerRecordRow
 * (server/domain/record-export.ts). Each branch reads one mirror table by its campaign index;
 * closures and confirmations, which the mirror keeps only as a block on the campaign or the
 * disbursement, are found in ledger_event at that block (its primary key), and a campaign's first
 * target in its CampaignOpened event (the campaign row holds the newest). A grant between two
 * campaigns of the set is listed once, as sent; its answer once, on the receiving side when the
 * receiver is in the set. Flags are the record_flag rules of the event's own position.
 */
export const RECORDS_SQL = `
  SELECT to_char(x.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS time,
         x.block_number::text AS "blockNumber", x.tx_hash AS "txHash", x.log_index AS "logIndex", x.kind,
         x.record_id::text AS "recordId", x.related::text AS "relatedRecordId",
         s.id::text AS "campaignId", s.title AS "campaignTitle", s.asset::int AS asset, s.currency, s.token,
         x.other_campaign::text AS "counterpartyCampaignId", oc.org_id::text AS "counterpartyOrganisationId", oo.name AS "counterpartyOrganisationName",
         x.amount::text AS amount, x.target::text AS target, x.channel::int AS channel, x.purpose::int AS purpose,
         x.evidence_hash AS "evidenceHash", x.recipient_commitment AS "recipientCommitment", x.note_hash AS "noteHash",
         x.balance_after::text AS "balanceAfter", x.authorised_by AS "authorisedBy",
         (SELECT string_agg(f.rule, ';' ORDER BY f.rule) FROM record_flag f WHERE f.block_number = x.block_number AND f.log_index = x.log_index) AS flags
    FROM (
      SELECT b.timestamp AS at, c.block_number, c.tx_hash, c.log_index, 'campaign_opened' AS kind,
             NULL::numeric AS record_id, NULL::numeric AS related, c.id AS campaign_id, NULL::bigint AS other_campaign,
             NULL::numeric AS amount, (e.args->>'target')::numeric AS target, NULL::smallint AS channel, NULL::smallint AS purpose,
             NULL::text AS evidence_hash, NULL::text AS recipient_commitment, NULL::text AS note_hash,
             NULL::numeric AS balance_after, c.authorised_by
        FROM campaign c
        JOIN chain_block b ON b.number = c.block_number
        LEFT JOIN ledger_event e ON e.block_number = c.block_number AND e.log_index = c.log_index
       WHERE c.id = ANY($1::bigint[])
      UNION ALL
      SELECT b.timestamp, t.block_number, t.tx_hash, t.log_index, 'campaign_target_changed',
             NULL, NULL, t.campaign_id, NULL, NULL, t.target, NULL, NULL, NULL, NULL, NULL, NULL, t.authorised_by
        FROM campaign_target t JOIN chain_block b ON b.number = t.block_number
       WHERE t.campaign_id = ANY($1::bigint[])
      UNION ALL
      SELECT b.timestamp, e.block_number, e.tx_hash, e.log_index, 'campaign_closed',
             NULL, NULL, c.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, e.args->>'by'
        FROM campaign c
        JOIN ledger_event e ON e.block_number = c.closed_block AND e.name = 'CampaignClosed' AND e.args->>'campaignId' = c.id::text
        JOIN chain_block b ON b.number = e.block_number
       WHERE c.id = ANY($1::bigint[]) AND c.closed_block IS NOT NULL
      UNION ALL
      SELECT d.block_time, d.block_number, d.tx_hash, d.log_index, 'donation',
             d.record_id, NULL, d.campaign_id, NULL, d.amount, NULL, d.channel, NULL, NULL, NULL, NULL, d.balance_after, d.authorised_by
        FROM donation d WHERE d.campaign_id = ANY($1::bigint[])
      UNION ALL
      SELECT g.block_time, g.block_number, g.tx_hash, g.log_index, 'grant_sent',
             g.record_id, NULL, g.from_campaign_id, g.to_campaign_id, g.amount, NULL, NULL, NULL, NULL, NULL, g.memo_hash, g.from_balance_after, g.authorised_by
        FROM "grant" g WHERE g.from_campaign_id = ANY($1::bigint[])
      UNION ALL
      SELECT g.block_time, g.block_number, g.tx_hash, g.log_index, 'grant_received',
             g.record_id, NULL, g.to_campaign_id, g.from_campaign_id, g.amount, NULL, NULL, NULL, NULL, NULL, g.memo_hash, NULL, g.authorised_by
        FROM "grant" g WHERE g.to_campaign_id = ANY($1::bigint[]) AND NOT g.from_campaign_id = ANY($1::bigint[])
      UNION ALL
      SELECT st.block_time, st.block_number, st.tx_hash, st.log_index, 'grant_' || st.outcome,
             st.record_id, st.grant_id, side.campaign_id, side.other_campaign, st.amount, NULL, NULL, NULL, NULL, NULL, st.reason_hash,
             CASE WHEN st.campaign_id = side.campaign_id THEN st.balance_after END, st.authorised_by
        FROM grant_settlement st
        JOIN "grant" g ON g.record_id = st.grant_id
        CROSS JOIN LATERAL (
          SELECT CASE WHEN g.to_campaign_id = ANY($1::bigint[]) THEN g.to_campaign_id ELSE g.from_campaign_id END AS campaign_id,
                 CASE WHEN g.to_campaign_id = ANY($1::bigint[]) THEN g.from_campaign_id ELSE g.to_campaign_id END AS other_campaign
        ) side
       WHERE g.from_campaign_id = ANY($1::bigint[]) OR g.to_campaign_id = ANY($1::bigint[])
      UNION ALL
      SELECT p.block_time, p.block_number, p.tx_hash, p.log_index, 'disbursement',
             p.record_id, NULL, p.campaign_id, NULL, p.amount, NULL, NULL, p.purpose, p.evidence_hash, p.recipient_commitment, NULL, p.balance_after, p.authorised_by
        FROM disbursement p WHERE p.campaign_id = ANY($1::bigint[])
      UNION ALL
      SELECT b.timestamp, e.block_number, e.tx_hash, e.log_index, 'disbursement_confirmed',
             NULL, p.record_id, p.campaign_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, e.args->>'by'
        FROM disbursement p
        JOIN ledger_event e ON e.block_number = p.confirmed_block AND e.name = 'DisbursementConfirmed' AND e.args->>'disbursementId' = p.record_id::text
        JOIN chain_block b ON b.number = e.block_number
       WHERE p.campaign_id = ANY($1::bigint[]) AND p.confirmed_block IS NOT NULL
      UNION ALL
      SELECT r.block_time, r.block_number, r.tx_hash, r.log_index, 'refund',
             r.record_id, r.donation_id, r.campaign_id, NULL, r.amount, NULL, NULL, NULL, NULL, NULL, r.reason_hash, r.balance_after, r.authorised_by
        FROM refund r WHERE r.campaign_id = ANY($1::bigint[])
      UNION ALL
      SELECT k.block_time, k.block_number, k.tx_hash, k.log_index, 'correction',
             k.record_id, k.corrected_id, k.campaign_id, NULL, k.delta, NULL, NULL, NULL, NULL, NULL, k.reason_hash, k.balance_after, k.authorised_by
        FROM correction k WHERE k.campaign_id = ANY($1::bigint[])
      UNION ALL
      SELECT a.block_time, a.block_number, a.tx_hash, a.log_index, 'correction_approved',
             a.record_id, a.correction_id, a.campaign_id, NULL, a.amount, NULL, NULL, NULL, NULL, NULL, NULL, a.balance_after, a.authorised_by
        FROM correction_approval a WHERE a.campaign_id = ANY($1::bigint[])
    ) x
    JOIN campaign s ON s.id = x.campaign_id
    LEFT JOIN campaign oc ON oc.id = x.other_campaign
    LEFT JOIN organisation oo ON oo.id = oc.org_id
   WHERE ($2::timestamptz IS NULL OR x.at >= $2::timestamptz) AND ($3::timestamptz IS NULL OR x.at < $3::timestamptz)
   ORDER BY x.block_number, x.log_index`;
