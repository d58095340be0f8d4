import { defineFeature } from '../core/feature.js';

/** The dashboard feature: the national follow-up dashboard. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'dashboard',
  routes: [(app, deps) => import('./dashboard.routes.js').then((m) => m.dashboardRoutes(app, deps))],
});
