import { defineFeature } from '../core/feature.js';
import { barometerDataset } from './barometer.datasets.js';

/** The barometer feature: the innovation barometer: rounds, invitations, answers and statistics. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'barometer',
  routes: [(app, deps) => import('./barometer.routes.js').then((m) => m.barometerRoutes(app, deps)), (app, deps) => import('./stats.routes.js').then((m) => m.statisticsRoutes(app, deps))],
  datasets: [barometerDataset],
});

// What other features may use (their only way in).
export { closedRoundSql } from './disclosure.js';
export { osloToday } from './barometer.validation.js';
