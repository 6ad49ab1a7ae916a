import type pg from "pg";

/** A row's place on the chain, as the mirror holds it. */
export interface ChainRow {
  block_number: string;
  block_time: string;
  tx_hash: string;
  log_index: number;
}

/** Everything a gift's trace shows, read in one statement (one snapshot, one round trip). Amounts are decimal text. */
export interface TraceRows {
  asOfBlock: string | null;
  /** The mirror's block as `number:hash`, read in the same snapshot (see readMirrorBlock). */
  mirrorBlock: string | null;
  /** The API's outbox entry, while there is one (it may be pruned once the gift is mirrored). */
  accepted: { kind: string; payload: Record<string, unknown>; status: string; error: { message?: string } | null; created_at: string; settled_at: string | null; campaign_id: string | null } | null;
  donation: (ChainRow & { record_id: string; campaign_id: string; amount: string; channel: number }) | null;
  lots: { record: string; idx: number; campaign_id: string; held: string; from_movement: string | null; from_idx: number | null }[];
  slices: { movement: string; idx: number; lot_record: string; lot_idx: number; campaign_id: string; amount: string; settled_how: string | null }[];
  shortfalls: { movement: string; amount: string }[];
  disbursements: (ChainRow & { record_id: string; amount: string; confirmed: boolean; recipient_commitment: string; purpose: number; evidence_hash: string })[];
  grants: (ChainRow & { record_id: string; amount: string; to_campaign_id: string })[];
  refunds: (ChainRow & { record_id: string; amount: string })[];
  corrections: (ChainRow & { record_id: string; delta: string })[];
  /** What each payout and grant the gift paid for took from all gifts together. */
  taken: { movement: string; amount: string }[];
  places: { campaign_id: string; title: string; currency: string; org_id: string; org_name: string }[];
}

// Numbers leave Postgres as text inside the JSON: JSON.parse would round a numeric(78,0) to a double.
const CHAIN = `block_number::text, block_time, tx_hash, log_index`;
const SQL = `
WITH d AS (
  SELECT record_id, campaign_id, amount, channel, block_number, block_time, tx_hash, log_index
    FROM donation WHERE donor_commitment = $1 ORDER BY record_id LIMIT 1
), o AS (
  SELECT kind, payload, status, error, created_at, settled_at, campaign_id::text FROM outbox WHERE donor_commitment = $1
), s AS (
  -- A grant's slices settle with the grant: its settlement row says by which record and how.
  SELECT slice.movement, slice.idx, slice.kind, slice.lot_record, slice.lot_idx, slice.campaign_id, slice.amount, gs.record_id AS settled_by,
         CASE gs.outcome WHEN 'acknowledged' THEN 'arrived' WHEN 'refused' THEN 'returned' END AS settled_how
    FROM slice JOIN d ON slice.origin = d.record_id
    LEFT JOIN grant_settlement gs ON slice.kind = 'grant' AND gs.grant_id = slice.movement
), l AS (
  -- The gift's lots: its own, and one for each slice of it a grant carried that arrived (lotKeysOfOrigin).
  SELECT lot.record, lot.idx, lot.campaign_id, lot.held, lot.from_movement, lot.from_idx FROM lot
   WHERE (lot.record, lot.idx) IN (SELECT record_id, 0 FROM d UNION ALL SELECT settled_by, idx FROM s WHERE kind = 'grant' AND settled_how = 'arrived')
), f AS (
  SELECT allocation_shortfall.movement, allocation_shortfall.amount FROM allocation_shortfall JOIN d ON allocation_shortfall.origin = d.record_id
), m AS (
  SELECT movement FROM s UNION SELECT movement FROM f
), g AS (
  SELECT record_id, amount, to_campaign_id, ${CHAIN} FROM "grant" WHERE record_id IN (SELECT movement FROM m)
), p AS (
  SELECT record_id, amount, confirmed_block IS NOT NULL AS confirmed, recipient_commitment, purpose, evidence_hash, ${CHAIN}
    FROM disbursement WHERE record_id IN (SELECT movement FROM m)
)
SELECT
  (SELECT block_number::text FROM indexer_cursor WHERE id = 1) AS "asOfBlock",
  (SELECT block_number::text || ':' || block_hash FROM indexer_cursor WHERE id = 1) AS "mirrorBlock",
  (SELECT row_to_json(o) FROM o) AS accepted,
  (SELECT json_build_object('record_id', record_id::text, 'campaign_id', campaign_id::text, 'amount', amount::text, 'channel', channel,
      'block_number', block_number::text, 'block_time', block_time, 'tx_hash', tx_hash, 'log_index', log_index) FROM d) AS donation,
  (SELECT coalesce(json_agg(json_build_object('record', record::text, 'idx', idx, 'campaign_id', campaign_id::text, 'held', held::text,
      'from_movement', from_movement::text, 'from_idx', from_idx) ORDER BY record, idx), '[]') FROM l) AS lots,
  (SELECT coalesce(json_agg(json_build_object('movement', movement::text, 'idx', idx, 'lot_record', lot_record::text, 'lot_idx', lot_idx,
      'campaign_id', campaign_id::text, 'amount', amount::text, 'settled_how', settled_how) ORDER BY movement, idx), '[]') FROM s) AS slices,
  (SELECT coalesce(json_agg(json_build_object('movement', movement::text, 'amount', amount::text)), '[]') FROM f) AS shortfalls,
  (SELECT coalesce(json_agg(row_to_json(x)), '[]') FROM (SELECT record_id::text, amount::text, confirmed, recipient_commitment, purpose, evidence_hash,
      block_number, block_time, tx_hash, log_index FROM p) x) AS disbursements,
  (SELECT coalesce(json_agg(row_to_json(x)), '[]') FROM (SELECT record_id::text, amount::text, to_campaign_id::text, block_number, block_time, tx_hash, log_index FROM g) x) AS grants,
  (SELECT coalesce(json_agg(row_to_json(x)), '[]') FROM (SELECT record_id::text, amount::text, ${CHAIN} FROM refund WHERE record_id IN (SELECT movement FROM m)) x) AS refunds,
  (SELECT coalesce(json_agg(row_to_json(x)), '[]') FROM (SELECT record_id::text, delta::text, ${CHAIN} FROM correction WHERE record_id IN (SELECT movement FROM m)) x) AS corrections,
  (SELECT coalesce(json_agg(json_build_object('movement', movement::text, 'amount', total::text)), '[]') FROM (
      SELECT movement, sum(amount) AS total FROM slice WHERE movement IN (SELECT record_id FROM g UNION ALL SELECT record_id FROM p) GROUP BY movement) t) AS taken,
  (SELECT coalesce(json_agg(json_build_object('campaign_id', c.id::text, 'title', c.title, 'currency', c.currency, 'org_id', c.org_id::text, 'org_name', org.name)), '[]')
     FROM campaign c JOIN organisation org ON org.id = c.org_id
    WHERE c.id IN (SELECT campaign_id FROM l UNION SELECT campaign_id FROM d UNION SELECT to_campaign_id FROM g UNION SELECT campaign_id::bigint FROM o)) AS places
`;

/**
 * Reads a gift's whole trace by its donor commitment in one statement: the donation, its lots and
 * slices in every campaign the money reached, the records those slices belong to, and the names
 * of the places. Each part is an indexed lookup (by commitment, by origin, by record id), so the
 * cost follows the size of this gift's journey, not of the campaigns it passed through.
 */
export async function readTraceRows(pool: pg.Pool, commitment: string): Promise<TraceRows> {
  const { rows } = await pool.query<TraceRows>({ name: "trace-rows", text: SQL, values: [commitment] });
  return rows[0]!;
}

/**
 * The block the mirror is at, as `number:hash`: a trace read at it stays exact until this changes
 * (the hash tells a reorganisation's replacement block from the one it replaced).
 */
export async function readMirrorBlock(pool: pg.Pool): Promise<string | undefined> {
  const { rows } = await pool.query<{ at: string }>({ name: "mirror-block", text: `SELECT block_number::text || ':' || block_hash AS at FROM indexer_cursor WHERE id = 1` });
  return rows[0]?.at;
}

/** A gift's trace as the services read it: its rows, and the block they are current to. */
export interface TraceStore {
  rows(commitment: string): Promise<TraceRows>;
  mirrorBlock(): Promise<string | undefined>;
}

export function createTraceStore(pool: pg.Pool): TraceStore {
  return { rows: (commitment) => readTraceRows(pool, commitment), mirrorBlock: () => readMirrorBlock(pool) };
}
