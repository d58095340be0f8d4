import type { OrgKind } from '../db/schema.js';
import type { AuthContext } from '../http/context.js';

/**
 * Who is asking, as every read and write rule sees them: built from the request's AuthContext once,
 * shared by all features (the access modules, policies, queries, the search index, open data).
 * Anything anonymous (open data, feeds, sitemap, structured data, public counts) uses `ANONYMOUS`.
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

export const ANONYMOUS: Viewer = Object.freeze({ userId: null, orgIds: [], adminOrgIds: [], publicSector: false, admin: false }) as Viewer;

/** Every kind of organisation, public bodies first. */
export const ORG_KINDS: readonly OrgKind[] = ['municipality', 'county_authority', 'state_agency', 'other_public', 'business', 'research', 'civil_society'];

/** The kinds that make their members «public sector» (they read what is shared with the public sector). */
export const PUBLIC_KINDS: readonly OrgKind[] = ['municipality', 'county_authority', 'state_agency', 'other_public'];

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
