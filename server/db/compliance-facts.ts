import type pg from "pg";
import type { ComplianceRule, HeldLot, RuleKind, RuleScope, YearFigures } from "../domain/compliance.ts";
import { moneyUnit } from "../domain/money.ts";
import { inSnapshot } from "./transaction.ts";

/** An organisation as the checks see it. */
export interface CheckedOrganisation {
  id: bigint;
  name: string;
  registrationNumber: string;
  suspended: boolean;
  /** Held public-fundraising status at some time during the year. */
  publicFundraising: boolean;
}

/** Everything the checks of one year read, on one snapshot of the mirror. */
export interface ComplianceFacts {
  asOf: { block: string; time: Date } | null;
  organisations: CheckedOrganisation[];
  /** Per organisation, per money unit: the year's and the previous year's figures. */
  figures: Map<bigint, Map<string, { year: YearFigures; previous: YearFigures }>>;
  /** Per organisation: each campaign with its money unit, the unspent money by age, and its drive with its disclosures. */
  campaigns: Map<bigint, { id: bigint; title: string; unit: string; held: HeldLot[]; openedAt: Date; closedAt: Date | null; disclosures: { publishedAt: Date; final: boolean }[] }[]>;
}

/** The only writer of `compliance_rule`; and the mirror reads behind the compliance checks. */
export interface ComplianceStore {
  rules(): Promise<ComplianceRule[]>;
  /** Changes a rule's parameters or whether it is checked; undefined when there is no such rule. */
  updateRule(code: string, change: { parameters?: Record<string, number>; enabled?: boolean }, by: string): Promise<ComplianceRule | undefined>;
  /** The facts of calendar year `year` (UTC), for one organisation or all. */
  facts(year: number, organisationId?: bigint): Promise<ComplianceFacts>;
}

interface RuleRow {
  code: string;
  kind: RuleKind;
  title_en: string;
  title_zh: string;
  source: string;
  applies_to: RuleScope;
  parameters: Record<string, number>;
  enabled: boolean;
}

const RULE_COLUMNS = `code, kind, title_en, title_zh, source, applies_to, parameters, enabled`;
const ruleOf = (r: RuleRow): ComplianceRule => ({ code: r.code, kind: r.kind, title: { en: r.title_en, zh: r.title_zh }, source: r.source, appliesTo: r.applies_to, parameters: r.parameters, enabled: r.enabled });
const zero = (): YearFigures => ({ income: 0n, programme: 0n, administration: 0n, fundraising: 0n, grantsGiven: 0n });

export function createComplianceStore(pool: pg.Pool): ComplianceStore {
  return {
    async rules() {
      const { rows } = await pool.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM compliance_rule ORDER BY code`);
      return rows.map(ruleOf);
    },
    async updateRule(code, change, by) {
      const { rows } = await pool.query<RuleRow>(
        `UPDATE compliance_rule SET parameters = coalesce($2::jsonb, parameters), enabled = coalesce($3, enabled), updated_at = now(), updated_by = $4
          WHERE code = $1 RETURNING ${RULE_COLUMNS}`,
        [code, change.parameters ? JSON.stringify(change.parameters) : null, change.enabled ?? null, by],
      );
      return rows[0] ? ruleOf(rows[0]) : undefined;
    },
    facts: (year, organisationId) => inSnapshot(pool, (client) => readFacts(client, year, organisationId)),
  };
}

async function readFacts(client: pg.PoolClient, year: number, organisationId?: bigint): Promise<ComplianceFacts> {
  const start = new Date(Date.UTC(year, 0, 1));
  const end = new Date(Date.UTC(year + 1, 0, 1));
  const org = organisationId?.toString() ?? null;
  const cursor = await client.query<{ block: string; time: Date }>(
    `SELECT k.block_number::text AS block, b.timestamp AS time FROM indexer_cursor k JOIN chain_block b ON b.number = k.block_number WHERE k.id = 1`,
  );
  // Status during the year: the status it entered the year with, or any change to it within the year.
  const organisations = await client.query<{ id: string; name: string; registration_number: string; suspended: boolean; qualified: boolean }>(
    `SELECT o.id::text, o.name, o.registration_number, o.suspended_block IS NOT NULL AS suspended,
            coalesce((SELECT p.qualified FROM public_fundraising p WHERE p.org_id = o.id AND p.block_time < $1 ORDER BY p.block_number DESC, p.log_index DESC LIMIT 1), false)
            OR EXISTS (SELECT 1 FROM public_fundraising p WHERE p.org_id = o.id AND p.qualified AND p.block_time >= $1 AND p.block_time < $2) AS qualified
       FROM organisation o WHERE $3::bigint IS NULL OR o.id = $3 ORDER BY o.id`,
    [start, end, org],
  );
  // The flow sums by month of this year and the last, per organisation and money unit.
  const sums = await client.query<{ org_id: string; asset: number; currency: string; token: string | null; current: boolean; kind: string; counterpart: string; amount: string }>(
    `SELECT c.org_id::text, c.asset::int, rtrim(c.currency) AS currency, c.token, f.month >= $2::date AS current, f.kind,
            CASE WHEN f.kind = 'disbursement' THEN f.counterpart ELSE '' END AS counterpart, sum(f.amount)::text AS amount
       FROM flow_monthly f JOIN campaign c ON c.id = f.campaign_id
      WHERE f.month >= $1::date AND f.month < $3::date AND f.kind IN ('donation', 'grant_in', 'refund', 'disbursement', 'grant_out', 'grant_refused')
        AND ($4::bigint IS NULL OR c.org_id = $4)
      GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    [new Date(Date.UTC(year - 1, 0, 1)), start, end, org],
  );
  const figures: ComplianceFacts["figures"] = new Map();
  for (const r of sums.rows) {
    const byUnit = figures.get(BigInt(r.org_id)) ?? new Map();
    figures.set(BigInt(r.org_id), byUnit);
    const unit = moneyUnit(r);
    const pair = byUnit.get(unit) ?? { year: zero(), previous: zero() };
    byUnit.set(unit, pair);
    const f = r.current ? pair.year : pair.previous;
    const amount = BigInt(r.amount);
    if (r.kind === "donation" || r.kind === "grant_in") f.income += amount;
    else if (r.kind === "refund") f.income -= amount;
    else if (r.kind === "grant_out") f.grantsGiven += amount;
    else if (r.kind === "grant_refused") f.grantsGiven -= amount;
    else if (r.counterpart === "programme" || r.counterpart === "administration" || r.counterpart === "fundraising") f[r.counterpart] += amount;
  }
  const campaigns = await client.query<{ id: string; org_id: string; title: string; asset: number; currency: string; token: string | null; opened_at: Date; closed_at: Date | null }>(
    `SELECT c.id::text, c.org_id::text, c.title, c.asset::int, rtrim(c.currency) AS currency, c.token, ob.timestamp AS opened_at, cb.timestamp AS closed_at
       FROM campaign c JOIN chain_block ob ON ob.number = c.block_number LEFT JOIN chain_block cb ON cb.number = c.closed_block
      WHERE $1::bigint IS NULL OR c.org_id = $1 ORDER BY c.id`,
    [org],
  );
  const held = await client.query<{ campaign_id: string; days: number; amount: string }>(
    `SELECT x.campaign_id::text, greatest(0, floor(extract(epoch FROM ($2::timestamptz - b.timestamp)) / 86400))::int AS days, sum(x.held)::text AS amount
       FROM lot x JOIN chain_block b ON b.number = x.block_number JOIN campaign c ON c.id = x.campaign_id
      WHERE x.held > 0 AND ($1::bigint IS NULL OR c.org_id = $1)
      GROUP BY 1, 2`,
    [org, cursor.rows[0]?.time ?? new Date()],
  );
  const disclosures = await client.query<{ campaign_id: string; published_at: Date; final: boolean }>(
    `SELECT d.campaign_id::text, d.block_time AS published_at, d.final FROM disclosure d WHERE $1::bigint IS NULL OR d.org_id = $1 ORDER BY d.block_number, d.log_index`,
    [org],
  );
  const heldOf = group(held.rows, (r) => r.campaign_id);
  const disclosedOf = group(disclosures.rows, (r) => r.campaign_id);
  const byOrg: ComplianceFacts["campaigns"] = new Map();
  for (const c of campaigns.rows) {
    const list = byOrg.get(BigInt(c.org_id)) ?? [];
    byOrg.set(BigInt(c.org_id), list);
    list.push({
      id: BigInt(c.id),
      title: c.title,
      unit: moneyUnit(c),
      held: (heldOf.get(c.id) ?? []).map((h) => ({ days: h.days, amount: BigInt(h.amount) })),
      openedAt: c.opened_at,
      closedAt: c.closed_at,
      disclosures: (disclosedOf.get(c.id) ?? []).map((d) => ({ publishedAt: d.published_at, final: d.final })),
    });
  }
  return {
    asOf: cursor.rows[0] ? { block: cursor.rows[0].block, time: cursor.rows[0].time } : null,
    organisations: organisations.rows.map((o) => ({ id: BigInt(o.id), name: o.name, registrationNumber: o.registration_number, suspended: o.suspended, publicFundraising: o.qualified })),
    figures,
    campaigns: byOrg,
  };
}

function group<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}
