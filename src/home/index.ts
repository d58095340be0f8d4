import { defineFeature } from '../core/feature.js';
import { homeRoutes } from './home.routes.js';

/** The home feature: home page. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'home',
  routes: [homeRoutes],
});
