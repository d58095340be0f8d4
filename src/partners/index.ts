import { defineFeature } from '../core/feature.js';

/** The partners feature: partner organisations (businesses, research, civil society) and their profiles. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'partners',
  routes: [(app, deps) => import('./partners.routes.js').then((m) => m.partnersRoutes(app, deps))],
});
