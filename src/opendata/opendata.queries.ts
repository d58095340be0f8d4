import { sql } from 'kysely';
import { caseReadableBy } from '../cases/index.js';
import { ANONYMOUS } from '../core/viewer.js';
import type { DbOrTrx } from '../db/database.js';
import { sqlCan } from '../challenges/index.js';

/**
 * SQL for the open-data exports, feeds and sitemap. Everything here reads only what an anonymous
 * visitor may see: a case only when the read rule (cases.access.ts) lets the ANONYMOUS viewer read
 * it; challenges are public; a challenge response only when challenges.access.ts lets the anonymous
 * viewer read it. Lists are read in keyset batches (`after` = the last
 * id of the previous batch), so an export of any size holds one batch in memory.
 */

/** The read rule (cases.access.ts) for the anonymous viewer, for a table aliased `c`. */
const isPublicCase = caseReadableBy(ANONYMOUS, 'c');

/** A case id that may be named: anyone may read the case, else null (a draft's id is not for the public). */
const publicCaseIdOr = (column: string) =>
  sql<string | null>`(select x.id::text from cases x where x.id = ${sql.ref(column)} and ${caseReadableBy(ANONYMOUS, 'x')})`;

export async function publicCasesBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('cases as c')
    .innerJoin('organisations as o', 'o.id', 'c.owner_org_id')
    .where(isPublicCase)
    .where('c.id', '>', after)
    .orderBy('c.id')
    .limit(limit)
    .select([
      'c.id',
      'c.title',
      'c.summary',
      'c.problem',
      'c.what_is_new as whatIsNew',
      'c.types',
      'c.novelty',
      publicCaseIdOr('c.novelty_source_case_id').as('noveltySourceCaseId'),
      'c.stage',
      'c.status',
      'c.taken_into_use_on as takenIntoUseOn',
      'c.stopped_reason as stoppedReason',
      'c.initiators',
      'c.evaluated',
      'c.actively_spread as activelySpread',
      'c.challenges',
      'c.lessons',
      'c.success_conditions as successConditions',
      'c.how_to_replicate as howToReplicate',
      'c.cost_nok as costNok',
      'c.language',
      'c.cofog',
      'c.source',
      'c.source_url as sourceUrl',
      'c.adoption_count as adoptionCount',
      'c.looking_for_partners as lookingForPartners',
      'c.published_at as publishedAt',
      'c.updated_at as updatedAt',
      'o.orgnr as ownerOrgnr',
      'o.name as ownerName',
      'o.municipality_number as ownerMunicipalityNumber',
      'o.county_number as ownerCountyNumber',
      sql<string[]>`array(select o2.orgnr from case_coowners cc join organisations o2 on o2.id = cc.org_id where cc.case_id = c.id and o2.orgnr is not null order by o2.orgnr)`.as('coOwnerOrgnrs'),
      sql<string[]>`array(select ct.theme_uri from case_themes ct where ct.case_id = c.id order by ct.theme_uri)`.as('themes'),
    ])
    .execute();
}

/** Organisations with an organisation number: the public register (no members, no e-mail). */
export async function organisationsBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('organisations as o')
    .leftJoin('organisations as p', 'p.id', 'o.parent_id')
    .where('o.id', '>', after)
    .orderBy('o.id')
    .limit(limit)
    .select([
      'o.id',
      'o.orgnr',
      'o.name',
      'o.kind',
      'o.org_form as orgForm',
      'o.county_number as countyNumber',
      'o.municipality_number as municipalityNumber',
      'p.orgnr as parentOrgnr',
      'o.website',
      'o.country',
      sql<number>`(select count(*)::int from cases c where c.owner_org_id = o.id and ${isPublicCase})`.as('publicCases'),
      sql<number>`(select count(*)::int from challenges ch where ch.owner_org_id = o.id)`.as('challenges'),
      sql<number>`(select count(*)::int from adoptions a join cases c on c.id = a.source_case_id where a.adopter_org_id = o.id and ${isPublicCase})`.as('adoptions'),
      'o.updated_at as updatedAt',
    ])
    .execute();
}

/** Adoptions of public cases; the adopter's own case is named only when it is public too. */
export async function adoptionsBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('adoptions as a')
    .innerJoin('cases as c', 'c.id', 'a.source_case_id')
    .innerJoin('organisations as so', 'so.id', 'c.owner_org_id')
    .innerJoin('organisations as ao', 'ao.id', 'a.adopter_org_id')
    .where(isPublicCase)
    .where('a.id', '>', after)
    .orderBy('a.id')
    .limit(limit)
    .select([
      'a.id',
      'a.source_case_id as sourceCaseId',
      'c.title as sourceCaseTitle',
      'so.orgnr as sourceOrgnr',
      'ao.orgnr as adopterOrgnr',
      'ao.name as adopterName',
      'ao.municipality_number as adopterMunicipalityNumber',
      'ao.county_number as adopterCountyNumber',
      'a.adopted_on as adoptedOn',
      'a.changes',
      'a.result',
      publicCaseIdOr('a.adopter_case_id').as('adopterCaseId'),
      'a.created_at as createdAt',
    ])
    .execute();
}

export async function challengesBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('challenges as ch')
    .innerJoin('organisations as o', 'o.id', 'ch.owner_org_id')
    .where('ch.id', '>', after)
    .orderBy('ch.id')
    .limit(limit)
    .select([
      'ch.id',
      'ch.title',
      'ch.description',
      'ch.users_concerned as usersConcerned',
      'ch.looking_for as lookingFor',
      'ch.deadline',
      'ch.language',
      'ch.state',
      'ch.outcome',
      'ch.merged_into_id as mergedIntoId',
      'o.orgnr as ownerOrgnr',
      'o.name as ownerName',
      sql<string[]>`array(select o2.orgnr from challenge_coowners cc join organisations o2 on o2.id = cc.org_id where cc.challenge_id = ch.id and o2.orgnr is not null order by o2.orgnr)`.as('coOwnerOrgnrs'),
      sql<string[]>`array(select t.theme_uri from challenge_themes t where t.challenge_id = ch.id order by t.theme_uri)`.as('themes'),
      sql<number>`(select count(*)::int from challenge_responses r where r.challenge_id = ch.id and ${sqlCan('readResponse', ANONYMOUS, 'r')})`.as('publicResponses'),
      'ch.created_at as createdAt',
      'ch.updated_at as updatedAt',
    ])
    .execute();
}

/**
 * The responses anyone may read (challenges.access.ts, for the anonymous viewer): no private
 * proposal, no pending or declined request, no «we solved this» whose case is hidden.
 */
export async function publicResponsesBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('challenge_responses as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .where(sqlCan('readResponse', ANONYMOUS, 'r'))
    .where('r.id', '>', after)
    .orderBy('r.id')
    .limit(limit)
    .select(['r.id', 'r.challenge_id as challengeId', 'r.kind', 'o.orgnr', 'o.name as orgName', 'r.body', publicCaseIdOr('r.case_id').as('caseId'), 'r.created_at as createdAt'])
    .execute();
}

// ---- fingerprints (ETag / Last-Modified) ----

/** Count and newest change of what a dataset is made of; cheap aggregates over indexed tables. */
export async function fingerprint(db: DbOrTrx, dataset: string): Promise<{ count: number; last: Date | null; extra: string }> {
  const q = {
    cases: sql<{ count: number; last: Date | null; extra: string }>`
      select count(*)::int as count, max(c.updated_at) as last,
        (select count(*) || ':' || coalesce(max(a.created_at)::text, '') from adoptions a) || ':' || (select max(updated_at)::text from organisations) as extra
      from cases c where ${isPublicCase}`,
    organisations: sql<{ count: number; last: Date | null; extra: string }>`
      select count(*)::int as count, max(updated_at) as last,
        (select count(*) || ':' || coalesce(max(c.updated_at)::text, '') from cases c) || ':' || (select count(*) || ':' || coalesce(max(updated_at)::text, '') from challenges) || ':' || (select count(*) from adoptions) as extra
      from organisations`,
    adoptions: sql<{ count: number; last: Date | null; extra: string }>`
      select count(*)::int as count, max(a.created_at) as last,
        (select count(*) || ':' || coalesce(max(c.updated_at)::text, '') from cases c) || ':' || (select max(updated_at)::text from organisations) as extra
      from adoptions a`,
    challenges: sql<{ count: number; last: Date | null; extra: string }>`
      select count(*)::int as count, max(updated_at) as last,
        (select count(*) || ':' || coalesce(max(decided_at)::text, '') from challenge_responses) || ':' || (select count(*) from challenge_coowners) || ':' || (select max(updated_at)::text from organisations) as extra
      from challenges`,
    'challenge-responses': sql<{ count: number; last: Date | null; extra: string }>`
      select count(*)::int as count, greatest(max(created_at), max(decided_at)) as last,
        (select count(*) || ':' || coalesce(max(c.updated_at)::text, '') from cases c) || ':' || (select max(updated_at)::text from organisations) as extra
      from challenge_responses where public`,
  }[dataset];
  if (!q) return { count: 0, last: null, extra: '' };
  const row = (await q.execute(db)).rows[0]!;
  return { count: row.count, last: row.last ? new Date(row.last) : null, extra: row.extra ?? '' };
}

// ---- feeds ----

export interface FeedFilter {
  /** A LOS concept: cases tagged with it, or under it when it is a main theme. */
  theme?: string;
  orgnr?: string;
}

/** The newest public cases (by publication), at most `limit`. */
export async function newestPublicCases(db: DbOrTrx, filter: FeedFilter, limit: number) {
  let q = db
    .selectFrom('cases as c')
    .innerJoin('organisations as o', 'o.id', 'c.owner_org_id')
    .where(isPublicCase)
    .orderBy('c.published_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .select(['c.id', 'c.title', 'c.summary', 'c.language', 'c.published_at as publishedAt', 'c.updated_at as updatedAt', 'o.name as ownerName', 'o.orgnr as ownerOrgnr']);
  if (filter.theme) {
    const theme = filter.theme;
    q = q.where((eb) =>
      eb.or([
        eb(sql.val(theme), '=', sql<string>`any(c.facet_main_themes)`),
        eb.exists(eb.selectFrom('case_themes as ct').select('ct.case_id').whereRef('ct.case_id', '=', 'c.id').where('ct.theme_uri', '=', theme)),
      ]),
    );
  }
  if (filter.orgnr) {
    const orgnr = filter.orgnr;
    q = q.where((eb) =>
      eb.or([
        eb('o.orgnr', '=', orgnr),
        eb.exists(eb.selectFrom('case_coowners as cc').innerJoin('organisations as o3', 'o3.id', 'cc.org_id').select('cc.case_id').whereRef('cc.case_id', '=', 'c.id').where('o3.orgnr', '=', orgnr)),
      ]),
    );
  }
  return q.execute();
}

export async function newestChallenges(db: DbOrTrx, filter: FeedFilter, limit: number) {
  let q = db
    .selectFrom('challenges as ch')
    .innerJoin('organisations as o', 'o.id', 'ch.owner_org_id')
    .orderBy('ch.created_at', 'desc')
    .orderBy('ch.id', 'desc')
    .limit(limit)
    .select(['ch.id', 'ch.title', 'ch.description', 'ch.language', 'ch.state', 'ch.created_at as createdAt', 'ch.updated_at as updatedAt', 'o.name as ownerName', 'o.orgnr as ownerOrgnr']);
  if (filter.theme) {
    const theme = filter.theme;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('challenge_themes as t')
          .leftJoin('los_concepts as l', 'l.uri', 't.theme_uri')
          .select('t.challenge_id')
          .whereRef('t.challenge_id', '=', 'ch.id')
          .where((e) => e.or([e('t.theme_uri', '=', theme), e('l.main_theme', '=', theme)])),
      ),
    );
  }
  if (filter.orgnr) q = q.where('o.orgnr', '=', filter.orgnr);
  return q.execute();
}

export async function organisationName(db: DbOrTrx, orgnr: string): Promise<string | null> {
  const row = await db.selectFrom('organisations').select('name').where('orgnr', '=', orgnr).executeTakeFirst();
  return row?.name ?? null;
}

export async function themeLabels(db: DbOrTrx, uri: string) {
  return (await db.selectFrom('los_concepts').select(['label_nb as nb', 'label_nn as nn', 'label_en as en']).where('uri', '=', uri).executeTakeFirst()) ?? null;
}

// ---- sitemap ----

/** Public case ids with their last change, in keyset batches. */
export async function sitemapCasesBatch(db: DbOrTrx, after: string, limit: number) {
  return db.selectFrom('cases as c').where(isPublicCase).where('c.id', '>', after).orderBy('c.id').limit(limit).select(['c.id', 'c.updated_at as updatedAt']).execute();
}

export async function sitemapChallengesBatch(db: DbOrTrx, after: string, limit: number) {
  return db.selectFrom('challenges').where('id', '>', after).orderBy('id').limit(limit).select(['id', 'updated_at as updatedAt']).execute();
}

/**
 * Organisations with a page (an orgnr), each saying whether it has public activity (a public case,
 * a challenge or an adoption of a public case): the sitemap lists only those. All are returned so
 * the caller's keyset and chunk positions do not depend on the filter.
 */
export async function sitemapOrganisationsBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('organisations as o')
    .where('o.orgnr', 'is not', null)
    .where('o.id', '>', after)
    .orderBy('o.id')
    .limit(limit)
    .select((eb) => [
      'o.id',
      'o.orgnr',
      'o.updated_at as updatedAt',
      eb
        .or([
          eb.exists(eb.selectFrom('cases as c').select('c.id').whereRef('c.owner_org_id', '=', 'o.id').where(isPublicCase)),
          eb.exists(eb.selectFrom('challenges as ch').select('ch.id').whereRef('ch.owner_org_id', '=', 'o.id')),
          eb.exists(
            eb
              .selectFrom('adoptions as a')
              .innerJoin('cases as c2', 'c2.id', 'a.source_case_id')
              .select('a.id')
              .whereRef('a.adopter_org_id', '=', 'o.id')
              .where(caseReadableBy(ANONYMOUS, 'c2')),
          ),
        ])
        .as('active'),
    ])
    .execute();
}

/** Sitemap chunk planning: how many entries each kind may have (organisations: those with an orgnr, an upper bound). */
export async function sitemapSizes(db: DbOrTrx): Promise<{ cases: number; challenges: number; organisations: number }> {
  const row = await sql<{ cases: number; challenges: number; organisations: number }>`
    select (select count(*)::int from cases c where ${isPublicCase}) as cases,
           (select count(*)::int from challenges) as challenges,
           (select count(*)::int from organisations where orgnr is not null) as organisations`.execute(db);
  return row.rows[0]!;
}

/** The id just before the `offset`-th entry of a kind (keyset start of a sitemap chunk); '0' at the start, null past the end. */
export async function sitemapStartAfter(db: DbOrTrx, kind: 'cases' | 'challenges' | 'organisations', offset: number): Promise<string | null> {
  if (offset === 0) return '0';
  const q =
    kind === 'cases'
      ? sql<{ id: string }>`select c.id::text from cases c where ${isPublicCase} order by c.id offset ${offset - 1} limit 1`
      : kind === 'challenges'
        ? sql<{ id: string }>`select id::text from challenges order by id offset ${offset - 1} limit 1`
        : sql<{ id: string }>`select id::text from organisations where orgnr is not null order by id offset ${offset - 1} limit 1`;
  return (await q.execute(db)).rows[0]?.id ?? null;
}
