import type { AuthContext } from '../http/context.js';

/** Who may do what with organisations and memberships. Deny by default. */

export function isPlatformAdmin(auth: AuthContext | null): boolean {
  return auth?.user.platformRole === 'admin';
}

export function activeRoleIn(auth: AuthContext | null, organisationId: string): 'member' | 'org_admin' | null {
  const m = auth?.memberships.find((x) => x.organisationId === organisationId && x.status === 'active');
  return m ? m.role : null;
}

export function canManageMembers(auth: AuthContext | null, organisationId: string): boolean {
  return isPlatformAdmin(auth) || activeRoleIn(auth, organisationId) === 'org_admin';
}

export function canAddPartner(auth: AuthContext | null): boolean {
  return auth !== null;
}

export function canRequestMembership(auth: AuthContext | null): boolean {
  return auth !== null;
}
