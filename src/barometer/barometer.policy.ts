import type { AuthContext } from '../http/context.js';
import { PUBLIC_KINDS } from '../core/viewer.js';

/**
 * Who may do what with the barometer. Deny by default. Analysts (and platform admins) run rounds and
 * see every organisation's response rate; an org admin invites its own workplaces and sees its own
 * response rate. Nobody — analyst included — reads single answers: only the statistics show them.
 */
export function isAnalyst(auth: AuthContext | null): boolean {
  return auth?.user.platformRole === 'analyst' || auth?.user.platformRole === 'admin';
}

export function canOpenRound(auth: AuthContext | null): boolean {
  return isAnalyst(auth);
}

/** Organisations the user administers (active org_admin). */
export function adminOrgIds(auth: AuthContext | null): string[] {
  return (auth?.memberships ?? []).filter((m) => m.status === 'active' && m.role === 'org_admin').map((m) => m.organisationId);
}

/** Invite workplaces of, remind, and see the invitations of an organisation: its org admins, and analysts. */
export function canManageInvitations(auth: AuthContext | null, org: { id: string; kind: string }): boolean {
  if (!(PUBLIC_KINDS as readonly string[]).includes(org.kind)) return false;
  return isAnalyst(auth) || adminOrgIds(auth).includes(org.id);
}

/** Response rates: every organisation for analysts, the administered ones for org admins (null = all). */
export function responseRateScope(auth: AuthContext | null): string[] | null | 'none' {
  if (isAnalyst(auth)) return null;
  const mine = adminOrgIds(auth);
  return mine.length ? mine : 'none';
}
