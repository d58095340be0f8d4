import type { VNode } from 'preact';
import type { SectionContext } from '../core/feature.js';
import type { Db } from '../db/database.js';
import type { AuthContext } from '../http/context.js';
import type { CasePageSubject } from '../cases/index.js';
import type { ChallengePageSubject } from '../challenges/index.js';
import type { ThingKind } from './comments.model.js';
import { presentThread } from './comments.present.js';
import * as comments from './comments.service.js';
import { CommentsSection, type CommentSectionData } from './comments.views.js';

/** What comments add to other features' pages: the thread at the end of a case or challenge page. */

/**
 * The comments section for a case or challenge page: the thread as this viewer may see it and what
 * they may do; null when they may not read the thing. The page has already checked access with its
 * own policy; this checks again with the same one.
 */
export async function commentSection(db: Db, auth: AuthContext | null, kind: ThingKind, id: string): Promise<CommentSectionData | null> {
  const found = await comments.getThread(db, auth, kind, id);
  if (!found.ok) return null;
  return { thing: { kind, id, title: found.thing.title }, items: presentThread(found.items, found.viewer, found.can), can: found.can };
}

async function thread(ctx: SectionContext, subject: CasePageSubject | ChallengePageSubject, kind: ThingKind): Promise<VNode | null> {
  const data = await commentSection(ctx.db, ctx.request.auth, kind, subject.row.id);
  return data ? <CommentsSection ctx={subject.ctx} data={data} /> : null;
}

export const caseComments = (ctx: SectionContext, subject: CasePageSubject) => thread(ctx, subject, 'case');
export const challengeComments = (ctx: SectionContext, subject: ChallengePageSubject) => thread(ctx, subject, 'challenge');
