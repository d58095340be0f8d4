import { defineFeature } from '../core/feature.js';
import { challengesRoutes } from './challenges.routes.js';

/** The challenges feature: shared challenges and the responses to them. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'challenges',
  routes: [challengesRoutes],
});
