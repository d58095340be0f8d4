import { defineFeature } from '../core/feature.js';
import { barometerDataset } from './barometer.datasets.js';

/** The barometer feature: the innovation barometer: rounds, invitations, answers and statistics. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'barometer',
  routes: [(app, deps) => import('./barometer.routes.js').then((m) => m.barometerRoutes(app, deps)), (app, deps) => import('./stats.routes.js').then((m) => m.statisticsRoutes(app, deps))],
  datasets: [barometerDataset],
});

// What other features may use (their only way in).
export type { Dimension } from './stats.js';
export type { FixtureAnswer } from './stats.fixtures.js';
export { DIMENSIONS } from './stats.js';
export { closedRoundSql } from './disclosure.js';
export { ensureRound } from './stats.fixtures.js';
export { fromBench } from './stats.fixtures.js';
export { insertAnswers } from './stats.fixtures.js';
export { organisationsByOrgnr } from './stats.fixtures.js';
export { osloToday } from './barometer.validation.js';
export { roundStatistics } from './stats.service.js';
