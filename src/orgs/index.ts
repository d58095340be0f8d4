import { defineFeature } from '../core/feature.js';
import { OrganisationSchema } from './orgs.schemas.js';

/** The orgs feature: organisations, memberships and invitations. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'orgs',
  routes: [(app, deps) => import('./orgs.routes.js').then((m) => m.orgsRoutes(app, deps))],
  schemas: [OrganisationSchema],
});

// What other features may use (their only way in).
export type { OrgListSubject } from './orgs.slots.js';
export type { OrgPageSubject } from './orgs.slots.js';
export { CountyRef } from './orgs.schemas.js';
export { OrgKindSchema } from './orgs.schemas.js';
export { ensureReferenceData } from './reference.js';
export { findOrganisation } from './orgs.service.js';
export { grantMembership } from './orgs.service.js';
export { listCounties } from './orgs.service.js';
export { loadReferenceData } from './reference.js';
export { platformCounts } from './orgs.service.js';
