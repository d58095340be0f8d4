import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DbOrTrx } from '../db/database.js';
import type { Viewer } from '../core/viewer.js';
import { sqlCan } from './challenges.access.js';
import type { ChallengeValues, Outcome, RequestStatus, ResponseKind } from './challenges.model.js';

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
 * The responses to a challenge the viewer may read, oldest first, with organisation and linked case.
 * Which rows, and which of their fields (sender, request state), come from challenges.access.ts;
 * so do the per-row actions the viewer may take (decide a request, share a private proposal).
 */
export async function listResponses(db: DbOrTrx, challengeId: string, viewer: Viewer) {
  const readSender = sqlCan('readSender', viewer);
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
      sql<string | null>`case when ${readSender} then u.name end`.as('senderName'),
      sql<string | null>`case when ${readSender} then u.email end`.as('senderEmail'),
      sql<RequestStatus | null>`case when ${sqlCan('readRequest', viewer)} then r.request_status end`.as('requestStatus'),
      // A «we solved this» the owners accepted: the case is shown as solving the challenge.
      sql<boolean>`r.kind = 'solved' and r.request_status = 'accepted'`.as('linked'),
      sql<boolean>`coalesce(${sqlCan('decideRequest', viewer)}, false)`.as('canDecide'),
      sql<boolean>`coalesce(${sqlCan('shareProposal', viewer)}, false)`.as('canShare'),
    ])
    .select(sql<boolean>`exists (select 1 from challenge_coowners cc where cc.challenge_id = r.challenge_id and cc.org_id = r.org_id)`.as('coOwner'))
    .where('r.challenge_id', '=', challengeId)
    .where(sqlCan('readResponse', viewer))
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
}

export type ResponseRow = Awaited<ReturnType<typeof listResponses>>[number];

/** Inserts a response; null when the same one was already there (one «same need» per organisation, one link per case). */
export async function insertResponse(
  db: DbOrTrx,
  r: { challengeId: string; kind: ResponseKind; orgId: string; userId: string; body: string; caseId: string | null; public: boolean; requestStatus: RequestStatus | null; readerOrgIds: string[] },
): Promise<string | null> {
  const row = await db
    .insertInto('challenge_responses')
    .values({
      challenge_id: r.challengeId,
      kind: r.kind,
      org_id: r.orgId,
      user_id: r.userId,
      body: r.body,
      case_id: r.caseId,
      public: r.public,
      request_status: r.requestStatus,
      reader_org_ids: r.readerOrgIds,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * An organisation that said «same need» without asking to join asks now: its response becomes a
 * pending request. Returns its id, or null when it has no such response (or already asked).
 */
export async function requestJoinOnSameNeed(db: DbOrTrx, challengeId: string, orgId: string): Promise<string | null> {
  const row = await db
    .updateTable('challenge_responses')
    .set({ request_status: 'pending' })
    .where('challenge_id', '=', challengeId)
    .where('org_id', '=', orgId)
    .where('kind', '=', 'same_need')
    .where('request_status', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** One response with what the access rules need (its linked case's facts too); `forUpdate` locks it. */
export async function loadResponse(db: DbOrTrx, challengeId: string, responseId: string, forUpdate = false) {
  let q = db
    .selectFrom('challenge_responses as r')
    .leftJoin('cases', 'cases.id', 'r.case_id')
    .select([
      'r.id',
      'r.kind',
      'r.public',
      'r.request_status as requestStatus',
      'r.org_id as orgId',
      'r.user_id as userId',
      'r.reader_org_ids as readerOrgIds',
      'r.case_id as caseId',
      'cases.owner_org_id as caseOwnerOrgId',
      'cases.visibility as caseVisibility',
    ])
    .select(sql<boolean>`cases.published_at is not null`.as('casePublished'))
    .select(sql<string[]>`coalesce((select array_agg(cc.org_id::text) from case_coowners cc where cc.case_id = r.case_id), '{}')`.as('caseCoOwnerIds'))
    .where('r.challenge_id', '=', challengeId)
    .where('r.id', '=', responseId);
  if (forUpdate) q = q.forUpdate('r') as typeof q;
  return q.executeTakeFirst();
}

export type StoredResponse = NonNullable<Awaited<ReturnType<typeof loadResponse>>>;

/** Records an owner's answer to a request. */
export async function decideRequest(db: DbOrTrx, responseId: string, status: 'accepted' | 'declined', userId: string): Promise<void> {
  await db.updateTable('challenge_responses').set({ request_status: status, decided_by: userId, decided_at: sql`now()` }).where('id', '=', responseId).execute();
}

/** Adds the challenge's current co-owners to a response's readers; returns those added. */
export async function shareWithCoOwners(db: DbOrTrx, responseId: string): Promise<string[]> {
  const r = await sql<{ added: string[] }>`
    with now_owners as (
      select cc.org_id from challenge_responses r join challenge_coowners cc on cc.challenge_id = r.challenge_id where r.id = ${responseId}::bigint
    ),
    added as (
      select coalesce(array_agg(o.org_id), '{}') as ids from now_owners o, challenge_responses r
      where r.id = ${responseId}::bigint and not (o.org_id = any(r.reader_org_ids))
    ),
    upd as (
      update challenge_responses r set reader_org_ids = r.reader_org_ids || (select ids from added)
      where r.id = ${responseId}::bigint returning 1
    )
    select (select ids::text[] from added) as added, (select count(*) from upd) as n`.execute(db);
  return r.rows[0]?.added ?? [];
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
