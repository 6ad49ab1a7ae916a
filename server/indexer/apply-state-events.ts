import type pg from "pg";
import type { LedgerEvent } from "../domain/ledger-events.ts";

/**
 * Events that change the state of existing rows (operators, suspension, closing, targets,
 * confirmations, acknowledgements) are applied one by one in log order: they are few, and their order matters
 * (an operator removed and added again in one range).
 */
export async function applyStateEvents(client: pg.PoolClient, events: LedgerEvent[]): Promise<void> {
  for (const e of events) {
    switch (e.name) {
      case "OperatorAdded":
        await client.query(
          `INSERT INTO operator (org_id, address, block_number, tx_hash, log_index) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (org_id, address) DO UPDATE
           SET block_number = excluded.block_number, tx_hash = excluded.tx_hash, log_index = excluded.log_index, removed_block = NULL`,
          [e.orgId, e.operator, e.blockNumber, e.txHash, e.logIndex],
        );
        break;
      case "OperatorRemoved":
        // Kept, not deleted: the key's past records stay attributed to its organisation.
        await client.query(`UPDATE operator SET removed_block = $3 WHERE org_id = $1 AND address = $2`, [e.orgId, e.operator, e.blockNumber]);
        break;
      case "OrganisationSuspended":
        await client.query(`UPDATE organisation SET suspended_block = $2 WHERE id = $1`, [e.orgId, e.blockNumber]);
        break;
      case "OrganisationReinstated":
        await client.query(`UPDATE organisation SET suspended_block = NULL WHERE id = $1`, [e.orgId]);
        break;
      case "CampaignClosed":
        await client.query(`UPDATE campaign SET closed_block = $2 WHERE id = $1 AND closed_block IS NULL`, [e.campaignId, e.blockNumber]);
        break;
      case "CampaignTargetChanged":
        // The change itself is kept in campaign_target (insert-records.ts); the campaign shows the newest.
        await client.query(`UPDATE campaign SET target = $2, target_block = $3 WHERE id = $1`, [e.campaignId, e.target.toString(), e.blockNumber]);
        break;
      case "DisbursementConfirmed":
        await client.query(`UPDATE disbursement SET confirmed_block = $2, confirmed_by = $3 WHERE record_id = $1`, [
          e.disbursementId.toString(),
          e.blockNumber,
          e.by,
        ]);
        break;
      case "GrantAcknowledged":
        await client.query(`UPDATE "grant" SET acknowledged_block = $2, acknowledged_by = $3 WHERE record_id = $1`, [
          e.grantId.toString(),
          e.blockNumber,
          e.by,
        ]);
        break;
      case "GrantRefused":
        await client.query(`UPDATE "grant" SET refused_block = $2, refused_by = $3 WHERE record_id = $1`, [e.grantId.toString(), e.blockNumber, e.by]);
        break;
      case "CorrectionApproved":
        await client.query(`UPDATE correction SET approved_block = $2 WHERE record_id = $1`, [e.correctionId.toString(), e.blockNumber]);
        break;
      default:
        break;
    }
  }
}

/**
 * After a reorganisation deleted the raw events above the common ancestor, state that later
 * events had changed is derived again from the events that remain.
 */
export async function rederiveState(client: pg.PoolClient, ancestor: bigint): Promise<void> {
  await client.query(`UPDATE campaign SET closed_block = NULL WHERE closed_block > $1`, [ancestor]);
  // A target changed on the dropped blocks: the newest change left, or else the target the campaign
  // opened with (its CampaignOpened event, found by the campaign's own chain position).
  await client.query(
    `UPDATE campaign c SET (target, target_block) = (
       SELECT coalesce(t.target, (e.args->>'target')::numeric), t.block_number
         FROM ledger_event e
         LEFT JOIN LATERAL (
           SELECT target, block_number FROM campaign_target WHERE campaign_id = c.id ORDER BY block_number DESC, log_index DESC LIMIT 1
         ) t ON true
        WHERE e.block_number = c.block_number AND e.log_index = c.log_index)
     WHERE c.target_block > $1`,
    [ancestor],
  );
  await client.query(`UPDATE disbursement SET confirmed_block = NULL, confirmed_by = NULL WHERE confirmed_block > $1`, [ancestor]);
  await client.query(`UPDATE "grant" SET acknowledged_block = NULL, acknowledged_by = NULL WHERE acknowledged_block > $1`, [ancestor]);
  await client.query(`UPDATE "grant" SET refused_block = NULL, refused_by = NULL WHERE refused_block > $1`, [ancestor]);
  await client.query(`UPDATE correction SET approved_block = NULL WHERE approved_block > $1`, [ancestor]);
  await client.query(`UPDATE organisation SET suspended_block = NULL WHERE suspended_block IS NOT NULL`);
  await client.query(`
    UPDATE organisation o SET suspended_block = last.suspended
    FROM (
      SELECT DISTINCT ON ((args->>'orgId')::bigint) (args->>'orgId')::bigint AS org_id,
             CASE name WHEN 'OrganisationSuspended' THEN block_number END AS suspended
      FROM ledger_event WHERE name IN ('OrganisationSuspended', 'OrganisationReinstated')
      ORDER BY (args->>'orgId')::bigint, block_number DESC, log_index DESC
    ) last
    WHERE o.id = last.org_id`);
  // Operators: rebuilt from their add/remove history, which is short.
  await client.query(`DELETE FROM operator`);
  const { rows } = await client.query(
    `SELECT name, (args->>'orgId')::bigint AS org_id, args->>'operator' AS address, block_number, tx_hash, log_index
     FROM ledger_event WHERE name IN ('OperatorAdded', 'OperatorRemoved') ORDER BY block_number, log_index`,
  );
  for (const r of rows) {
    if (r.name === "OperatorAdded") {
      await client.query(
        `INSERT INTO operator (org_id, address, block_number, tx_hash, log_index) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (org_id, address) DO UPDATE SET block_number = excluded.block_number, removed_block = NULL`,
        [r.org_id, r.address, r.block_number, r.tx_hash, r.log_index],
      );
    } else {
      await client.query(`UPDATE operator SET removed_block = $3 WHERE org_id = $1 AND address = $2`, [r.org_id, r.address, r.block_number]);
    }
  }
}
