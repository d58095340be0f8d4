import { defineFeature } from '../core/feature.js';
import { demoCommand } from './demo.cli.js';

/** The demo feature: demo content. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'demo',
  routes: [(app, deps) => import('./demo.pages.js').then((m) => m.demoPages(app, deps))],
  cli: [demoCommand],
});

// What other features may use (their only way in).
export { demoOffer } from './demo.service.js';
export { loadDemo } from './demo.service.js';
export { removeDemo } from './demo.service.js';
