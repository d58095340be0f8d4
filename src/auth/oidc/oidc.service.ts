import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Db, DbOrTrx } from '../../db/database.js';
import { insertAudit } from '../../audit/audit.queries.js';
import type { Lang } from '../../i18n/index.js';
import * as authQ from '../auth.queries.js';
import { endSession, sessionIdHash, startSession } from '../auth.service.js';
import { providerClient } from './oidc.client.js';
import type { OidcProviderConfig } from './oidc.config.js';
import * as q from './oidc.queries.js';

/** How long a login may take at the provider (its own login page, two-factor, consent). */
export const LOGIN_TTL_MS = 10 * 60 * 1000;

export type FailureReason =
  | 'expired'
  | 'state_mismatch'
  | 'nonce_mismatch'
  | 'denied'
  | 'provider_error'
  | 'unavailable'
  | 'token_failed'
  | 'no_email'
  | 'email_unverified'
  | 'disabled';

export type StartOutcome = { ok: true; handle: string; url: string } | { ok: false; reason: 'unavailable' };

/**
 * Begins a login at the provider: PKCE verifier, state and nonce are kept server-side under the
 * hash of a random handle (the caller puts the handle in an HttpOnly cookie); returns where to send
 * the browser.
 */
export async function startLogin(
  db: Db,
  provider: OidcProviderConfig,
  input: { redirectUri: string; next: string; lang: Lang },
): Promise<StartOutcome> {
  let config: client.Configuration;
  try {
    config = await providerClient(provider);
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const handle = randomBytes(32).toString('base64url');
  await q.deleteExpiredLogins(db);
  await q.insertLogin(db, sessionIdHash(handle), { provider: provider.id, state, nonce, codeVerifier, redirectUri: input.redirectUri, next: input.next }, new Date(Date.now() + LOGIN_TTL_MS));
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: provider.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    // ID-porten and Entra ID show their pages in the language asked for (nb, nn, en).
    ui_locales: input.lang,
  });
  return { ok: true, handle, url: url.href };
}

export type FinishOutcome =
  | { ok: true; userId: string; next: string; idToken: string; linked: 'subject' | 'email' | 'new' }
  | { ok: false; reason: FailureReason };

/**
 * Completes a login from the provider's redirect: the login must be live and this browser's (the
 * handle), the state must match, then the code is exchanged (PKCE) and the ID token checked
 * (signature, issuer, audience, nonce). The login is deleted on first use, so a replay finds nothing.
 */
export async function finishLogin(
  db: Db,
  provider: OidcProviderConfig,
  input: { handle: string | undefined; query: URLSearchParams; requestId: string },
): Promise<FinishOutcome> {
  if (!input.handle || input.handle.length > 100) return { ok: false, reason: 'expired' };
  const login = await q.takeLogin(db, sessionIdHash(input.handle));
  if (!login || login.provider !== provider.id) return { ok: false, reason: 'expired' };
  if (input.query.get('state') !== login.state) return { ok: false, reason: 'state_mismatch' };
  const error = input.query.get('error');
  if (error) return { ok: false, reason: error === 'access_denied' ? 'denied' : 'provider_error' };

  let config: client.Configuration;
  try {
    config = await providerClient(provider);
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
  const currentUrl = new URL(login.redirectUri);
  currentUrl.search = input.query.toString();
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    return { ok: false, reason: classifyGrantError(err) };
  }
  const idClaims = tokens.claims();
  if (!idClaims || !tokens.id_token) return { ok: false, reason: 'token_failed' };
  let claims: Record<string, unknown> = { ...idClaims };
  // Many providers (oidc-provider, Entra ID with some scopes) put e-mail and name only in userinfo.
  if ((claims.email === undefined || claims.name === undefined) && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
    try {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...claims };
    } catch {
      // The ID token alone may still be enough; linkIdentity says what is missing.
    }
  }
  const linked = await linkIdentity(db, provider, idClaims.sub, claims, input.requestId);
  if (!linked.ok) return linked;
  return { ok: true, userId: linked.userId, linked: linked.linked, next: login.next, idToken: tokens.id_token };
}

function classifyGrantError(err: unknown): FailureReason {
  // openid-client wraps oauth4webapi's errors; the claim that failed sits a cause or two down.
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const c = e as { code?: string; claim?: string; cause?: unknown; name?: string };
    if (c.claim === 'nonce') return 'nonce_mismatch';
    if (c.claim === 'state') return 'state_mismatch';
    if (c.name === 'AbortError' || c.name === 'TimeoutError' || c.code === 'ECONNREFUSED' || c.code === 'UND_ERR_CONNECT_TIMEOUT') return 'unavailable';
    e = c.cause;
  }
  if (err instanceof TypeError && /fetch failed/.test(err.message)) return 'unavailable';
  return 'token_failed';
}

type LinkOutcome = { ok: true; userId: string; linked: 'subject' | 'email' | 'new' } | { ok: false; reason: 'no_email' | 'email_unverified' | 'disabled' };

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/**
 * Finds the user of a provider identity: by (provider, subject) once linked; on first sign-in, by a
 * verified e-mail address to an existing user, or as a new user. An unverified address is never
 * used: whoever controls the provider account must not take over, or squat, someone else's address.
 */
export async function linkIdentity(
  db: Db,
  provider: OidcProviderConfig,
  subject: string,
  claims: Record<string, unknown>,
  requestId: string,
): Promise<LinkOutcome> {
  // Two first sign-ins at once: the loser of the unique index tries again and finds the winner's row.
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => linkOnce(trx, provider, subject, claims, requestId));
    } catch (err) {
      if (attempt === 0 && ((err as { code?: string }).code === '23505' || err instanceof LinkRace)) continue;
      throw err;
    }
  }
}

class LinkRace extends Error {}

async function linkOnce(trx: DbOrTrx, provider: OidcProviderConfig, subject: string, claims: Record<string, unknown>, requestId: string): Promise<LinkOutcome> {
  const known = await q.findIdentityUser(trx, provider.id, subject);
  if (known) return known.disabled ? { ok: false, reason: 'disabled' } : { ok: true, userId: known.id, linked: 'subject' };

  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email || email.length > 254 || !EMAIL.test(email)) return { ok: false, reason: 'no_email' };
  const verified = claims.email_verified === true || claims.email_verified === 'true' || (provider.trustEmail && claims.email_verified === undefined);
  if (!verified) return { ok: false, reason: 'email_unverified' };

  const existing = await authQ.findUserByEmail(trx, email);
  let userId: string;
  let linked: 'email' | 'new';
  if (existing) {
    if (existing.disabled) return { ok: false, reason: 'disabled' };
    userId = existing.id;
    linked = 'email';
  } else {
    const user = await authQ.insertUser(trx, { email, name: displayName(claims, email), passwordHash: null, platformRole: null });
    await insertAudit(trx, { actorUserId: user.id, action: 'user.register', entityType: 'user', entityId: user.id, details: { via: 'oidc', provider: provider.id }, requestId });
    userId = user.id;
    linked = 'new';
  }
  if (!(await q.insertIdentity(trx, { provider: provider.id, subject, userId, email }))) throw new LinkRace();
  await insertAudit(trx, { actorUserId: userId, action: 'user.identity_link', entityType: 'user', entityId: userId, details: { provider: provider.id, by: linked }, requestId });
  return { ok: true, userId, linked };
}

function displayName(claims: Record<string, unknown>, email: string): string {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const name = str(claims.name) || [str(claims.given_name), str(claims.family_name)].filter(Boolean).join(' ') || email.split('@')[0] || email;
  return name.slice(0, 200);
}

/**
 * Starts the Nytenk session after a provider sign-in: a fresh session id (any earlier one is ended),
 * and the ID token kept beside it for the provider's end-session endpoint.
 */
export async function beginSession(
  db: Db,
  input: { userId: string; provider: string; idToken: string; previousCookie: string | undefined; requestId: string },
): Promise<{ cookie: string; expiresAt: Date }> {
  if (input.previousCookie) await endSession(db, input.previousCookie);
  const session = await startSession(db, input.userId, { requestId: input.requestId });
  await q.insertProviderSession(db, sessionIdHash(session.cookie), input.provider, input.idToken);
  return session;
}

/**
 * Where to send the browser after ending a session begun at a provider: its end_session_endpoint with
 * id_token_hint and post_logout_redirect_uri (RP-initiated logout), or null when the session was local,
 * the provider is gone from the configuration or advertises no such endpoint.
 */
export async function providerSignOutUrl(
  db: Db,
  providers: OidcProviderConfig[],
  sessionCookie: string,
  postLogoutRedirectUri: string,
): Promise<{ url: string; provider: OidcProviderConfig } | null> {
  const row = await q.findProviderSession(db, sessionIdHash(sessionCookie));
  const provider = row && providers.find((p) => p.id === row.provider);
  if (!row || !provider) return null;
  let config: client.Configuration;
  try {
    config = await providerClient(provider);
  } catch {
    return null;
  }
  if (!config.serverMetadata().end_session_endpoint) return null;
  return { url: client.buildEndSessionUrl(config, { id_token_hint: row.idToken, post_logout_redirect_uri: postLogoutRedirectUri }).href, provider };
}
