import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { CaseAccessFacts } from '../cases/index.js';
import { commentReadableBy, type ThingFacts } from './comments.access.js';
import type { Viewer } from '../core/viewer.js';
import { THREAD_LIMIT, type CommentKind, type FlagReason, type ThingKind } from './comments.model.js';

/** What the policy needs to know about a case or a challenge, and its title; undefined when there is none. */
export async function thingFacts(db: DbOrTrx, kind: ThingKind, id: string): Promise<ThingFacts | undefined> {
  if (kind === 'case') {
    const c = await db
      .selectFrom('cases')
      .select(['cases.id', 'cases.title', 'cases.owner_org_id as ownerOrgId', 'cases.published_at as publishedAt', 'cases.visibility'])
      .select(sql<string[]>`coalesce((select array_agg(cc.org_id::text) from case_coowners cc where cc.case_id = cases.id), '{}')`.as('coOwnerIds'))
      .where('cases.id', '=', id)
      .executeTakeFirst();
    if (!c) return undefined;
    return { kind, id: c.id, title: c.title, facts: { ownerOrgId: c.ownerOrgId, coOwnerIds: c.coOwnerIds, published: c.publishedAt !== null, visibility: c.visibility as CaseAccessFacts['visibility'] } };
  }
  const c = await db
    .selectFrom('challenges')
    .select(['challenges.id', 'challenges.title', 'challenges.owner_org_id as ownerOrgId'])
    .select(sql<string[]>`coalesce((select array_agg(cc.org_id::text order by cc.joined_at) from challenge_coowners cc where cc.challenge_id = challenges.id), '{}')`.as('coOwnerIds'))
    .where('challenges.id', '=', id)
    .executeTakeFirst();
  if (!c) return undefined;
  return { kind, id: c.id, title: c.title, facts: { ownerOrgId: c.ownerOrgId, coOwnerIds: c.coOwnerIds } };
}

const thingColumn = (kind: ThingKind) => (kind === 'case' ? 'c.case_id' : 'c.challenge_id') as 'c.case_id';

/**
 * A thing's comments in thread order (each top-level comment followed by its replies, oldest
 * first), with author names, and for `viewerId` whether they flagged each one. One statement.
 */
export async function listThread(db: DbOrTrx, kind: ThingKind, thingId: string, viewer: Viewer) {
  const viewerId = viewer.userId;
  return db
    .selectFrom('comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.parent_id as parentId',
      'c.kind',
      'c.body',
      'c.author_id as authorId',
      'u.name as authorName',
      'c.created_at as createdAt',
      'c.edited_at as editedAt',
      'c.deleted_at as deletedAt',
      'c.hidden_at as hiddenAt',
      'c.hidden_reason as hiddenReason',
      'c.answer_id as answerId',
    ])
    .select(sql<number>`(select count(*)::int from comment_flags f where f.comment_id = c.id and f.resolved_at is null)`.as('openFlags'))
    .select(
      viewerId
        ? sql<boolean>`exists (select 1 from comment_flags f where f.comment_id = c.id and f.user_id = ${viewerId})`.as('flaggedByViewer')
        : sql<boolean>`false`.as('flaggedByViewer'),
    )
    .where(thingColumn(kind), '=', thingId)
    .where(commentReadableBy(viewer, 'c'))
    .orderBy(sql`coalesce(c.parent_id, c.id)`)
    .orderBy(sql`c.parent_id is not null`)
    .orderBy('c.id')
    .limit(THREAD_LIMIT)
    .execute();
}

export type ThreadRow = Awaited<ReturnType<typeof listThread>>[number];

/** One comment with the thing it belongs to; `forUpdate` locks it for a change. */
export async function loadComment(db: DbOrTrx, id: string, forUpdate = false) {
  let q = db
    .selectFrom('comments as c')
    .select([
      'c.id',
      'c.case_id as caseId',
      'c.challenge_id as challengeId',
      'c.parent_id as parentId',
      'c.kind',
      'c.body',
      'c.author_id as authorId',
      'c.created_at as createdAt',
      'c.deleted_at as deletedAt',
      'c.hidden_at as hiddenAt',
      'c.hidden_reason as hiddenReason',
      'c.answer_id as answerId',
    ])
    .where('c.id', '=', id);
  if (forUpdate) q = q.forUpdate() as typeof q;
  return q.executeTakeFirst();
}

export type StoredComment = NonNullable<Awaited<ReturnType<typeof loadComment>>>;

/**
 * Serialises a user's rate-limited writes of one kind (across app processes) until the transaction
 * ends, so that two requests at once cannot both count nine and both insert.
 */
export async function lockUserWrites(db: DbOrTrx, what: 'comment' | 'flag', userId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${what}:${userId}`}, 0))`.execute(db);
}

export async function countRecentComments(db: DbOrTrx, userId: string, minutes: number): Promise<number> {
  const r = await db
    .selectFrom('comments')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('author_id', '=', userId)
    .where('created_at', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function countRecentFlags(db: DbOrTrx, userId: string, minutes: number): Promise<number> {
  const r = await db
    .selectFrom('comment_flags')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function insertComment(db: DbOrTrx, c: { kind: ThingKind; thingId: string; parentId: string | null; commentKind: CommentKind; body: string; authorId: string }): Promise<string> {
  const row = await db
    .insertInto('comments')
    .values({
      case_id: c.kind === 'case' ? c.thingId : null,
      challenge_id: c.kind === 'challenge' ? c.thingId : null,
      parent_id: c.parentId,
      kind: c.commentKind,
      body: c.body,
      author_id: c.authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** True when the author may still edit (within `hours` of writing). */
export async function withinEditWindow(db: DbOrTrx, id: string, hours: number): Promise<boolean> {
  const r = await db
    .selectFrom('comments')
    .select(sql<boolean>`created_at > now() - make_interval(hours => ${hours})`.as('ok'))
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.ok === true;
}

export async function updateComment(db: DbOrTrx, id: string, v: { body: string; kind: CommentKind }): Promise<void> {
  await db.updateTable('comments').set({ body: v.body, kind: v.kind, edited_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function markDeleted(db: DbOrTrx, id: string): Promise<void> {
  await db.updateTable('comments').set({ deleted_at: sql<Date>`now()` }).where('id', '=', id).execute();
  // A deleted reply is no answer any more.
  await db.updateTable('comments').set({ answer_id: null, answered_by: null, answered_at: null }).where('answer_id', '=', id).execute();
}

export async function setHidden(db: DbOrTrx, id: string, hidden: { by: string; reason: string } | null): Promise<void> {
  await db
    .updateTable('comments')
    .set(hidden ? { hidden_at: sql<Date>`now()`, hidden_by: hidden.by, hidden_reason: hidden.reason } : { hidden_at: null, hidden_by: null, hidden_reason: null })
    .where('id', '=', id)
    .execute();
}

export async function setAnswer(db: DbOrTrx, questionId: string, answerId: string | null, userId: string): Promise<void> {
  await db
    .updateTable('comments')
    .set(answerId ? { answer_id: answerId, answered_by: userId, answered_at: sql<Date>`now()` } : { answer_id: null, answered_by: null, answered_at: null })
    .where('id', '=', questionId)
    .execute();
}

/** A flag; false when this user had already flagged the comment. */
export async function insertFlag(db: DbOrTrx, f: { commentId: string; userId: string; reason: FlagReason; note: string }): Promise<boolean> {
  const row = await db
    .insertInto('comment_flags')
    .values({ comment_id: f.commentId, user_id: f.userId, reason: f.reason, note: f.note })
    .onConflict((oc) => oc.doNothing())
    .returning('comment_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Takes a comment's open flags off the moderation list (hidden, or the moderator found nothing wrong). */
export async function resolveFlags(db: DbOrTrx, commentId: string, userId: string): Promise<void> {
  await db.updateTable('comment_flags').set({ resolved_at: sql<Date>`now()`, resolved_by: userId }).where('comment_id', '=', commentId).where('resolved_at', 'is', null).execute();
}

/**
 * Comments with open flags, most flagged first, on things owned by `orgIds` (null: everywhere, for
 * platform admins). One statement however many.
 */
export async function listFlagged(db: DbOrTrx, orgIds: string[] | null, limit: number) {
  let q = db
    .selectFrom('comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .leftJoin('cases as k', 'k.id', 'c.case_id')
    .leftJoin('challenges as ch', 'ch.id', 'c.challenge_id')
    .select([
      'c.id',
      'c.case_id as caseId',
      'c.challenge_id as challengeId',
      'c.kind',
      'c.body',
      'c.author_id as authorId',
      'u.name as authorName',
      'c.created_at as createdAt',
      'c.deleted_at as deletedAt',
      'c.hidden_at as hiddenAt',
      'c.hidden_reason as hiddenReason',
    ])
    .select(sql<string>`coalesce(k.title, ch.title)`.as('thingTitle'))
    .select(sql<number>`(select count(*)::int from comment_flags f where f.comment_id = c.id and f.resolved_at is null)`.as('openFlags'))
    .select(
      sql<{ reason: FlagReason; note: string }[]>`(select coalesce(json_agg(json_build_object('reason', f.reason, 'note', f.note) order by f.created_at), '[]'::json) from comment_flags f where f.comment_id = c.id and f.resolved_at is null)`.as(
        'flags',
      ),
    )
    .where(sql<boolean>`exists (select 1 from comment_flags f where f.comment_id = c.id and f.resolved_at is null)`);
  if (orgIds !== null) {
    const ids = orgIds.length ? orgIds : ['0'];
    q = q.where((eb) =>
      eb.or([
        eb('k.owner_org_id', 'in', ids),
        eb('ch.owner_org_id', 'in', ids),
        eb.exists(eb.selectFrom('case_coowners as cc').select(sql`1`.as('x')).whereRef('cc.case_id', '=', 'c.case_id').where('cc.org_id', 'in', ids)),
        eb.exists(eb.selectFrom('challenge_coowners as hc').select(sql`1`.as('x')).whereRef('hc.challenge_id', '=', 'c.challenge_id').where('hc.org_id', 'in', ids)),
      ]),
    );
  }
  return q.orderBy(sql`"openFlags"`, 'desc').orderBy('c.id', 'desc').limit(limit).execute();
}

export type FlaggedRow = Awaited<ReturnType<typeof listFlagged>>[number];
