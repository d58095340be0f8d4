import { defineFeature } from '../core/feature.js';

/** The audit feature: the audit log. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'audit',
  routes: [(app, deps) => import('./audit.pages.js').then((m) => m.auditPages(app, deps))],
});
