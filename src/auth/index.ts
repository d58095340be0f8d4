import { defineFeature } from '../core/feature.js';

/** The auth feature: accounts, sessions, API tokens and sign-in through OpenID Connect. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'auth',
  routes: [(app, deps) => import('./auth.pages.js').then((m) => m.authPages(app, deps)), (app, deps) => import('./oidc/oidc.routes.js').then((m) => m.oidcRoutes(app, deps))],
});

// What other features may use (their only way in).
export { authHook } from './auth.hook.js';
export { createOrUpdateUser } from './auth.service.js';
export { findUserByEmail } from './auth.service.js';
export { insertUser } from './auth.queries.js';
export { issueToken } from './auth.service.js';
export { siteUrl } from './oidc/oidc.urls.js';
