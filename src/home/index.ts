import { defineFeature } from '../core/feature.js';
import { messages } from '../i18n/index.js';

/** The home feature: home page. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'home',
  routes: [(app, deps) => import('./home.pages.js').then((m) => m.homePages(app, deps))],
  nav: [{ href: '/', label: (lang) => messages(lang).nav.home, current: 'home', audience: 'anyone', order: 10, area: 'menu' }],
});
