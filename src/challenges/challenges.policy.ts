import { viewerOf, type Viewer } from '../cases/cases.policy.js';

/**
 * Who may do what with a challenge. Deny by default. Challenges are public; their owners (the
 * posting body and the co-owners who joined with «same need») edit and move them; a private
 * proposal is for the owners and the proposer's organisation. The same rules are expressed in SQL
 * for lists (challenges.queries.ts `responseVisibleTo`); the access-matrix test checks they agree.
 */
export { viewerOf, type Viewer };

export interface ChallengeAccessFacts {
  ownerOrgId: string;
  coOwnerIds: string[];
}

export interface ResponseAccessFacts {
  kind: string;
  orgId: string;
  public: boolean;
}

export function ownerOrgIds(c: ChallengeAccessFacts): string[] {
  return [c.ownerOrgId, ...c.coOwnerIds];
}

/** An active member of the posting body or of a co-owner. */
export function isChallengeOwner(viewer: Viewer, c: ChallengeAccessFacts): boolean {
  return ownerOrgIds(c).some((id) => viewer.orgIds.includes(id));
}

/** Anyone may read a challenge: a need said in the open is the point. */
export function canReadChallenge(): boolean {
  return true;
}

/** Owner members edit; platform admins moderate. */
export function canEditChallenge(viewer: Viewer, c: ChallengeAccessFacts): boolean {
  return viewer.admin || isChallengeOwner(viewer, c);
}

export const canChangeState = canEditChallenge;

/** A public response is for all; a private proposal for the owners, the proposer's organisation and platform admins. */
export function canSeeResponse(viewer: Viewer, c: ChallengeAccessFacts, r: ResponseAccessFacts): boolean {
  if (r.public) return true;
  return viewer.admin || isChallengeOwner(viewer, c) || viewer.orgIds.includes(r.orgId);
}

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
 * Take a co-owner off a challenge: a member of the posting body (joining is open to every public
 * body, so the poster must be able to undo it), the co-owner itself (leaving), or a platform admin.
 */
export function canRemoveCoOwner(viewer: Viewer, c: ChallengeAccessFacts, coOwnerOrgId: string): boolean {
  return viewer.admin || viewer.orgIds.includes(c.ownerOrgId) || viewer.orgIds.includes(coOwnerOrgId);
}

/** Who sent a response (name, e-mail) is for the owners, who follow it up, and platform admins. */
export function canSeeSenders(viewer: Viewer, c: ChallengeAccessFacts): boolean {
  return viewer.admin || isChallengeOwner(viewer, c);
}

/** Contact people are named to signed-in users only: the platform is the channel for everyone else. */
export function canSeeChallengeContact(viewer: Viewer): boolean {
  return viewer.userId !== null;
}
