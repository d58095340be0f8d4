/**
 * Test and benchmark helpers: rounds and answer rows written straight into the tables (bulk, through
 * jsonb_to_recordset), bypassing the questionnaire. Answers from bench/generate.ts
 * (`BenchBarometerAnswer`) are mapped onto the agreed row shape by orgnr.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { BenchBarometerAnswer } from '../../bench/generate.js';

/** One answer row as barometer_answers stores it. */
export interface FixtureAnswer {
  roundId: string;
  orgId: string;
  orgKind: string;
  countyNumber: string | null;
  sector: string;
  sizeBand: string;
  language: string;
  innovated: boolean;
  innovationCount: string | null;
  underDevelopment: boolean | null;
  latest: BenchBarometerAnswer['latest'];
  drivers: Record<string, number | null>;
  barriers: Record<string, number | null>;
  submittedOn: string;
}

/** Creates a round (or returns the one with that key). */
export async function ensureRound(db: DbOrTrx, key: string, year: number, title = `Barometer ${year}`): Promise<string> {
  const found = await db.selectFrom('barometer_rounds').select('id').where('key', '=', key).executeTakeFirst();
  if (found) return String(found.id);
  const row = await db
    .insertInto('barometer_rounds')
    .values({
      key,
      title,
      year,
      period_from: `${year - 2}-09-01`,
      period_to: `${year}-08-31`,
      opens_on: `${year}-09-01`,
      closes_on: `${year}-11-15`,
      questionnaire_version: 1,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/** Inserts answer rows, `batch` per statement (each statement also updates the statistics' counts). */
export async function insertAnswers(db: DbOrTrx, answers: Iterable<FixtureAnswer>, batch = 5000): Promise<number> {
  let buffer: FixtureAnswer[] = [];
  let count = 0;
  const flush = async () => {
    if (buffer.length === 0) return;
    const json = JSON.stringify(
      buffer.map((a) => ({
        round_id: a.roundId,
        org_id: a.orgId,
        org_kind: a.orgKind,
        county_number: a.countyNumber,
        sector: a.sector,
        size_band: a.sizeBand,
        language: a.language,
        innovated: a.innovated,
        innovation_count: a.innovationCount,
        under_development: a.underDevelopment,
        latest: a.latest,
        drivers: a.drivers,
        barriers: a.barriers,
        submitted_on: a.submittedOn,
      })),
    );
    await sql`
      insert into barometer_answers (round_id, questionnaire_version, org_id, org_kind, county_number, sector, size_band, language,
                                     innovated, innovation_count, under_development, latest, drivers, barriers, submitted_on)
      select x.round_id, 1, x.org_id, x.org_kind, x.county_number, x.sector, x.size_band, x.language,
             x.innovated, x.innovation_count, x.under_development, x.latest, x.drivers, x.barriers, x.submitted_on
        from jsonb_to_recordset(${json}::jsonb) as x(round_id bigint, org_id bigint, org_kind text, county_number text, sector text, size_band text,
             language text, innovated boolean, innovation_count text, under_development boolean, latest jsonb, drivers jsonb, barriers jsonb, submitted_on date)`.execute(db);
    count += buffer.length;
    buffer = [];
  };
  for (const a of answers) {
    buffer.push(a);
    if (buffer.length >= batch) await flush();
  }
  await flush();
  return count;
}

export interface OrgRef {
  id: string;
  kind: string;
  countyNumber: string | null;
}

/** Organisations by orgnr (for mapping generated answers onto rows). */
export async function organisationsByOrgnr(db: DbOrTrx, orgnrs: Iterable<string>): Promise<Map<string, OrgRef>> {
  const list = [...new Set(orgnrs)];
  const out = new Map<string, OrgRef>();
  for (let i = 0; i < list.length; i += 5000) {
    const rows = await db
      .selectFrom('organisations')
      .select(['id', 'orgnr', 'kind', 'county_number'])
      .where('orgnr', 'in', list.slice(i, i + 5000))
      .execute();
    for (const r of rows) out.set(r.orgnr!, { id: String(r.id), kind: r.kind, countyNumber: r.county_number });
  }
  return out;
}

/** A generated answer as a row of the given round, or null when its organisation is not in the database. */
export function fromBench(a: BenchBarometerAnswer, roundId: string, orgs: Map<string, OrgRef>): FixtureAnswer | null {
  const org = orgs.get(a.orgnr);
  if (!org) return null;
  return {
    roundId,
    orgId: org.id,
    orgKind: org.kind,
    countyNumber: org.countyNumber,
    sector: a.sector,
    sizeBand: a.sizeBand,
    language: a.language,
    innovated: a.innovated,
    innovationCount: a.innovationCount,
    underDevelopment: a.underDevelopment,
    latest: a.latest,
    drivers: a.drivers,
    barriers: a.barriers,
    submittedOn: a.submittedAt.slice(0, 10),
  };
}

/**
 * A small round's worth of answers for pages under test (axe, browser tests): Oslo kommune (65 answers
 * over two size bands), a state agency in Oslo (30), three answers from it in Vestland, and eight
 * answers from each of six municipalities in Vestland and five in Innlandet — 186 answers from 13
 * organisations, so the round meets the group rule (disclosure.ts) and Oslo is under half of it.
 */
export async function seedStatisticsAnswers(db: DbOrTrx, roundId: string): Promise<void> {
  const oslo = await db.selectFrom('organisations').select(['id', 'county_number']).where('orgnr', '=', '958935420').executeTakeFirstOrThrow();
  const state = await db.selectFrom('organisations').select('id').where('kind', '=', 'state_agency').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const rows: FixtureAnswer[] = [];
  const add = (orgId: string, kind: string, county: string | null, sector: string, size: string, n: number) => {
    for (let i = 0; i < n; i++) {
      const innovated = i % 4 !== 0;
      rows.push({
        roundId,
        orgId,
        orgKind: kind,
        countyNumber: county,
        sector,
        sizeBand: size,
        language: 'nb',
        innovated,
        innovationCount: innovated ? (['1', '2-3', '4-5', '6+'] as const)[i % 4]! : null,
        underDevelopment: innovated ? null : i % 8 === 0,
        latest: innovated
          ? {
              types: i % 3 === 0 ? ['service', 'process'] : ['process'],
              origin: (['first_of_its_kind', 'inspired', 'reused'] as const)[i % 3]!,
              initiators: ['employees'],
              developedWith: i % 2 ? ['business'] : [],
              values: ['efficiency', 'quality'],
              evaluated: i % 2 ? 'yes' : 'no',
              activelySpread: i % 5 ? 'no' : 'yes',
            }
          : null,
        drivers: { leadership_support: (i % 6) + 1, employee_ideas: ((i + 2) % 6) + 1, new_technology: i % 7 ? (i % 6) + 1 : null },
        barriers: { lack_of_time: 6 - (i % 6), regulations: ((i + 3) % 6) + 1 },
        submittedOn: '2026-10-01',
      });
    }
  };
  add(String(oslo.id), 'municipality', oslo.county_number, 'municipal', '10-49', 40);
  add(String(oslo.id), 'municipality', oslo.county_number, 'municipal', '50-249', 25);
  add(String(state.id), 'state_agency', '03', 'state', '250+', 30);
  add(String(state.id), 'state_agency', '46', 'state', '250+', 3);
  for (const [county, count] of [['46', 6], ['34', 5]] as const) {
    const munis = await db.selectFrom('organisations').select(['id']).where('kind', '=', 'municipality').where('county_number', '=', county).orderBy('id').limit(count).execute();
    for (const m of munis) add(String(m.id), 'municipality', county, 'municipal', '10-49', 8);
  }
  await insertAnswers(db, rows);
}
