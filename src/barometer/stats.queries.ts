/**
 * SQL for the barometer's statistics, and nothing else. Every figure is read from barometer_stat_counts
 * (migrations/20261127T0910_barometer_stats.sql), kept by triggers from barometer_answers; only an
 * organisation's own results are read from its answer rows, through the same SQL function the triggers
 * use, so the two can never count differently.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { Dimension, Filters } from './stats.js';

/** barometer_stat_counts, as the migration creates it (kept out of the shared schema file). */
export interface BarometerStatCountsTable {
  round_id: string;
  county_number: string;
  org_kind: string;
  sector: string;
  size_band: string;
  item: string;
  option: string;
  n: number;
}

const COLUMN: Record<Dimension, 'county_number' | 'org_kind' | 'sector' | 'size_band'> = {
  county: 'county_number',
  kind: 'org_kind',
  sector: 'sector',
  size: 'size_band',
};

const stats = (db: DbOrTrx) => db.withTables<{ barometer_stat_counts: BarometerStatCountsTable; barometer_stat_versions: { round_id: string; version: string } }>();

/** Every round's statistics version (bumped by each statement that changes its answers). */
export async function roundVersions(db: DbOrTrx): Promise<Map<string, string>> {
  const rows = await stats(db).selectFrom('barometer_stat_versions').select(['round_id', 'version']).execute();
  return new Map(rows.map((r) => [String(r.round_id), String(r.version)]));
}

export interface RoundRow {
  id: string;
  key: string;
  title: string;
  year: number;
  closesOn: string;
}

export async function findRound(db: DbOrTrx, id: string): Promise<RoundRow | undefined> {
  return db
    .selectFrom('barometer_rounds')
    .select(['id', 'key', 'title', 'year', sql<string>`closes_on::text`.as('closesOn')])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every round, oldest first (trends). */
export async function listRounds(db: DbOrTrx): Promise<RoundRow[]> {
  return db
    .selectFrom('barometer_rounds')
    .select(['id', 'key', 'title', 'year', sql<string>`closes_on::text`.as('closesOn')])
    .orderBy('year')
    .orderBy('id')
    .execute();
}

export interface CellRow {
  roundId: string;
  county: string;
  kind: string;
  sector: string;
  size: string;
  option: string;
  n: number;
}

/** Answers per finest cell and answer to "innovated" (the bases of every item), for some rounds. */
export async function cellBases(db: DbOrTrx, roundIds: string[]): Promise<CellRow[]> {
  if (roundIds.length === 0) return [];
  return stats(db)
    .selectFrom('barometer_stat_counts')
    .select([
      'round_id as roundId',
      'county_number as county',
      'org_kind as kind',
      'sector',
      'size_band as size',
      'option',
      'n',
    ])
    .where('item', '=', 'innovated')
    .where('round_id', 'in', roundIds)
    .where('n', '>', 0)
    .execute();
}

export interface OrgCellRow {
  roundId: string;
  orgId: string;
  county: string;
  kind: string;
  sector: string;
  size: string;
  innovated: boolean;
  n: number;
}

/**
 * Answers per organisation, finest cell and answer to "innovated" (the bases), for some rounds: what
 * disclosure control needs to count organisations in a group. Never reads what was answered beyond
 * "innovated".
 */
export async function orgCellBases(db: DbOrTrx, roundIds: string[]): Promise<OrgCellRow[]> {
  if (roundIds.length === 0) return [];
  const rows = await sql<OrgCellRow>`
    select a.round_id::text as "roundId", a.org_id::text as "orgId", coalesce(a.county_number, '') as county, a.org_kind as kind,
           a.sector, a.size_band as size, a.innovated, count(*)::int as n
      from barometer_answers a
     where a.round_id in (${sql.join(roundIds.map((id) => sql`${id}::bigint`))})
     group by 1, 2, 3, 4, 5, 6, 7
     order by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  return rows.rows;
}

export interface CountRow {
  group: string | null;
  item: string;
  option: string;
  n: number;
}

/**
 * Option counts of every item (or one) for the answers matching `filters`, per value of `by` (group
 * null when `by` is not given). Sums over the finest cells; never reads an answer.
 */
export async function optionCounts(db: DbOrTrx, roundId: string, filters: Filters, by: Dimension | null, item?: string): Promise<CountRow[]> {
  let q = stats(db)
    .selectFrom('barometer_stat_counts')
    .select([
      by ? sql<string>`${sql.ref(COLUMN[by])}`.as('group') : sql<null>`null`.as('group'),
      'item',
      'option',
      sql<number>`sum(n)::int`.as('n'),
    ])
    .where('round_id', '=', roundId);
  for (const [d, v] of Object.entries(filters) as [Dimension, string][]) q = q.where(COLUMN[d], '=', v);
  if (item) q = q.where('item', '=', item);
  q = q.groupBy(['item', 'option']);
  if (by) q = q.groupBy(COLUMN[by]);
  return q.execute();
}

/** Option counts of some items per round, for the answers matching `filters` (trends). */
export async function optionCountsByRound(db: DbOrTrx, roundIds: string[], filters: Filters, items: string[]): Promise<(CountRow & { roundId: string })[]> {
  if (roundIds.length === 0 || items.length === 0) return [];
  let q = stats(db)
    .selectFrom('barometer_stat_counts')
    .select(['round_id as roundId', sql<null>`null`.as('group'), 'item', 'option', sql<number>`sum(n)::int`.as('n')])
    .where('round_id', 'in', roundIds)
    .where('item', 'in', items);
  for (const [d, v] of Object.entries(filters) as [Dimension, string][]) q = q.where(COLUMN[d], '=', v);
  return q.groupBy(['round_id', 'item', 'option']).execute();
}

export interface OwnRow {
  county: string;
  kind: string;
  sector: string;
  size: string;
  item: string;
  option: string;
  n: number;
}

/** One organisation's answers in a round, counted per finest cell, item and option. */
export async function organisationCounts(db: DbOrTrx, roundId: string, orgId: string): Promise<OwnRow[]> {
  const rows = await sql<OwnRow>`
    select coalesce(a.county_number, '') as county, a.org_kind as kind, a.sector, a.size_band as size, i.item, i.option, count(*)::int as n
      from barometer_answers a
      cross join lateral barometer_answer_items(a.innovated, a.innovation_count, a.under_development, a.latest, a.drivers, a.barriers, a.sector, a.size_band) i
     where a.round_id = ${roundId} and a.org_id = ${orgId}
     group by 1, 2, 3, 4, 5, 6`.execute(db);
  return rows.rows;
}
