import type pg from "pg";
import type { Allocator, Lot, LotKey, QueueRead, Slice, Move } from "../domain/lots.ts";

/**
 * What the indexer's allocator reads from the mirror before it applies a range's moves (the open
 * lots first in first out, a gift's own lots, a settled grant's slices); allocate-events.ts writes
 * what it made. Split by job: reading here, applying and writing there.
 */


/** Open lots read per campaign and query, the oldest first, until what the moves take is covered: 32, then 64, … up to 4,096. */
const FIRST_PAGE = 32;
const LAST_PAGE = 4_096;

/**
 * Reads into the allocator what it lacks to apply these moves: for each campaign they take from
 * first in first out, its oldest open lots until they cover what is taken (counting those it holds;
 * new lots of the same range come after them); the open lots of each gift a refund or bound
 * correction takes from; and the slices of each grant settled, with the lots a refused one gives
 * back to.
 */
export async function readAllocationState(client: pg.PoolClient, moves: Move[], allocator: Allocator): Promise<void> {
  const need = new Map<bigint, bigint>();
  const origins = new Set<bigint>();
  const grants = new Set<bigint>();
  const refused = new Set<bigint>();
  for (const m of moves) {
    if (m.kind === "grant") need.set(m.fromCampaignId, (need.get(m.fromCampaignId) ?? 0n) + m.amount);
    else if (m.kind === "disbursement" || (m.kind === "correction" && m.boundTo === undefined)) need.set(m.campaignId, (need.get(m.campaignId) ?? 0n) + m.amount);
    else if (m.kind === "refund" || m.kind === "correction") {
      origins.add(m.kind === "refund" ? m.donationId : m.boundTo!);
      // It may take from lots the first-in-first-out pages also read: what it takes is not there for them.
      need.set(m.campaignId, (need.get(m.campaignId) ?? 0n) + m.amount);
    }
    else if (m.kind === "grantAcknowledged" || m.kind === "grantRefused") grants.add(m.grantId);
    if (m.kind === "grantRefused") refused.add(m.grantId);
  }
  const lots = new Map<string, Lot>();
  const keep = (rows: LotRow[]) => rows.forEach((r) => lots.set(`${r.record}:${r.idx}`, lotOf(r)));
  const reads = new Map<bigint, QueueRead>();

  // The oldest open lots of each campaign taken from, after those the allocator holds, a page at a
  // time until they cover the need. Pages start small and double: most payouts take a few lots.
  let wanted = [...need.entries()].flatMap(([campaignId, amount]) => {
    const holding = allocator.holding(campaignId);
    if (holding.complete || holding.held >= amount) return [];
    return [{ campaignId, amount: amount - holding.held, after: holding.upTo ?? { record: -1n, index: 0 } }];
  });
  // Read in index order, a page at a time: a bitmap scan (the planner's pick when it guesses a
  // campaign holds few open lots) reads every open lot of the campaign and sorts them to keep a
  // page, which costs what the campaign holds, not what the batch takes.
  if (wanted.length > 0) await client.query(`SET LOCAL enable_bitmapscan = off`);
  for (let page = FIRST_PAGE; wanted.length > 0; page = Math.min(page * 2, LAST_PAGE)) {
    const { rows } = await client.query<LotRow & { want: string }>(
      `SELECT l.*, w.campaign_id::text AS want FROM unnest($1::bigint[], $2::numeric[], $3::int[]) AS w(campaign_id, after_record, after_idx)
       CROSS JOIN LATERAL (
         SELECT ${LOT_COLUMNS} FROM lot
          WHERE lot.campaign_id = w.campaign_id AND lot.held > 0 AND (lot.record, lot.idx) > (w.after_record, w.after_idx)
          ORDER BY lot.record, lot.idx LIMIT $4) l`,
      [wanted.map((w) => w.campaignId.toString()), wanted.map((w) => w.after.record.toString()), wanted.map((w) => w.after.index), page],
    );
    keep(rows);
    const byCampaign = new Map<bigint, LotRow[]>();
    for (const r of rows) {
      const campaign = BigInt(r.want);
      const found = byCampaign.get(campaign);
      if (found) found.push(r);
      else byCampaign.set(campaign, [r]);
    }
    wanted = wanted.flatMap((w) => {
      const found = byCampaign.get(w.campaignId) ?? [];
      const covered = found.reduce((sum, r) => sum + BigInt(r.held), 0n);
      const last = found.at(-1);
      const upTo = last ? { record: BigInt(last.record), index: last.idx } : w.after.record >= 0n ? w.after : undefined;
      const complete = found.length < page;
      reads.set(w.campaignId, { campaignId: w.campaignId, complete, ...(upTo ? { upTo } : {}) });
      if (complete || covered >= w.amount) return [];
      return [{ ...w, amount: w.amount - covered, after: upTo! }];
    });
    if (wanted.length === 0) await client.query(`RESET enable_bitmapscan`);
  }
  if (origins.size) {
    const { rows } = await client.query<LotRow>(
      `SELECT ${LOT_COLUMNS} FROM lot WHERE lot.held > 0 AND (lot.record, lot.idx) IN (${LOT_KEYS_OF_ORIGINS})`,
      [[...origins].map(String)],
    );
    keep(rows);
  }
  const inTransit: Slice[] = [];
  const unknown = [...grants].filter((g) => !allocator.waitingFrom(g));
  if (unknown.length) {
    // The chain settles a grant once, while it waits: its slices are still in transit here.
    const { rows } = await client.query<SliceRow>(
      `SELECT movement::text, idx, kind, lot_record::text, lot_idx, campaign_id::text, origin::text, amount::text FROM slice
        WHERE movement = ANY($1::numeric[]) AND kind = 'grant' ORDER BY slice.movement, slice.idx`,
      [unknown.map(String)],
    );
    inTransit.push(...rows.map(sliceOf));
  }
  // Only a refused grant gives back to the lots it was taken from; an acknowledged one makes new lots.
  const returning = new Map<string, LotKey>();
  for (const grant of refused) {
    const from = allocator.waitingFrom(grant) ?? inTransit.filter((s) => s.movement === grant).map((s) => s.lot);
    for (const lot of from) if (!allocator.knows(lot) && !lots.has(`${lot.record}:${lot.index}`)) returning.set(`${lot.record}:${lot.index}`, lot);
  }
  if (returning.size) {
    const { rows: sources } = await client.query<LotRow>(
      `SELECT ${LOT_COLUMNS} FROM lot WHERE (record, idx) IN (SELECT * FROM unnest($1::numeric[], $2::int[]))`,
      [[...returning.values()].map((l) => l.record.toString()), [...returning.values()].map((l) => l.index)],
    );
    keep(sources);
  }
  allocator.load({ lots: [...lots.values()], inTransit }, [...reads.values()]);
}

/**
 * The keys of every lot of the gifts in $1, found through their slices: a gift's own lot is
 * (its record, 0), and a grant that arrived made lot (the acknowledgement, i) of its slice i, with
 * that slice's origin (server/domain/lots.ts). So no index on lot.origin is needed, and none is kept.
 */
const LOT_KEYS_OF_ORIGINS = `SELECT o, 0 FROM unnest($1::numeric[]) AS o
  UNION ALL SELECT gs.record_id, s.idx FROM slice s JOIN grant_settlement gs ON gs.grant_id = s.movement AND gs.outcome = 'acknowledged'
   WHERE s.origin = ANY($1::numeric[]) AND s.kind = 'grant'`;

const LOT_COLUMNS = `lot.record::text, lot.idx, lot.campaign_id::text, lot.origin::text, lot.amount::text, lot.held::text, lot.from_movement::text, lot.from_idx`;

interface LotRow {
  record: string;
  idx: number;
  campaign_id: string;
  origin: string;
  amount: string;
  held: string;
  from_movement: string | null;
  from_idx: number | null;
}

interface SliceRow {
  movement: string;
  idx: number;
  kind: Slice["kind"];
  lot_record: string;
  lot_idx: number;
  campaign_id: string;
  origin: string;
  amount: string;
}

function lotOf(r: LotRow): Lot {
  return {
    record: BigInt(r.record),
    index: r.idx,
    campaignId: BigInt(r.campaign_id),
    origin: BigInt(r.origin),
    amount: BigInt(r.amount),
    left: BigInt(r.held),
    ...(r.from_movement !== null ? { from: { movement: BigInt(r.from_movement), index: r.from_idx! } } : {}),
  };
}

function sliceOf(r: SliceRow): Slice {
  return {
    movement: BigInt(r.movement),
    index: r.idx,
    kind: r.kind,
    lot: { record: BigInt(r.lot_record), index: r.lot_idx },
    campaignId: BigInt(r.campaign_id),
    origin: BigInt(r.origin),
    amount: BigInt(r.amount),
  };
}

