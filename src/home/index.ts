import { defineFeature } from '../core/feature.js';

/** The home feature: home page. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'home',
  routes: [(app, deps) => import('./home.routes.js').then((m) => m.homeRoutes(app, deps))],
});
