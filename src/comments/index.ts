import { defineFeature } from '../core/feature.js';

/** The comments feature: questions and comments on cases and challenges. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'comments',
  routes: [(app, deps) => import('./comments.routes.js').then((m) => m.commentsRoutes(app, deps))],
});

// What other features may use (their only way in).
export { canReadThing } from './comments.access.js';
export { commentReadableBy } from './comments.access.js';
