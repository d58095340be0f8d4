import { defineFeature } from '../core/feature.js';
import { demoRoutes } from './demo.routes.js';

/** The demo feature: demo content. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'demo',
  routes: [demoRoutes],
});
