import { defineFeature } from '../core/feature.js';
import { tokenCommand } from './auth.cli.js';
import { messages } from '../i18n/index.js';

/** The auth feature: accounts, sessions, API tokens and sign-in through OpenID Connect. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'auth',
  routes: [(app, deps) => import('./auth.pages.js').then((m) => m.authPages(app, deps)), (app, deps) => import('./oidc/oidc.pages.js').then((m) => m.oidcPages(app, deps))],
  nav: [
    { href: '/profile', label: (lang) => messages(lang).nav.profile, current: 'profile', audience: 'signed_in', order: 70, area: 'menu' },
    { href: '/signin', label: (lang) => messages(lang).nav.signIn, current: 'auth', audience: 'signed_out', order: 80, area: 'menu' },
  ],
  cli: [tokenCommand],
  // Sign-in sessions, sign-ins in flight (state, nonce, PKCE verifier) and sign-in links are
  // credentials with a short life: a backup leaves them out (everyone signs in again after a restore).
  backup: { leaveOut: ['sessions', 'oidc_logins', 'oidc_email_confirmations', 'email_links'] },
});

// What other features may use (their only way in).
export { authHook } from './auth.hook.js';
export { createOrUpdateUser } from './auth.service.js';
export { findUserByEmail } from './auth.service.js';
export { insertUser } from './auth.queries.js';
export { issueToken } from './auth.service.js';
export { siteUrl } from './oidc/oidc.urls.js';
