import { defineFeature } from '../core/feature.js';
import { searchApi } from './search.routes.js';
import { searchPages } from './search.pages.js';

/** The search feature: search over the case bank. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'search',
  routes: [searchApi, searchPages],
});
