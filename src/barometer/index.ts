import { defineFeature } from '../core/feature.js';
import { barometerDataset } from './barometer.datasets.js';

/** The barometer feature: the innovation barometer: rounds, invitations, answers and statistics. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'barometer',
  routes: [(app, deps) => import('./barometer.api.js').then((m) => m.barometerApi(app, deps)), (app, deps) => import('./barometer.pages.js').then((m) => m.barometerPages(app, deps)), (app, deps) => import('./stats.routes.js').then((m) => m.statisticsRoutes(app, deps))],
  datasets: [barometerDataset],
});

// What other features may use (their only way in).
export { closedRoundSql } from './disclosure.js';
export { osloToday } from './barometer.validation.js';
