import { defineFeature } from '../core/feature.js';
import { OrganisationSchema } from './orgs.schemas.js';
import { orgsRoutes } from './orgs.routes.js';

/** The orgs feature: organisations, memberships and invitations. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'orgs',
  routes: [orgsRoutes],
  schemas: [OrganisationSchema],
});
