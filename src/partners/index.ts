import { defineFeature, defineSection } from '../core/feature.js';

/** The partners feature: partner organisations (businesses, research, civil society) and their profiles. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'partners',
  routes: [(app, deps) => import('./partners.routes.js').then((m) => m.partnersRoutes(app, deps))],
  // Renderers are imported at the first page that shows them, as routes are.
  sections: [
    defineSection({ slot: 'case.page.heading', name: 'solves-challenges', order: 10, render: (ctx, s) => import('./partners.sections.js').then((m) => m.caseSolves(ctx, s)) }),
    defineSection({ slot: 'org.page.more', name: 'looking-for-partners', order: 10, render: (ctx, s) => import('./partners.sections.js').then((m) => m.orgLooking(ctx, s)) }),
    defineSection({ slot: 'org.page.more', name: 'challenges', order: 30, render: (ctx, s) => import('./partners.sections.js').then((m) => m.orgChallengeList(ctx, s)) }),
    defineSection({ slot: 'org.list.links', name: 'find-partners', order: 10, render: (ctx, s) => import('./partners.sections.js').then((m) => m.findPartnersLink(ctx, s)) }),
  ],
});
