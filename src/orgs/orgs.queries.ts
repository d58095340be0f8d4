import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { OrgKind } from '../db/schema.js';

// Counts of cases readable by anyone call `case_readable_by_anyone(c)`: the SQL function derived
// from the cases' read rule (db/derived.ts installs it at every start), so orgs, below cases, counts
// them by the one rule without importing it. The planner inlines it: the partial indexes on
// published public cases still serve these counts.

export interface OrgListFilter {
  kind?: OrgKind | undefined;
  county?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export interface OrgSummary {
  id: string;
  orgnr: string | null;
  name: string;
  kind: OrgKind;
  orgForm: string | null;
  countyNumber: string | null;
  countyName: string | null;
  municipalityNumber: string | null;
  country: string;
}

function filtered(db: DbOrTrx, f: Omit<OrgListFilter, 'limit' | 'offset'>) {
  let query = db.selectFrom('organisations').leftJoin('counties', 'counties.number', 'organisations.county_number');
  if (f.kind) query = query.where('organisations.kind', '=', f.kind);
  if (f.county) query = query.where('organisations.county_number', '=', f.county);
  if (f.q) {
    const words = f.q.toLowerCase().replace(/\s+/g, ' ').trim().split(' ').slice(0, 8);
    for (const w of words) {
      // Every word must occur somewhere in name, Sámi name, aliases or orgnr (the trigram index serves LIKE).
      query = query.where('organisations.search_text', 'like', `%${w.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
    }
  }
  return query;
}

/** One page of organisations and the total, in two statements whatever the page size. */
export async function listOrganisations(db: DbOrTrx, f: OrgListFilter): Promise<{ items: OrgSummary[]; total: number }> {
  const [items, total] = await Promise.all([
    filtered(db, f)
      .select([
        'organisations.id',
        'organisations.orgnr',
        'organisations.name',
        'organisations.kind',
        'organisations.org_form as orgForm',
        'organisations.county_number as countyNumber',
        'counties.name as countyName',
        'organisations.municipality_number as municipalityNumber',
        'organisations.country',
      ])
      // Norwegian alphabetical order: Æ, Ø and Å after Z.
      .orderBy(sql`organisations.name collate "nb-NO-x-icu"`)
      .orderBy('organisations.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    filtered(db, f)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n),
  ]);
  return { items, total };
}

export interface OrgDetail extends OrgSummary {
  nameSami: string | null;
  aliases: string[];
  website: string | null;
  parent: { orgnr: string | null; name: string } | null;
  activeMembers: number;
  /** Published public cases it owns or co-owns. */
  publishedCases: number;
  source: string;
}

const detailSelect = (db: DbOrTrx) =>
  db
    .selectFrom('organisations')
    .leftJoin('counties', 'counties.number', 'organisations.county_number')
    .leftJoin('organisations as parent', 'parent.id', 'organisations.parent_id')
    .select([
      'organisations.id',
      'organisations.orgnr',
      'organisations.name',
      'organisations.kind',
      'organisations.org_form as orgForm',
      'organisations.county_number as countyNumber',
      'counties.name as countyName',
      'organisations.municipality_number as municipalityNumber',
      'organisations.country',
      'organisations.name_sami as nameSami',
      'organisations.aliases',
      'organisations.website',
      'organisations.source',
      sql<{ orgnr: string | null; name: string } | null>`case when parent.id is null then null else json_build_object('orgnr', parent.orgnr, 'name', parent.name) end`.as('parent'),
      sql<number>`(select count(*)::int from memberships ms where ms.organisation_id = organisations.id and ms.status = 'active')`.as('activeMembers'),
      // Two index lookups (owner, co-owner) rather than one OR, which would scan every case.
      sql<number>`((select count(*)::int from cases c where c.owner_org_id = organisations.id and case_readable_by_anyone(c))
                 + (select count(*)::int from case_coowners cc join cases c on c.id = cc.case_id
                    where cc.org_id = organisations.id and case_readable_by_anyone(c)))`.as('publishedCases'),
    ]);

export async function findOrganisationByOrgnr(db: DbOrTrx, orgnr: string): Promise<OrgDetail | undefined> {
  return detailSelect(db).where('organisations.orgnr', '=', orgnr).executeTakeFirst();
}

export async function findOrganisationById(db: DbOrTrx, id: string): Promise<OrgDetail | undefined> {
  return detailSelect(db).where('organisations.id', '=', id).executeTakeFirst();
}

export async function orgnrExists(db: DbOrTrx, orgnr: string): Promise<boolean> {
  return !!(await db.selectFrom('organisations').select('id').where('orgnr', '=', orgnr).executeTakeFirst());
}

export async function insertOrganisation(
  db: DbOrTrx,
  v: { orgnr: string | null; name: string; kind: OrgKind; country: string; website: string | null; source: string; createdBy: string | null },
): Promise<{ id: string }> {
  return db
    .insertInto('organisations')
    .values({ orgnr: v.orgnr, name: v.name, kind: v.kind, country: v.country, website: v.website, source: v.source, created_by: v.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function listCounties(db: DbOrTrx): Promise<{ number: string; name: string }[]> {
  return db.selectFrom('counties').select(['number', 'name']).orderBy('number').execute();
}

/** Counts for the front page, in one statement. */
export async function platformCounts(db: DbOrTrx) {
  return db
    .selectNoFrom([
      sql<number>`(select count(*)::int from organisations where kind = 'municipality')`.as('municipalities'),
      sql<number>`(select count(*)::int from organisations where kind = 'county_authority')`.as('countyAuthorities'),
      sql<number>`(select count(*)::int from organisations where kind = 'state_agency')`.as('stateAgencies'),
      sql<number>`(select count(*)::int from organisations o
                   where o.kind in ('municipality','county_authority','state_agency','other_public') and o.country = 'NO'
                     and (exists (select 1 from memberships m where m.organisation_id = o.id and m.status = 'active')
                          or exists (select 1 from cases c where c.owner_org_id = o.id and case_readable_by_anyone(c))))`.as('onTeam'),
      sql<number>`(select count(*)::int from cases c where case_readable_by_anyone(c))`.as('publicCases'),
      sql<number>`(select count(*)::int from adoptions a join cases c on c.id = a.source_case_id where case_readable_by_anyone(c))`.as('adoptions'),
      // The demo content's author (demo@nytenk.invalid) is not a person.
      sql<number>`(select count(*)::int from users where disabled_at is null and email not like '%@nytenk.invalid')`.as('users'),
    ])
    .executeTakeFirstOrThrow();
}

// ---- memberships ----

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: 'member' | 'org_admin';
  status: 'pending' | 'active';
  createdAt: Date;
}

export async function listMembers(db: DbOrTrx, organisationId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.name', 'users.email', 'memberships.role', 'memberships.status', 'memberships.created_at as createdAt'])
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy(sql`users.name collate "nb-NO-x-icu"`)
    .execute();
}

export async function findMembership(db: DbOrTrx, userId: string, organisationId: string) {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function upsertMembership(
  db: DbOrTrx,
  v: { userId: string; organisationId: string; role: 'member' | 'org_admin'; status: 'pending' | 'active'; decidedBy: string | null },
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({
      user_id: v.userId,
      organisation_id: v.organisationId,
      role: v.role,
      status: v.status,
      decided_by: v.decidedBy,
      decided_at: v.status === 'active' ? new Date() : null,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'organisation_id']).doUpdateSet({
        role: v.role,
        status: v.status,
        decided_by: v.decidedBy,
        decided_at: v.status === 'active' ? new Date() : null,
      }),
    )
    .execute();
}

export async function deleteMembership(db: DbOrTrx, userId: string, organisationId: string): Promise<boolean> {
  const r = await db.deleteFrom('memberships').where('user_id', '=', userId).where('organisation_id', '=', organisationId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countActiveAdmins(db: DbOrTrx, organisationId: string): Promise<number> {
  const r = await db
    .selectFrom('memberships')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'org_admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return r.n;
}
