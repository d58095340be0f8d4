import { defineFeature } from '../core/feature.js';

/** The opendata feature: open data: datasets, DCAT-AP-NO catalogue, feeds. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'opendata',
  routes: [(app, deps) => import('./opendata.routes.js').then((m) => m.opendataRoutes(app, deps))],
});
