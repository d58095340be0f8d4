import { defineFeature, defineSection } from '../core/feature.js';
import { findCases } from './search.service.js';

/** The search feature: search over the case bank. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'search',
  routes: [(app, deps) => import('./search.api.js').then((m) => m.searchApi(app, deps)), (app, deps) => import('./search.pages.js').then((m) => m.searchPages(app, deps))],
  provides: { findCases },
  // Renderers are imported at the first page that shows them, as routes are.
  sections: [
    defineSection({ slot: 'case.page.related', name: 'similar', order: 10, render: (ctx, s) => import('./search.sections.js').then((m) => m.similarCases(ctx, s)) }),
    defineSection({ slot: 'case.form.hint', name: 'similar-hint', order: 10, render: (ctx, s) => import('./search.sections.js').then((m) => m.caseFormHint(ctx, s)) }),
    defineSection({ slot: 'challenge.form.hint', name: 'similar-hint', order: 10, render: (ctx, s) => import('./search.sections.js').then((m) => m.challengeFormHint(ctx, s)) }),
  ],
});

// What other features may use (their only way in).
export type { SearchPageSubject } from './search.slots.js';
export { buildIndex } from './search.index.sync.js';
export { savedSearchKey } from './search.service.js';
export { savedSearchesMatching } from './search.service.js';
