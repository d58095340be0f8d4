import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { OrgKind } from '../db/schema.js';

export interface PartnerFilter {
  q?: string | undefined;
  kind?: OrgKind | undefined;
  county?: string | undefined;
  /** A main LOS theme URI. */
  theme?: string | undefined;
  looking?: boolean | undefined;
}

type Dimension = 'kind' | 'county' | 'theme' | 'looking';

/**
 * Organisations with their partner profile (partner_profiles, kept by triggers from what an
 * anonymous visitor may see). A theme or «looking» filter makes the join an inner one that starts
 * from the profiles' own indexes, so it never walks the 100k organisations; `skip` leaves one
 * filter out, for that dimension's facet counts.
 */
function filtered(db: DbOrTrx, f: PartnerFilter, skip?: Dimension, profiled = false) {
  // Only organisations with a profile can match a theme or «looking»: join inner then, so the plan
  // may start from the profiles (a left join under an unnest is not narrowed by the planner).
  const inner = profiled || (f.theme && skip !== 'theme') || (f.looking && skip !== 'looking');
  const from = db.selectFrom('organisations as o');
  let query = inner ? from.innerJoin('partner_profiles as p', 'p.org_id', 'o.id') : from.leftJoin('partner_profiles as p', 'p.org_id', 'o.id');
  if (f.kind && skip !== 'kind') query = query.where('o.kind', '=', f.kind);
  if (f.county && skip !== 'county') query = query.where('o.county_number', '=', f.county);
  if (f.theme && skip !== 'theme') query = query.where(sql<boolean>`p.themes @> array[${f.theme}]::text[]`);
  if (f.looking && skip !== 'looking') query = query.where('p.looking', '=', true);
  if (f.q) {
    const words = f.q.toLowerCase().replace(/\s+/g, ' ').trim().split(' ').filter(Boolean).slice(0, 8);
    // Every word somewhere in the name, Sámi name, aliases or orgnr (the trigram index serves LIKE).
    for (const w of words) query = query.where('o.search_text', 'like', `%${w.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  }
  return query;
}

export interface PartnerRow {
  id: string;
  orgnr: string | null;
  name: string;
  kind: OrgKind;
  countyNumber: string | null;
  countyName: string | null;
  country: string;
  publicCases: number;
  openChallenges: number;
  themes: string[];
  looking: boolean;
  caseNeeds: string[];
  challengeNeeds: string[];
}

/** One page of matching organisations in Norwegian alphabetical order, and the total: two statements. */
export async function searchPartners(db: DbOrTrx, f: PartnerFilter & { limit: number; offset: number }): Promise<{ items: PartnerRow[]; total: number }> {
  const [items, total] = await Promise.all([
    filtered(db, f)
      .leftJoin('counties', 'counties.number', 'o.county_number')
      .select([
        'o.id',
        'o.orgnr',
        'o.name',
        'o.kind',
        'o.county_number as countyNumber',
        'counties.name as countyName',
        'o.country',
        sql<number>`coalesce(p.public_cases, 0)`.as('publicCases'),
        sql<number>`coalesce(p.open_challenges, 0)`.as('openChallenges'),
        sql<string[]>`coalesce(p.themes, '{}')`.as('themes'),
        sql<boolean>`coalesce(p.looking, false)`.as('looking'),
        sql<string[]>`coalesce(p.case_needs, '{}')`.as('caseNeeds'),
        sql<string[]>`coalesce(p.challenge_needs, '{}')`.as('challengeNeeds'),
      ])
      .orderBy(sql`o.name collate "nb-NO-x-icu"`)
      .orderBy('o.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    filtered(db, f)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n),
  ]);
  return { items: items as PartnerRow[], total };
}

export interface PartnerFacets {
  kinds: Record<string, number>;
  counties: Record<string, number>;
  themes: Record<string, number>;
  looking: number;
}

/** How many organisations each choice of each filter would give, the other filters kept: four statements. */
export async function partnerFacets(db: DbOrTrx, f: PartnerFilter): Promise<PartnerFacets> {
  const [kinds, counties, themes, looking] = await Promise.all([
    filtered(db, f, 'kind').select(['o.kind as key', sql<number>`count(*)::int`.as('n')]).groupBy('o.kind').execute(),
    filtered(db, f, 'county').where('o.county_number', 'is not', null).select(['o.county_number as key', sql<number>`count(*)::int`.as('n')]).groupBy('o.county_number').execute(),
    filtered(db, f, 'theme', true)
      .innerJoin(sql<{ theme: string }>`unnest(p.themes)`.as('t'), (join) => join.onTrue())
      .select([sql<string>`t.t`.as('key'), sql<number>`count(*)::int`.as('n')])
      .groupBy(sql`t.t`)
      .execute(),
    filtered(db, f, 'looking', true).where('p.looking', '=', true).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const toMap = (rows: { key: string | null; n: number }[]) => Object.fromEntries(rows.filter((r) => r.key !== null).map((r) => [r.key!, r.n]));
  return { kinds: toMap(kinds), counties: toMap(counties), themes: toMap(themes), looking: looking.n };
}

/** One organisation's profile (zeros when it has none). */
export async function partnerProfile(db: DbOrTrx, orgId: string) {
  const row = await db
    .selectFrom('partner_profiles')
    .select(['public_cases as publicCases', 'open_challenges as openChallenges', 'themes', 'looking', 'case_needs as caseNeeds', 'challenge_needs as challengeNeeds'])
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row ?? { publicCases: 0, openChallenges: 0, themes: [], looking: false, caseNeeds: [], challengeNeeds: [] };
}

/** An organisation's challenges (posted or co-owned), those still open first, newest first; and how many. */
export async function orgChallenges(db: DbOrTrx, orgId: string, limit: number) {
  const base = () =>
    db.selectFrom('challenges as h').where((eb) =>
      eb.or([
        eb('h.owner_org_id', '=', orgId),
        eb.exists(eb.selectFrom('challenge_coowners as cc').select('cc.challenge_id').whereRef('cc.challenge_id', '=', 'h.id').where('cc.org_id', '=', orgId)),
      ]),
    );
  const [items, total] = await Promise.all([
    base()
      .select(['h.id', 'h.title', 'h.state', 'h.outcome', 'h.language', 'h.looking_for as lookingFor'])
      .orderBy(sql`h.state = 'closed'`)
      .orderBy('h.created_at', 'desc')
      .orderBy('h.id', 'desc')
      .limit(limit)
      .execute(),
    base()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n),
  ]);
  return { items, total };
}

/**
 * The challenges a case solves («we solved this», accepted by the challenge's owners: a pending or
 * declined request is not shown). Challenges are readable by all; the caller has already been
 * allowed to read the case.
 */
export async function challengesSolvedByCase(db: DbOrTrx, caseId: string) {
  return db
    .selectFrom('challenges as h')
    .select(['h.id', 'h.title', 'h.state', 'h.language'])
    .where((eb) => eb.exists(eb.selectFrom('challenge_responses as r').select('r.id').whereRef('r.challenge_id', '=', 'h.id').where('r.kind', '=', 'solved').where('r.request_status', '=', 'accepted').where('r.case_id', '=', caseId)))
    .orderBy('h.created_at')
    .orderBy('h.id')
    .execute();
}
