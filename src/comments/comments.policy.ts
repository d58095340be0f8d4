import { type Viewer } from '../core/viewer.js';
import { viewerOf } from '../core/viewer.js';
import { isChallengeOwner, ownerOrgIds as challengeOwnerOrgIds } from '../challenges/index.js';
import type { EventVisibility } from '../db/schema.notifications.js';
import { canReadThing, thingAudience, type ThingFacts } from './comments.access.js';

/**
 * Who may do what with comments. Deny by default. Reading (which follows the thing commented on) and
 * the hidden-text rule are written once in comments.access.ts and re-exported here. The access-matrix
 * test (comments.access.test.ts) writes the expected answers out by hand.
 */
export { viewerOf, type Viewer };
export { canReadThing, canSeeHiddenText, isAuthor, type ThingFacts } from './comments.access.js';

export function ownerOrgIdsOf(thing: ThingFacts): string[] {
  return thing.kind === 'case' ? [thing.facts.ownerOrgId, ...thing.facts.coOwnerIds] : challengeOwnerOrgIds(thing.facts);
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

/** Who may hear of activity on the thing: the same people who may read it (comments.access.ts). */
export function eventVisibility(thing: ThingFacts): EventVisibility {
  return thingAudience(thing);
}
