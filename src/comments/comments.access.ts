import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { caseAudience, caseReadableBy, canReadCase, type CaseAccessFacts } from '../cases/index.js';
import { type Viewer } from '../core/viewer.js';
import { canReadChallenge, type ChallengeAccessFacts } from '../challenges/index.js';
import type { EventVisibility } from '../db/schema.notifications.js';

/**
 * Who may read a comment, written once: a comment exists for a viewer exactly when they may read the
 * thing it is on (cases.access.ts for cases; challenges are public). Both forms below come from
 * those rules. The field rule: a hidden comment's text is kept for its author and platform admins.
 */

export type ThingFacts = { kind: 'case'; id: string; title: string; facts: CaseAccessFacts } | { kind: 'challenge'; id: string; title: string; facts: ChallengeAccessFacts };

/** May the viewer read the thing (and so its comments)? */
export function canReadThing(viewer: Viewer, thing: ThingFacts): boolean {
  return thing.kind === 'case' ? canReadCase(viewer, thing.facts) : canReadChallenge();
}

/** The same rule in SQL, for a `comments` row under `alias`: its case is readable, or it is on a challenge. */
export function commentReadableBy(viewer: Viewer, alias = 'c'): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const onCase = sql<SqlBool>`exists (select 1 from cases access_k where access_k.id = ${col('case_id')} and ${caseReadableBy(viewer, 'access_k')})`;
  // Every challenge is readable by everyone (challenges.policy.ts); deny the branch if that changes.
  const onChallenge = canReadChallenge() ? sql<SqlBool>`${col('challenge_id')} is not null` : sql<SqlBool>`false`;
  return sql<SqlBool>`(${onCase} or ${onChallenge})`;
}

/** Who may hear of activity on the thing: the widest audience that may read it. */
export function thingAudience(thing: ThingFacts): EventVisibility {
  return thing.kind === 'challenge' ? (canReadChallenge() ? 'public' : 'owners') : caseAudience(thing.facts);
}

/** Edit and delete: the author, while they may still read the thing. */
export function isAuthor(viewer: Viewer, comment: { authorId: string | null }): boolean {
  return viewer.userId !== null && comment.authorId === viewer.userId;
}

/** A hidden comment's text is kept for its author and platform admins only. */
export function canSeeHiddenText(viewer: Viewer, comment: { authorId: string | null }): boolean {
  return viewer.admin || isAuthor(viewer, comment);
}

/** A comment's text as the viewer may see it: null when deleted, or hidden from them. */
export function commentBodyFor(viewer: Viewer, comment: { authorId: string | null; body: string; deletedAt: unknown; hiddenAt: unknown }): string | null {
  if (comment.deletedAt) return null;
  if (comment.hiddenAt && !canSeeHiddenText(viewer, comment)) return null;
  return comment.body;
}
