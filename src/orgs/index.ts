import { defineFeature, defineSection } from '../core/feature.js';
import { referenceCommand, userCommand } from './orgs.cli.js';
import { messages } from '../i18n/index.js';
import { OrganisationSchema } from './orgs.schemas.js';
import { organisationsDataset } from './orgs.datasets.js';

/** The orgs feature: organisations, memberships and invitations. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'orgs',
  routes: [(app, deps) => import('./orgs.routes.js').then((m) => m.orgsRoutes(app, deps))],
  schemas: [OrganisationSchema],
  sections: [
    // Invitations waiting for an answer, on the profile page (auth's), between its links and its memberships.
    defineSection({ slot: 'profile.page', name: 'invitations', order: 10, render: (ctx, profile) => import('./orgs.sections.js').then((m) => m.profileInvitations(ctx, profile)) }),
  ],
  nav: [{ href: '/organisations', label: (lang) => messages(lang).nav.organisations, current: 'organisations', audience: 'anyone', order: 40, area: 'menu' }],
  datasets: [organisationsDataset],
  cli: [referenceCommand, userCommand],
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
