import { canReadCase, viewerOf, type CaseAccessFacts, type Viewer } from '../cases/cases.policy.js';
import { canReadChallenge, isChallengeOwner, ownerOrgIds as challengeOwnerOrgIds, type ChallengeAccessFacts } from '../challenges/challenges.policy.js';
import type { EventVisibility } from '../db/schema.notifications.js';

/**
 * Who may do what with comments. Deny by default. Reading follows the thing commented on: a
 * comment on a case the viewer may not read does not exist for them. The access-matrix test
 * (comments.access.test.ts) writes the expected answers out by hand.
 */
export { viewerOf, type Viewer };

export type ThingFacts = { kind: 'case'; id: string; title: string; facts: CaseAccessFacts } | { kind: 'challenge'; id: string; title: string; facts: ChallengeAccessFacts };

export function ownerOrgIdsOf(thing: ThingFacts): string[] {
  return thing.kind === 'case' ? [thing.facts.ownerOrgId, ...thing.facts.coOwnerIds] : challengeOwnerOrgIds(thing.facts);
}

export function canReadThing(viewer: Viewer, thing: ThingFacts): boolean {
  return thing.kind === 'case' ? canReadCase(viewer, thing.facts) : canReadChallenge();
}

/** A member of an owning organisation (owner or co-owner). */
export function isThingOwner(viewer: Viewer, thing: ThingFacts): boolean {
  return thing.kind === 'case' ? ownerOrgIdsOf(thing).some((id) => viewer.orgIds.includes(id)) : isChallengeOwner(viewer, thing.facts);
}

/** Any signed-in user who may read the thing (partners included). */
export function canComment(viewer: Viewer, thing: ThingFacts): boolean {
  return viewer.userId !== null && canReadThing(viewer, thing);
}

export const canFlag = canComment;

/** Mark a reply as the answer to a question: the owners (and platform admins, who moderate everything). */
export function canMarkAnswer(viewer: Viewer, thing: ThingFacts): boolean {
  return viewer.admin || isThingOwner(viewer, thing);
}

/** Hide or unhide: an org admin of an owning organisation, or a platform admin. */
export function canModerate(viewer: Viewer, thing: ThingFacts): boolean {
  return viewer.admin || ownerOrgIdsOf(thing).some((id) => viewer.adminOrgIds.includes(id));
}

/** Edit and delete: the author, while they may still read the thing. */
export function isAuthor(viewer: Viewer, comment: { authorId: string | null }): boolean {
  return viewer.userId !== null && comment.authorId === viewer.userId;
}

/** A hidden comment's text is kept for its author and platform admins only. */
export function canSeeHiddenText(viewer: Viewer, comment: { authorId: string | null }): boolean {
  return viewer.admin || isAuthor(viewer, comment);
}

/** Who may hear of activity on the thing: the same people who may read it. */
export function eventVisibility(thing: ThingFacts): EventVisibility {
  if (thing.kind === 'challenge') return 'public';
  if (!thing.facts.published || thing.facts.visibility === 'own_org') return 'owners';
  return thing.facts.visibility === 'public_sector' ? 'public_sector' : 'public';
}
