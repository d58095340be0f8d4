import type { Db, DbOrTrx } from '../db/database.js';
import { insertAudit } from '../core/audit.js';
import type { AuthContext } from '../http/context.js';
import { recordEvent } from '../core/events.js';
import { COMMENT_RATE_LIMIT, EDIT_WINDOW_HOURS, FLAG_RATE_LIMIT, type ThingKind } from './comments.model.js';
import { canComment, canFlag, canMarkAnswer, canModerate, canReadThing, eventVisibility, isAuthor, ownerOrgIdsOf, type ThingFacts } from './comments.policy.js';
import { viewerOf, type Viewer } from '../core/viewer.js';
import * as q from './comments.queries.js';
import { validateComment, validateFlag, validateHide, type CommentViolations } from './comments.validation.js';
import type { Failure as OutcomeFailure } from '../core/outcome.js';

export type Failure = OutcomeFailure<{ reason: 'duplicate' } | { reason: 'rate_limited'; what: 'comment' | 'flag' } | { reason: 'invalid'; violations: CommentViolations }>;

interface Meta {
  requestId?: string | undefined;
}

const has = (v: CommentViolations) => Object.keys(v).length > 0;

/** The page of the thing, and the anchor of one comment on it. */
export function thingPath(thing: { kind: ThingKind; id: string }, commentId?: string): string {
  const base = thing.kind === 'case' ? `/cases/${thing.id}` : `/challenges/${thing.id}`;
  return commentId ? `${base}#comment-${commentId}` : base;
}

const subject = (thing: ThingFacts) => (thing.kind === 'case' ? (`case:${thing.id}` as const) : (`challenge:${thing.id}` as const));

/** What the viewer may do on a thread; the views and the API show actions from this, the service checks again. */
export interface ThreadPermissions {
  signedIn: boolean;
  canComment: boolean;
  canMarkAnswer: boolean;
  canModerate: boolean;
}

export function permissionsOn(viewer: Viewer, thing: ThingFacts): ThreadPermissions {
  return { signedIn: viewer.userId !== null, canComment: canComment(viewer, thing), canMarkAnswer: canMarkAnswer(viewer, thing), canModerate: canModerate(viewer, thing) };
}

export type ThreadOutcome = { ok: true; thing: ThingFacts; viewer: Viewer; items: q.ThreadRow[]; can: ThreadPermissions } | { ok: false; reason: 'not_found' };

/** A thing's comments, if the viewer may read the thing (otherwise it does not exist for them). */
export async function getThread(db: Db, auth: AuthContext | null, kind: ThingKind, thingId: string): Promise<ThreadOutcome> {
  const viewer = viewerOf(auth);
  const thing = await q.thingFacts(db, kind, thingId);
  if (!thing || !canReadThing(viewer, thing)) return { ok: false, reason: 'not_found' };
  const items = await q.listThread(db, kind, thingId, viewer);
  return { ok: true, thing, viewer, items, can: permissionsOn(viewer, thing) };
}

export type PostOutcome = { ok: true; commentId: string; path: string } | Failure;

/**
 * Posts a comment, a question or a reply (to a top-level comment on the same thing), within the
 * user's rate limit. The event for followers and the audit entry (which also drops cached pages)
 * are written in the same transaction.
 */
export async function postComment(db: Db, auth: AuthContext | null, kind: ThingKind, thingId: string, input: Record<string, unknown>, meta: Meta = {}): Promise<PostOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<PostOutcome> => {
    const thing = await q.thingFacts(trx, kind, thingId);
    if (!thing || !canReadThing(viewer, thing)) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canComment(viewer, thing)) return { ok: false, reason: 'forbidden' };
    const { value, violations } = validateComment(input);
    if (value.parentId && !violations.parentId) {
      const parent = await q.loadComment(trx, value.parentId);
      const sameThing = parent && (kind === 'case' ? parent.caseId : parent.challengeId) === thingId;
      if (!parent || !sameThing) violations.parentId = { code: 'unknown_parent' };
      else if (parent.parentId) violations.parentId = { code: 'reply_to_reply' };
      else if (parent.deletedAt || parent.hiddenAt) violations.parentId = { code: 'gone' };
    }
    if (has(violations)) return { ok: false, reason: 'invalid', violations };
    await q.lockUserWrites(trx, 'comment', auth.user.id);
    if ((await q.countRecentComments(trx, auth.user.id, COMMENT_RATE_LIMIT.windowMinutes)) >= COMMENT_RATE_LIMIT.max) return { ok: false, reason: 'rate_limited', what: 'comment' };
    const commentId = await q.insertComment(trx, { kind, thingId, parentId: value.parentId, commentKind: value.kind, body: value.body, authorId: auth.user.id });
    const path = thingPath(thing, commentId);
    await recordEvent(trx, {
      kind: 'comment.created',
      subjects: [subject(thing)],
      actorUserId: auth.user.id,
      title: thing.title,
      path,
      visibility: eventVisibility(thing),
      ownerOrgIds: ownerOrgIdsOf(thing),
    });
    await insertAudit(trx, {
      actorUserId: auth.user.id,
      action: 'comment.create',
      entityType: 'comment',
      entityId: commentId,
      details: { on: subject(thing), kind: value.kind, parentId: value.parentId },
      requestId: meta.requestId ?? null,
    });
    return { ok: true, commentId, path };
  });
}

type Loaded = { ok: true; comment: q.StoredComment; thing: ThingFacts; viewer: Viewer } | { ok: false; reason: 'not_found' };

/** A comment and its thing, if the viewer may read the thing. */
async function loadReadable(db: DbOrTrx, auth: AuthContext | null, commentId: string, forUpdate = false): Promise<Loaded> {
  const viewer = viewerOf(auth);
  const comment = await q.loadComment(db, commentId, forUpdate);
  if (!comment) return { ok: false, reason: 'not_found' };
  const thing = comment.caseId ? await q.thingFacts(db, 'case', comment.caseId) : await q.thingFacts(db, 'challenge', comment.challengeId!);
  if (!thing || !canReadThing(viewer, thing)) return { ok: false, reason: 'not_found' };
  return { ok: true, comment, thing, viewer };
}

/** One comment with what the viewer may do to it, for the action pages (edit, report, hide). */
export async function getComment(db: Db, auth: AuthContext | null, commentId: string) {
  const found = await loadReadable(db, auth, commentId);
  if (!found.ok) return found;
  const { comment, thing, viewer } = found;
  return {
    ok: true as const,
    comment,
    thing,
    viewer,
    path: thingPath(thing, comment.id),
    isAuthor: isAuthor(viewer, comment),
    can: permissionsOn(viewer, thing),
  };
}

export type ChangeOutcome = { ok: true; path: string } | Failure;

async function audit(trx: DbOrTrx, auth: AuthContext, action: string, commentId: string, thing: ThingFacts, meta: Meta, details: Record<string, unknown> = {}) {
  await insertAudit(trx, { actorUserId: auth.user.id, action, entityType: 'comment', entityId: commentId, details: { on: subject(thing), ...details }, requestId: meta.requestId ?? null });
}

/** The author corrects their comment (text, and comment ↔ question on a top-level post) within the edit window. */
export async function editComment(db: Db, auth: AuthContext | null, commentId: string, input: Record<string, unknown>, meta: Meta = {}): Promise<ChangeOutcome> {
  return db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const found = await loadReadable(trx, auth, commentId, true);
    if (!found.ok) return found;
    const { comment, thing, viewer } = found;
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!isAuthor(viewer, comment)) return { ok: false, reason: 'forbidden' };
    const { value, violations } = validateComment(input, { kind: comment.kind, parentId: comment.parentId });
    if (comment.deletedAt || comment.hiddenAt) violations.body = { code: 'gone' };
    else if (!(await q.withinEditWindow(trx, commentId, EDIT_WINDOW_HOURS))) violations.body = { code: 'edit_window' };
    // A question that has an answer stays a question.
    if (comment.answerId && value.kind !== 'question') violations.kind = { code: 'invalid_choice' };
    if (has(violations)) return { ok: false, reason: 'invalid', violations };
    await q.updateComment(trx, commentId, { body: value.body, kind: value.kind });
    await audit(trx, auth, 'comment.edit', commentId, thing, meta);
    return { ok: true, path: thingPath(thing, commentId) };
  });
}

/** The author deletes their comment: it stays as a placeholder so replies keep their place. */
export async function deleteComment(db: Db, auth: AuthContext | null, commentId: string, meta: Meta = {}): Promise<ChangeOutcome> {
  return db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const found = await loadReadable(trx, auth, commentId, true);
    if (!found.ok) return found;
    const { comment, thing, viewer } = found;
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!isAuthor(viewer, comment)) return { ok: false, reason: 'forbidden' };
    if (!comment.deletedAt) {
      await q.markDeleted(trx, commentId);
      await audit(trx, auth, 'comment.delete', commentId, thing, meta);
    }
    return { ok: true, path: thingPath(thing, commentId) };
  });
}

/** Reports a comment to its moderators; one report per user per comment, within the user's rate limit. */
export async function flagComment(db: Db, auth: AuthContext | null, commentId: string, input: Record<string, unknown>, meta: Meta = {}): Promise<ChangeOutcome> {
  return db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const found = await loadReadable(trx, auth, commentId);
    if (!found.ok) return found;
    const { comment, thing, viewer } = found;
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canFlag(viewer, thing)) return { ok: false, reason: 'forbidden' };
    const { value, violations } = validateFlag(input);
    if (has(violations)) return { ok: false, reason: 'invalid', violations };
    if (comment.deletedAt) return { ok: true, path: thingPath(thing, commentId) };
    await q.lockUserWrites(trx, 'flag', auth.user.id);
    if ((await q.countRecentFlags(trx, auth.user.id, FLAG_RATE_LIMIT.windowMinutes)) >= FLAG_RATE_LIMIT.max) return { ok: false, reason: 'rate_limited', what: 'flag' };
    if (!(await q.insertFlag(trx, { commentId, userId: auth.user.id, reason: value.reason, note: value.note }))) return { ok: false, reason: 'duplicate' };
    await audit(trx, auth, 'comment.flag', commentId, thing, meta, { reason: value.reason });
    return { ok: true, path: thingPath(thing, commentId) };
  });
}

/** A moderator hides a comment with a reason everyone sees; its open reports are resolved. */
export async function hideComment(db: Db, auth: AuthContext | null, commentId: string, input: Record<string, unknown>, meta: Meta = {}): Promise<ChangeOutcome> {
  return db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const found = await loadReadable(trx, auth, commentId, true);
    if (!found.ok) return found;
    const { thing, viewer } = found;
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canModerate(viewer, thing)) return { ok: false, reason: 'forbidden' };
    const { reason, violations } = validateHide(input);
    if (has(violations)) return { ok: false, reason: 'invalid', violations };
    await q.setHidden(trx, commentId, { by: auth.user.id, reason });
    await q.resolveFlags(trx, commentId, auth.user.id);
    await audit(trx, auth, 'comment.hide', commentId, thing, meta, { reason });
    return { ok: true, path: thingPath(thing, commentId) };
  });
}

export async function unhideComment(db: Db, auth: AuthContext | null, commentId: string, meta: Meta = {}): Promise<ChangeOutcome> {
  return db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const found = await loadReadable(trx, auth, commentId, true);
    if (!found.ok) return found;
    const { comment, thing, viewer } = found;
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canModerate(viewer, thing)) return { ok: false, reason: 'forbidden' };
    if (comment.hiddenAt) {
      await q.setHidden(trx, commentId, null);
      await audit(trx, auth, 'comment.unhide', commentId, thing, meta);
    }
    return { ok: true, path: thingPath(thing, commentId) };
  });
}

/** A moderator finds nothing wrong: the reports leave the moderation list, the comment stays. */
export async function dismissFlags(db: Db, auth: AuthContext | null, commentId: string, meta: Meta = {}): Promise<ChangeOutcome> {
  return db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const found = await loadReadable(trx, auth, commentId);
    if (!found.ok) return found;
    const { thing, viewer } = found;
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canModerate(viewer, thing)) return { ok: false, reason: 'forbidden' };
    await q.resolveFlags(trx, commentId, auth.user.id);
    await audit(trx, auth, 'comment.flags_dismiss', commentId, thing, meta);
    return { ok: true, path: thingPath(thing, commentId) };
  });
}

/**
 * The owners mark a reply as the answer to its question (replacing an earlier answer), or unmark
 * it. Marking records a `comment.answered` event for followers.
 */
export async function markAnswer(db: Db, auth: AuthContext | null, replyId: string, answer: boolean, meta: Meta = {}): Promise<ChangeOutcome> {
  return db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const found = await loadReadable(trx, auth, replyId);
    if (!found.ok) return found;
    const { comment, thing, viewer } = found;
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canMarkAnswer(viewer, thing)) return { ok: false, reason: 'forbidden' };
    const question = comment.parentId ? await q.loadComment(trx, comment.parentId, true) : undefined;
    if (!question || question.kind !== 'question') return { ok: false, reason: 'invalid', violations: { answer: { code: 'not_a_reply' } } };
    if (answer) {
      if (comment.deletedAt || comment.hiddenAt) return { ok: false, reason: 'invalid', violations: { answer: { code: 'gone' } } };
      if (question.answerId !== comment.id) {
        await q.setAnswer(trx, question.id, comment.id, auth.user.id);
        await recordEvent(trx, {
          kind: 'comment.answered',
          subjects: [subject(thing)],
          actorUserId: auth.user.id,
          title: thing.title,
          path: thingPath(thing, comment.id),
          visibility: eventVisibility(thing),
          ownerOrgIds: ownerOrgIdsOf(thing),
        });
        await audit(trx, auth, 'comment.answer', question.id, thing, meta, { answerId: comment.id });
      }
    } else if (question.answerId === comment.id) {
      await q.setAnswer(trx, question.id, null, auth.user.id);
      await audit(trx, auth, 'comment.unanswer', question.id, thing, meta, { answerId: comment.id });
    }
    return { ok: true, path: thingPath(thing, comment.id) };
  });
}

/** Reported comments for a moderator: on things their organisations own (org admins), or all (platform admins). */
export async function listFlagged(db: Db, auth: AuthContext | null) {
  if (!auth) return { ok: false as const, reason: 'unauthenticated' as const };
  const viewer = viewerOf(auth);
  if (!viewer.admin && viewer.adminOrgIds.length === 0) return { ok: false as const, reason: 'forbidden' as const };
  return { ok: true as const, items: await q.listFlagged(db, viewer.admin ? null : viewer.adminOrgIds, 200) };
}
