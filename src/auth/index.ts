import { defineFeature } from '../core/feature.js';
import { authRoutes } from './auth.routes.js';

/** The auth feature: accounts, sessions, API tokens and sign-in through OpenID Connect. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'auth',
  routes: [authRoutes, (app, deps) => import('./oidc/oidc.routes.js').then((m) => m.oidcRoutes(app, deps))],
});
