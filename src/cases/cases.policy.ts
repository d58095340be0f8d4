import type { AuthContext } from '../http/context.js';
import { PUBLIC_KINDS } from '../orgs/orgs.service.js';

/**
 * Who may see and change which case. Deny by default. The same rules are expressed in SQL for lists
 * (cases.queries.ts `visibleTo`); the access-matrix test checks that pages, API and lists agree.
 */
export interface Viewer {
  userId: string | null;
  /** Organisations the user is an active member of. */
  orgIds: string[];
  /** Organisations where the user is org admin. */
  adminOrgIds: string[];
  /** An active member of a public body (municipality, county authority, state agency, other public). */
  publicSector: boolean;
  /** Platform administrator: reads and moderates everything. */
  admin: boolean;
}

export const ANONYMOUS: Viewer = { userId: null, orgIds: [], adminOrgIds: [], publicSector: false, admin: false };

export function viewerOf(auth: AuthContext | null): Viewer {
  if (!auth) return ANONYMOUS;
  const active = auth.memberships.filter((m) => m.status === 'active');
  return {
    userId: auth.user.id,
    orgIds: active.map((m) => m.organisationId),
    adminOrgIds: active.filter((m) => m.role === 'org_admin').map((m) => m.organisationId),
    publicSector: active.some((m) => (PUBLIC_KINDS as readonly string[]).includes(m.kind)) || auth.user.platformRole !== null,
    admin: auth.user.platformRole === 'admin',
  };
}

export interface CaseAccessFacts {
  ownerOrgId: string;
  coOwnerIds: string[];
  published: boolean;
  visibility: 'public' | 'public_sector' | 'own_org';
}

export function isCaseOrgMember(viewer: Viewer, c: CaseAccessFacts): boolean {
  return viewer.orgIds.includes(c.ownerOrgId) || c.coOwnerIds.some((id) => viewer.orgIds.includes(id));
}

export function canReadCase(viewer: Viewer, c: CaseAccessFacts): boolean {
  if (viewer.admin || isCaseOrgMember(viewer, c)) return true;
  if (!c.published) return false;
  if (c.visibility === 'public') return true;
  if (c.visibility === 'public_sector') return viewer.publicSector;
  return false;
}

/** Owner and co-owner organisations edit (any active member); platform admins moderate. */
export function canEditCase(viewer: Viewer, c: CaseAccessFacts): boolean {
  return viewer.admin || isCaseOrgMember(viewer, c);
}

export const canPublishCase = canEditCase;

/** Hand a case to a new contact person: an org admin of the owner, or a platform admin. */
export function canHandOverCase(viewer: Viewer, c: CaseAccessFacts): boolean {
  return viewer.admin || viewer.adminOrgIds.includes(c.ownerOrgId);
}

/** Contact details are for signed-in public-sector users only. */
export function canSeeContact(viewer: Viewer): boolean {
  return viewer.publicSector || viewer.admin;
}

/** "We took this into use": a member of another organisation, on a published case they can read. */
export function canRecordAdoption(viewer: Viewer, c: CaseAccessFacts, adopterOrgId: string): boolean {
  if (!c.published || !canReadCase(viewer, c)) return false;
  if (adopterOrgId === c.ownerOrgId) return false;
  return viewer.admin || viewer.orgIds.includes(adopterOrgId);
}

/** Create a case owned by an organisation: an active member of it. */
export function canCreateCaseFor(viewer: Viewer, ownerOrgId: string): boolean {
  return viewer.admin || viewer.orgIds.includes(ownerOrgId);
}

export const canAddTrial = canEditCase;
