import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DbOrTrx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { visibleTo as caseVisibleTo } from '../cases/cases.queries.js';
import type { Viewer } from './challenges.policy.js';
import type { ChallengeValues, Outcome, ResponseKind } from './challenges.model.js';

function valuesToRow(v: ChallengeValues) {
  return {
    title: v.title,
    description: v.description,
    users_concerned: v.usersConcerned,
    looking_for: v.lookingFor,
    deadline: v.deadline,
    contact_name: v.contactName,
    contact_email: v.contactEmail,
    language: v.language,
  };
}

export async function orgsByOrgnr(db: DbOrTrx, orgnrs: string[]) {
  if (orgnrs.length === 0) return [];
  return db.selectFrom('organisations').select(['id', 'orgnr', 'name', 'kind']).where('orgnr', 'in', orgnrs).execute();
}

export async function insertChallenge(db: DbOrTrx, v: ChallengeValues, meta: { ownerOrgId: string; userId: string }): Promise<string> {
  const row = await db
    .insertInto('challenges')
    .values({ ...valuesToRow(v), owner_org_id: meta.ownerOrgId, created_by: meta.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateChallengeRow(db: DbOrTrx, id: string, v: ChallengeValues, version: number): Promise<void> {
  await db
    .updateTable('challenges')
    .set({ ...valuesToRow(v), version, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function replaceThemes(db: DbOrTrx, id: string, themes: string[]): Promise<void> {
  await db.deleteFrom('challenge_themes').where('challenge_id', '=', id).execute();
  if (themes.length) await db.insertInto('challenge_themes').values(themes.map((theme_uri) => ({ challenge_id: id, theme_uri }))).execute();
}

export async function insertStateChange(
  db: DbOrTrx,
  c: { challengeId: string; from: string | null; to: string; outcome: Outcome | null; mergedInto: string | null; reason: string; changedOn?: string; userId: string },
): Promise<void> {
  await db
    .insertInto('challenge_state_changes')
    .values({
      challenge_id: c.challengeId,
      from_state: c.from,
      to_state: c.to,
      outcome: c.outcome,
      merged_into_id: c.mergedInto,
      reason: c.reason,
      changed_by: c.userId,
      ...(c.changedOn ? { changed_on: c.changedOn } : {}),
    })
    .execute();
}

export async function setState(db: DbOrTrx, id: string, s: { state: string; outcome: Outcome | null; mergedInto: string | null; version: number }): Promise<void> {
  await db
    .updateTable('challenges')
    .set({ state: s.state, outcome: s.outcome, merged_into_id: s.mergedInto, version: s.version, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setVersion(db: DbOrTrx, id: string, version: number): Promise<void> {
  await db.updateTable('challenges').set({ version, updated_at: sql`now()` }).where('id', '=', id).execute();
}

/** The challenge as stored, with its access facts; `forUpdate` locks the row for the transaction. */
export async function loadChallenge(db: DbOrTrx, id: string, forUpdate = false) {
  let q = db
    .selectFrom('challenges')
    .selectAll('challenges')
    .select(() => [
      sql<string[]>`coalesce((select array_agg(cc.org_id::text order by cc.joined_at) from challenge_coowners cc where cc.challenge_id = challenges.id), '{}')`.as('coOwnerIds'),
      sql<string[]>`coalesce((select array_agg(ct.theme_uri order by ct.theme_uri) from challenge_themes ct where ct.challenge_id = challenges.id), '{}')`.as('themeUris'),
      sql<string>`coalesce((select max(sc.changed_on)::text from challenge_state_changes sc where sc.challenge_id = challenges.id), challenges.created_at::date::text)`.as('lastChangedOn'),
    ])
    .where('challenges.id', '=', id);
  if (forUpdate) q = q.forUpdate('challenges') as typeof q;
  return q.executeTakeFirst();
}

export type StoredChallenge = NonNullable<Awaited<ReturnType<typeof loadChallenge>>>;

export function storedToValues(c: StoredChallenge): ChallengeValues {
  return {
    title: c.title,
    description: c.description,
    usersConcerned: c.users_concerned,
    lookingFor: c.looking_for as ChallengeValues['lookingFor'],
    themes: c.themeUris,
    deadline: c.deadline,
    contactName: c.contact_name,
    contactEmail: c.contact_email,
    language: c.language as ChallengeValues['language'],
  };
}

export async function challengeRef(db: DbOrTrx, id: string) {
  return db.selectFrom('challenges').select(['id', 'title', 'state', 'outcome']).where('id', '=', id).executeTakeFirst();
}

/** Everything a challenge page shows but the responses, in one statement (children as JSON arrays). */
export async function challengeDetail(db: DbOrTrx, id: string) {
  return db
    .selectFrom('challenges')
    .innerJoin('organisations as owner', 'owner.id', 'challenges.owner_org_id')
    .selectAll('challenges')
    .select(['owner.orgnr as ownerOrgnr', 'owner.name as ownerName'])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('challenge_coowners as cc')
          .innerJoin('organisations as o', 'o.id', 'cc.org_id')
          .select(['o.id', 'o.orgnr', 'o.name', 'cc.joined_at as joinedAt'])
          .whereRef('cc.challenge_id', '=', 'challenges.id')
          .orderBy('cc.joined_at'),
      ).as('coOwners'),
      jsonArrayFrom(
        eb
          .selectFrom('challenge_themes as ct')
          .innerJoin('los_concepts as l', 'l.uri', 'ct.theme_uri')
          .select(['l.uri', 'l.label_nb as labelNb', 'l.label_nn as labelNn', 'l.label_en as labelEn'])
          .whereRef('ct.challenge_id', '=', 'challenges.id')
          .orderBy('l.label_nb'),
      ).as('themes'),
      jsonArrayFrom(
        eb
          .selectFrom('challenge_state_changes as sc')
          .leftJoin('challenges as m', 'm.id', 'sc.merged_into_id')
          .select(['sc.id', 'sc.from_state as from', 'sc.to_state as to', 'sc.outcome', 'sc.reason', 'sc.changed_on as changedOn', 'sc.at', 'sc.merged_into_id as mergedIntoId', 'm.title as mergedIntoTitle'])
          .whereRef('sc.challenge_id', '=', 'challenges.id')
          .orderBy('sc.changed_on')
          .orderBy('sc.at'),
      ).as('stateChanges'),
      jsonObjectFrom(eb.selectFrom('challenges as mi').select(['mi.id', 'mi.title']).whereRef('mi.id', '=', 'challenges.merged_into_id')).as('mergedInto'),
      sql<string[]>`coalesce((select array_agg(cc.org_id::text) from challenge_coowners cc where cc.challenge_id = challenges.id), '{}')`.as('coOwnerIds'),
    ])
    .where('challenges.id', '=', id)
    .executeTakeFirst();
}

export type ChallengeDetailRow = NonNullable<Awaited<ReturnType<typeof challengeDetail>>>;

export interface ChallengeListFilter {
  state?: string | undefined;
  theme?: string | undefined;
  /** Owned (posted or co-owned) by the organisation with this orgnr. */
  ownerOrgnr?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of challenges, newest first, with owners and themes: two statements for any page size. */
export async function listChallenges(db: DbOrTrx, f: ChallengeListFilter) {
  const base = () => {
    let q = db.selectFrom('challenges');
    if (f.state) q = q.where('challenges.state', '=', f.state);
    if (f.ownerOrgnr) {
      const orgnr = f.ownerOrgnr;
      q = q.where((eb) => {
        const org = eb.selectFrom('organisations as fo').select('fo.id').where('fo.orgnr', '=', orgnr);
        return eb.or([
          eb('challenges.owner_org_id', 'in', org),
          eb.exists(eb.selectFrom('challenge_coowners as fc').select('fc.challenge_id').whereRef('fc.challenge_id', '=', 'challenges.id').where('fc.org_id', 'in', org)),
        ]);
      });
    }
    if (f.theme) {
      const theme = f.theme;
      // A main theme matches the challenges tagged with any concept under it.
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('challenge_themes as ct')
            .innerJoin('los_concepts as l', 'l.uri', 'ct.theme_uri')
            .select('ct.challenge_id')
            .whereRef('ct.challenge_id', '=', 'challenges.id')
            .where((e) => e.or([e('l.uri', '=', theme), e('l.main_theme', '=', theme)])),
        ),
      );
    }
    return q;
  };
  const [items, total] = await Promise.all([
    base()
      .innerJoin('organisations as owner', 'owner.id', 'challenges.owner_org_id')
      .select([
        'challenges.id',
        'challenges.title',
        'challenges.description',
        'challenges.state',
        'challenges.outcome',
        'challenges.deadline',
        'challenges.looking_for as lookingFor',
        'challenges.language',
        'challenges.created_at as createdAt',
        'challenges.updated_at as updatedAt',
        'owner.orgnr as ownerOrgnr',
        'owner.name as ownerName',
      ])
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('challenge_coowners as cc')
            .innerJoin('organisations as o', 'o.id', 'cc.org_id')
            .select(['o.orgnr', 'o.name'])
            .whereRef('cc.challenge_id', '=', 'challenges.id')
            .orderBy('cc.joined_at'),
        ).as('coOwners'),
        jsonArrayFrom(
          eb
            .selectFrom('challenge_themes as ct')
            .innerJoin('los_concepts as l', 'l.uri', 'ct.theme_uri')
            .select(['l.uri', 'l.label_nb as labelNb', 'l.label_nn as labelNn', 'l.label_en as labelEn'])
            .whereRef('ct.challenge_id', '=', 'challenges.id')
            .orderBy('l.label_nb'),
        ).as('themes'),
      ])
      .orderBy('challenges.created_at', 'desc')
      .orderBy('challenges.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n),
  ]);
  return { items, total };
}

export type ChallengeListItem = Awaited<ReturnType<typeof listChallenges>>['items'][number];

/**
 * Lists must filter with the same rules as `canSeeResponse` (challenges.policy.ts): public
 * responses for all, private proposals for owners, the proposer's organisation and admins. A
 * «we solved this» shows only when the viewer may read the case it links to.
 */
function responseVisibleTo(viewer: Viewer, ownerOrgIds: string[]) {
  return (eb: ExpressionBuilder<DB & { r: DB['challenge_responses'] }, 'r' | 'cases'>): Expression<SqlBool> => {
    const caseOk = viewer.admin ? sql<SqlBool>`true` : caseVisibleTo(viewer)(eb as unknown as ExpressionBuilder<DB, 'cases'>);
    const solvedOk = eb.or([eb('r.kind', '<>', 'solved'), caseOk]);
    if (viewer.admin || ownerOrgIds.some((id) => viewer.orgIds.includes(id))) return solvedOk;
    const orgIds = viewer.orgIds.length ? viewer.orgIds : ['0'];
    return eb.and([solvedOk, eb.or([eb('r.public', '=', true), eb('r.org_id', 'in', orgIds)])]);
  };
}

/** The responses to a challenge the viewer may see, oldest first, with organisation and linked case. */
export async function listResponses(db: DbOrTrx, challengeId: string, viewer: Viewer, ownerOrgIds: string[]) {
  return db
    .selectFrom('challenge_responses as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('cases', 'cases.id', 'r.case_id')
    .select([
      'r.id',
      'r.kind',
      'r.body',
      'r.public',
      'r.created_at as createdAt',
      'r.org_id as orgId',
      'o.orgnr',
      'o.name as orgName',
      'o.kind as orgKind',
      'r.case_id as caseId',
      'cases.title as caseTitle',
      'u.name as senderName',
      'u.email as senderEmail',
    ])
    .select(sql<boolean>`exists (select 1 from challenge_coowners cc where cc.challenge_id = r.challenge_id and cc.org_id = r.org_id)`.as('coOwner'))
    .where('r.challenge_id', '=', challengeId)
    .where(responseVisibleTo(viewer, ownerOrgIds))
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
}

export type ResponseRow = Awaited<ReturnType<typeof listResponses>>[number];

/** Inserts a response; null when the same one was already there (one «same need» per organisation, one link per case). */
export async function insertResponse(
  db: DbOrTrx,
  r: { challengeId: string; kind: ResponseKind; orgId: string; userId: string; body: string; caseId: string | null; public: boolean },
): Promise<string | null> {
  const row = await db
    .insertInto('challenge_responses')
    .values({ challenge_id: r.challengeId, kind: r.kind, org_id: r.orgId, user_id: r.userId, body: r.body, case_id: r.caseId, public: r.public })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertCoOwner(db: DbOrTrx, challengeId: string, orgId: string): Promise<void> {
  await db.insertInto('challenge_coowners').values({ challenge_id: challengeId, org_id: orgId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function deleteCoOwner(db: DbOrTrx, challengeId: string, orgId: string): Promise<boolean> {
  const r = await db.deleteFrom('challenge_coowners').where('challenge_id', '=', challengeId).where('org_id', '=', orgId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** What `canReadCase` needs to know about a case, for «we solved this». */
export async function caseAccess(db: DbOrTrx, caseId: string) {
  return db
    .selectFrom('cases')
    .select(['cases.id', 'cases.owner_org_id as ownerOrgId', 'cases.published_at as publishedAt', 'cases.visibility'])
    .select(sql<string[]>`coalesce((select array_agg(cc.org_id::text) from case_coowners cc where cc.case_id = cases.id), '{}')`.as('coOwnerIds'))
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
}
