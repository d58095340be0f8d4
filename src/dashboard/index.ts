import { defineFeature } from '../core/feature.js';
import { dashboardMessages } from './dashboard.messages.js';
import { participationIndicators } from './participation.indicators.js';

/** The dashboard feature: the national follow-up dashboard. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'dashboard',
  routes: [(app, deps) => import('./dashboard.routes.js').then((m) => m.dashboardRoutes(app, deps))],
  nav: [{ href: '/dashboard', label: (lang) => dashboardMessages(lang).nav, current: 'dashboard', audience: 'anyone', order: 50, area: 'menu' }],
  indicators: [participationIndicators],
});
