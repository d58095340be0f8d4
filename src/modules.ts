import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { authRoutes } from './auth/auth.routes.js';
import { homeRoutes } from './home/home.routes.js';
import { orgsRoutes } from './orgs/orgs.routes.js';
import { themesRoutes } from './themes/themes.routes.js';
import { casesApi } from './cases/cases.api.js';
import { searchApi } from './search/search.routes.js';
import { searchPages } from './search/search.pages.js';
import { demoRoutes } from './demo/demo.routes.js';
import { casesPages } from './cases/cases.pages.js';
import { challengesRoutes } from './challenges/challenges.routes.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { auditPages } from './audit/audit.pages.js';

/** What a feature gets: only explicit dependencies. */
export interface FeatureDeps {
  db: Db;
  config: Config;
}

export interface Feature {
  name: string;
  routes: (app: FastifyInstance, deps: FeatureDeps) => Promise<void>;
}

/** The one list of features. A new capability adds a line here. */
export const features: Feature[] = [
  { name: 'home', routes: homeRoutes },
  { name: 'auth', routes: authRoutes },
  { name: 'oidc', routes: (app, deps) => import('./auth/oidc/oidc.routes.js').then((m) => m.oidcRoutes(app, deps)) },
  { name: 'orgs', routes: orgsRoutes },
  { name: 'themes', routes: themesRoutes },
  { name: 'search-api', routes: searchApi },
  { name: 'search-pages', routes: searchPages },
  { name: 'cases-api', routes: casesApi },
  { name: 'demo', routes: demoRoutes },
  { name: 'cases-pages', routes: casesPages },
  { name: 'challenges', routes: challengesRoutes },
  { name: 'comments', routes: (app, deps) => import('./comments/comments.routes.js').then((m) => m.commentsRoutes(app, deps)) },
  { name: 'partners', routes: (app, deps) => import('./partners/partners.routes.js').then((m) => m.partnersRoutes(app, deps)) },
  { name: 'notifications', routes: notificationsRoutes },
  { name: 'opendata', routes: (app, deps) => import('./opendata/opendata.routes.js').then((m) => m.opendataRoutes(app, deps)) },
  { name: 'barometer', routes: (app, deps) => import('./barometer/barometer.routes.js').then((m) => m.barometerRoutes(app, deps)) },
  { name: 'barometer-statistics', routes: (app, deps) => import('./barometer/stats.routes.js').then((m) => m.statisticsRoutes(app, deps)) },
  { name: 'dashboard', routes: (app, deps) => import('./dashboard/dashboard.routes.js').then((m) => m.dashboardRoutes(app, deps)) },
  { name: 'audit', routes: auditPages },
];
