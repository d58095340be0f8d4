import { viewerOf } from '../core/viewer.js';
import { canReadCase, type CaseAccessFacts } from './cases.access.js';
import type { Viewer } from '../core/viewer.js';

/**
 * Who may change which case, and who the viewer is. Deny by default. Who may READ a case, and the
 * field-level read rules (contact details), are written once in cases.access.ts; they are
 * re-exported here for the features that import them from this file.
 */
export { viewerOf };
export { canReadCase, canSeeContact, type CaseAccessFacts } from './cases.access.js';
export { ANONYMOUS, type Viewer } from '../core/viewer.js';


export function isCaseOrgMember(viewer: Viewer, c: CaseAccessFacts): boolean {
  return viewer.orgIds.includes(c.ownerOrgId) || c.coOwnerIds.some((id) => viewer.orgIds.includes(id));
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
