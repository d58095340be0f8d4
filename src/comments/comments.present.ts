import { commentBodyFor, isAuthor } from './comments.access.js';
import type { Viewer } from '../core/viewer.js';
import type { ThreadRow } from './comments.queries.js';
import type { ThreadPermissions } from './comments.service.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/** A comment as a reader sees it; built for pages and API alike from the thread and the viewer's rights. */
export interface CommentView {
  id: string;
  parentId: string | null;
  kind: 'comment' | 'question';
  /** Null when deleted, or hidden from this viewer. */
  body: string | null;
  authorName: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** The moderator's reason, when hidden. */
  hiddenReason: string | null;
  /** On a question: the id of its marked answer. */
  answerId: string | null;
  /** A reply marked as its question's answer. */
  isAnswer: boolean;
  /** A reply to a question (a candidate answer). */
  repliesToQuestion: boolean;
  mine: boolean;
  flaggedByViewer: boolean;
  /** Open reports, for moderators only. */
  openFlags: number | null;
}

export function presentThread(rows: ThreadRow[], viewer: Viewer, can: ThreadPermissions): CommentView[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows.map((r) => {
    const parent = r.parentId ? byId.get(r.parentId) : undefined;
    const deleted = r.deletedAt !== null;
    const hidden = r.hiddenAt !== null;
    return {
      id: r.id,
      parentId: r.parentId,
      kind: r.kind,
      body: commentBodyFor(viewer, r),
      authorName: deleted ? null : r.authorName,
      createdAt: iso(r.createdAt),
      editedAt: r.editedAt ? iso(r.editedAt) : null,
      deleted,
      hiddenReason: hidden ? r.hiddenReason : null,
      answerId: r.kind === 'question' ? r.answerId : null,
      isAnswer: parent?.answerId === r.id,
      repliesToQuestion: parent?.kind === 'question',
      mine: isAuthor(viewer, r),
      flaggedByViewer: r.flaggedByViewer,
      openFlags: can.canModerate ? r.openFlags : null,
    };
  });
}

/** The API's view of a comment. */
export function presentComment(c: CommentView) {
  return {
    id: c.id,
    parentId: c.parentId,
    kind: c.kind,
    body: c.body,
    author: c.authorName !== null ? { name: c.authorName } : null,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    deleted: c.deleted,
    hidden: c.hiddenReason !== null ? { reason: c.hiddenReason } : null,
    answered: c.kind === 'question' ? c.answerId !== null : null,
    answerId: c.answerId,
    isAnswer: c.isAnswer,
    mine: c.mine,
    flaggedByYou: c.flaggedByViewer,
    openFlags: c.openFlags,
  };
}
