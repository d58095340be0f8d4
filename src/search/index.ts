import { defineFeature } from '../core/feature.js';
import { findCases } from './search.service.js';

/** The search feature: search over the case bank. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'search',
  routes: [(app, deps) => import('./search.routes.js').then((m) => m.searchApi(app, deps)), (app, deps) => import('./search.pages.js').then((m) => m.searchPages(app, deps))],
  provides: { findCases },
});

// What other features may use (their only way in).
export { buildIndex } from './search.index.sync.js';
export { savedSearchKey } from './search.service.js';
export { savedSearchesMatching } from './search.service.js';
