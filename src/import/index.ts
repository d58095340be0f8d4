import { defineFeature } from '../core/feature.js';

/** The import feature: imports of case collections (the EU JRC cases). Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'import',
});
