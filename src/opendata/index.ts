import { defineFeature } from '../core/feature.js';
import { openDataMessages } from './opendata.messages.js';

/** The opendata feature: open data: datasets, DCAT-AP-NO catalogue, feeds. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'opendata',
  routes: [(app, deps) => import('./opendata.routes.js').then((m) => m.opendataRoutes(app, deps))],
  nav: [{ href: '/open-data', label: (lang) => openDataMessages(lang).footerLink, current: 'opendata', audience: 'anyone', order: 10, area: 'footer' }],
});
