import { defineFeature, defineSection } from '../core/feature.js';

/** The comments feature: questions and comments on cases and challenges. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'comments',
  routes: [(app, deps) => import('./comments.api.js').then((m) => m.commentsApi(app, deps)), (app, deps) => import('./comments.pages.js').then((m) => m.commentsPages(app, deps))],
  // Renderers are imported at the first page that shows them, as routes are.
  sections: [
    defineSection({ slot: 'case.page.end', name: 'comments', order: 10, render: (ctx, s) => import('./comments.sections.js').then((m) => m.caseComments(ctx, s)) }),
    defineSection({ slot: 'challenge.page.end', name: 'comments', order: 10, render: (ctx, s) => import('./comments.sections.js').then((m) => m.challengeComments(ctx, s)) }),
  ],
});

// What other features may use (their only way in).
export { canReadThing } from './comments.access.js';
export { commentReadableBy } from './comments.access.js';
