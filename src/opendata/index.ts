import { defineFeature, defineSection } from '../core/feature.js';
import { openDataMessages } from './opendata.messages.js';

/** The opendata feature: open data: datasets, DCAT-AP-NO catalogue, feeds. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'opendata',
  routes: [(app, deps) => import('./opendata.routes.js').then((m) => m.opendataRoutes(app, deps))],
  nav: [{ href: '/open-data', label: (lang) => openDataMessages(lang).footerLink, current: 'opendata', audience: 'anyone', order: 10, area: 'footer' }],
  // Renderers are imported at the first page that shows them, as routes are.
  sections: [
    defineSection({ slot: 'case.page.head', name: 'jsonld', order: 10, render: (ctx, s) => import('./opendata.sections.js').then((m) => m.caseJsonLd(ctx, s)) }),
    defineSection({ slot: 'case.list.head', name: 'feed', order: 10, render: (ctx, s) => import('./opendata.sections.js').then((m) => m.caseFeed(ctx, s)) }),
    defineSection({ slot: 'challenge.list.head', name: 'feed', order: 10, render: (ctx, s) => import('./opendata.sections.js').then((m) => m.challengeFeed(ctx, s)) }),
  ],
});
