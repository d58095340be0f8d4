import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { BodyFacts } from '../core/indicators.js';
import { caseReadableBy } from '../cases/index.js';
import { ANONYMOUS } from '../core/viewer.js';
import { closedRoundSql } from '../barometer/index.js';

/** The dashboard counts only what anyone may read: the case read rule for the anonymous viewer. */
const publicCase = (alias: string) => caseReadableBy(ANONYMOUS, alias);

/*
 * SQL behind the participation map and the on-board indicators. Only public facts count: published
 * public cases, adoptions of published public cases, and the bare fact that a body has active
 * members or barometer answers (never who, never what they answered).
 *
 * «Has answered the barometer» counts closed rounds only (barometer/disclosure.ts rule 1), in the
 * round's year: while a round is open the level does not move, so watching the map during a round
 * does not tell which organisation just answered (issue 14, finding 1).
 */

/**
 * Every municipality, county authority and state agency with the years in which it had each kind of
 * fact: one statement, whatever the period (the period is applied in memory: dashboard.model.ts).
 * Each source is grouped by (org, year) before it meets the 600-odd bodies, so the statement reads
 * the cases' (owner, published_at) index rather than the case rows.
 */
export async function bodyFacts(db: DbOrTrx, today?: string): Promise<BodyFacts[]> {
  const { rows } = await sql<{
    id: string;
    orgnr: string | null;
    name: string;
    kind: BodyFacts['kind'];
    county_number: string | null;
    municipality_number: string | null;
    member_since: number | null;
    case_years: number[] | null;
    barometer_years: number[] | null;
    adoption_years: number[] | null;
  }>`
    with bodies as (
      select id from organisations where kind in ('municipality', 'county_authority', 'state_agency')
    ),
    members as (
      select m.organisation_id as org_id, min(extract(year from coalesce(m.decided_at, m.created_at)))::int as since
      from memberships m where m.status = 'active' and m.organisation_id in (select id from bodies)
      group by m.organisation_id
    ),
    case_facts as (
      select org_id, array_agg(y order by y) as years from (
        select c.owner_org_id as org_id, extract(year from c.published_at)::int as y
        from cases c
        where ${publicCase('c')} and c.owner_org_id in (select id from bodies)
        union
        select cc.org_id, extract(year from c.published_at)::int
        from case_coowners cc join cases c on c.id = cc.case_id
        where ${publicCase('c')} and cc.org_id in (select id from bodies)
      ) x group by org_id
    ),
    barometer_facts as (
      select org_id, array_agg(y order by y) as years from (
        select distinct b.org_id, r.year as y
        from barometer_answers b join barometer_rounds r on r.id = b.round_id
        where b.org_id in (select id from bodies) and ${closedRoundSql('r', today)}
      ) x group by org_id
    ),
    adoption_facts as (
      select org_id, array_agg(y order by y) as years from (
        select a.adopter_org_id as org_id, extract(year from a.adopted_on)::int as y
        from adoptions a join cases s on s.id = a.source_case_id
        where ${publicCase('s')}
        union
        select s.owner_org_id, extract(year from a.adopted_on)::int
        from adoptions a join cases s on s.id = a.source_case_id
        where ${publicCase('s')}
      ) x where org_id in (select id from bodies) group by org_id
    )
    select o.id::text as id, o.orgnr, o.name, o.kind, o.county_number, o.municipality_number,
      mb.since as member_since, cf.years as case_years, bf.years as barometer_years, af.years as adoption_years
    from organisations o
    left join members mb on mb.org_id = o.id
    left join case_facts cf on cf.org_id = o.id
    left join barometer_facts bf on bf.org_id = o.id
    left join adoption_facts af on af.org_id = o.id
    where o.kind in ('municipality', 'county_authority', 'state_agency')
    order by o.kind, o.county_number nulls last, o.name, o.id
  `.execute(db);
  return rows.map((r) => ({
    id: r.id,
    orgnr: r.orgnr,
    name: r.name,
    kind: r.kind,
    countyNumber: r.county_number,
    municipalityNumber: r.municipality_number,
    memberSince: r.member_since,
    caseYears: r.case_years ?? [],
    barometerYears: r.barometer_years ?? [],
    adoptionYears: r.adoption_years ?? [],
  }));
}

/** The counties (number, name), by number. */
export async function counties(db: DbOrTrx): Promise<{ number: string; name: string }[]> {
  return db.selectFrom('counties').select(['number', 'name']).orderBy('number').execute();
}
