import { defineFeature } from '../core/feature.js';
import { ThemeSchema } from './themes.schemas.js';
import { themesRoutes } from './themes.routes.js';

/** The themes feature: LOS themes. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'themes',
  routes: [themesRoutes],
  schemas: [ThemeSchema],
});
