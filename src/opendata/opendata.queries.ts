import { sql } from 'kysely';
import { caseReadableBy } from '../cases/index.js';
import { ANONYMOUS } from '../core/viewer.js';
import type { DbOrTrx } from '../db/database.js';

/**
 * SQL for the feeds and the sitemap (the datasets' own SQL is in the features that declare them).
 * Everything here reads only what an anonymous visitor may see: a case only when the read rule
 * (cases.access.ts) lets the ANONYMOUS viewer read it; challenges are public. Lists are read in
 * keyset batches (`after` = the last id of the previous batch).
 */

/** The read rule (cases.access.ts) for the anonymous viewer, for a table aliased `c`. */
const isPublicCase = caseReadableBy(ANONYMOUS, 'c');

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
