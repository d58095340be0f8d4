import { type Viewer } from '../core/viewer.js';
import { viewerOf } from '../core/viewer.js';
import { canReadChallenge, isChallengeOwner, ownerOrgIds, type ChallengeAccessFacts } from './challenges.access.js';

/**
 * Who may change what about a challenge. Deny by default. Who may READ a challenge, a response and
 * its private parts is in challenges.access.ts (one definition, as SQL and as TypeScript); this
 * file keeps the write rules and re-exports the read rules others already use.
 */
export { viewerOf, type Viewer, canReadChallenge, isChallengeOwner, ownerOrgIds, type ChallengeAccessFacts };

/** Owner members edit (the posting body and ACCEPTED co-owners); platform admins moderate. */
export function canEditChallenge(viewer: Viewer, c: ChallengeAccessFacts): boolean {
  return viewer.admin || isChallengeOwner(viewer, c);
}

export const canChangeState = canEditChallenge;

/** Post a challenge for a public body: an active member of it (or a platform admin). */
export function canPostChallengeFor(viewer: Viewer, org: { id: string; public: boolean }): boolean {
  if (!org.public) return false;
  return viewer.admin || viewer.orgIds.includes(org.id);
}

/** Respond on behalf of an organisation: an active member of it (platform admins act for none). */
export function canRespondFor(viewer: Viewer, orgId: string): boolean {
  return viewer.orgIds.includes(orgId);
}

/**
 * Take a co-owner off a challenge: a member of the posting body (who may undo an acceptance), the
 * co-owner itself (leaving), or a platform admin.
 */
export function canRemoveCoOwner(viewer: Viewer, c: ChallengeAccessFacts, coOwnerOrgId: string): boolean {
  return viewer.admin || viewer.orgIds.includes(c.ownerOrgId) || viewer.orgIds.includes(coOwnerOrgId);
}

/** Contact people are named to signed-in users only: the platform is the channel for everyone else. */
export function canSeeChallengeContact(viewer: Viewer): boolean {
  return viewer.userId !== null;
}
