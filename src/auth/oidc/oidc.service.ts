import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import type { Db, DbOrTrx } from '../../db/database.js';
import { insertAudit } from '../../core/audit.js';
import { email as emailField, type Violations } from '../../core/validation.js';
import { formatDateTime, type Lang } from '../../i18n/index.js';
import { insertOutboxMany, type OutboxInsert } from '../../core/outbox.js';
import * as authQ from '../auth.queries.js';
import { endSession, sessionIdHash, startSession } from '../auth.service.js';
import { providerClient } from './oidc.client.js';
import type { OidcProviderConfig } from './oidc.config.js';
import { oidcMessages } from './oidc.messages.js';
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
  /** A first sign-in without a verified address: the browser goes on to confirm one (the handle is its cookie). */
  | { ok: 'confirm_email'; handle: string }
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
  if (!linked.ok && linked.reason !== 'disabled') {
    // ID-porten and Ansattporten give no address at all: the person confirms one with a code sent to it.
    const handle = await startConfirmation(db, provider, idClaims.sub, claims, { next: login.next, idToken: tokens.id_token });
    return { ok: 'confirm_email', handle };
  }
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

type LinkedOrDisabled = { ok: true; userId: string; linked: 'subject' | 'email' | 'new' } | { ok: false; reason: 'disabled' };
type LinkOutcome = LinkedOrDisabled | { ok: false; reason: 'no_email' | 'email_unverified' };

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/**
 * Finds the user of a provider identity: by (provider, subject) once linked; on first sign-in, by a
 * verified e-mail address to an existing user, or as a new user. An unverified address is never
 * used: whoever controls the provider account must not take over, or squat, someone else's address.
 * Without a verified address the caller has the person confirm one (sendConfirmationCode).
 */
export async function linkIdentity(
  db: Db,
  provider: OidcProviderConfig,
  subject: string,
  claims: Record<string, unknown>,
  requestId: string,
): Promise<LinkOutcome> {
  return withLinkRetry(() => db.transaction().execute((trx) => linkOnce(trx, provider, subject, claims, requestId)));
}

class LinkRace extends Error {}

// Two first sign-ins at once: the loser of the unique index tries again and finds the winner's row.
async function withLinkRetry<T>(link: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await link();
    } catch (err) {
      if (attempt === 0 && ((err as { code?: string }).code === '23505' || err instanceof LinkRace)) continue;
      throw err;
    }
  }
}

async function linkOnce(trx: DbOrTrx, provider: OidcProviderConfig, subject: string, claims: Record<string, unknown>, requestId: string): Promise<LinkOutcome> {
  const known = await q.findIdentityUser(trx, provider.id, subject);
  if (known) return known.disabled ? { ok: false, reason: 'disabled' } : { ok: true, userId: known.id, linked: 'subject' };

  const email = claimedEmail(claims);
  if (!email) return { ok: false, reason: 'no_email' };
  const verified = claims.email_verified === true || claims.email_verified === 'true' || (provider.trustEmail && claims.email_verified === undefined);
  if (!verified) return { ok: false, reason: 'email_unverified' };
  return linkByEmail(trx, { provider: provider.id, subject, email, name: displayName(claims, email), via: 'claim' }, requestId);
}

/**
 * Links the identity to the user with this address, or to a new user. `via`: the address came as a
 * verified claim, or was confirmed with a code (the audit row says which).
 */
async function linkByEmail(
  trx: DbOrTrx,
  input: { provider: string; subject: string; email: string; name: string; via: 'claim' | 'code' },
  requestId: string,
): Promise<LinkedOrDisabled> {
  const existing = await authQ.findUserByEmail(trx, input.email);
  let userId: string;
  let linked: 'email' | 'new';
  if (existing) {
    if (existing.disabled) return { ok: false, reason: 'disabled' };
    userId = existing.id;
    linked = 'email';
  } else {
    const user = await authQ.insertUser(trx, { email: input.email, name: input.name, passwordHash: null, platformRole: null });
    await insertAudit(trx, { actorUserId: user.id, action: 'user.register', entityType: 'user', entityId: user.id, details: { via: 'oidc', provider: input.provider }, requestId });
    userId = user.id;
    linked = 'new';
  }
  if (!(await q.insertIdentity(trx, { provider: input.provider, subject: input.subject, userId, email: input.email }))) throw new LinkRace();
  const by = input.via === 'code' ? 'email_code' : linked;
  await insertAudit(trx, { actorUserId: userId, action: 'user.identity_link', entityType: 'user', entityId: userId, details: { provider: input.provider, by }, requestId });
  return { ok: true, userId, linked };
}

/** The provider's e-mail claim, normalised; null when absent or not an address. */
function claimedEmail(claims: Record<string, unknown>): string | null {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  return email && email.length <= 254 && EMAIL.test(email) ? email : null;
}

/** The person's name from the claims (ID-porten gives none), or null. */
function claimedName(claims: Record<string, unknown>): string | null {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const name = str(claims.name) || [str(claims.given_name), str(claims.family_name)].filter(Boolean).join(' ');
  return name ? name.slice(0, 200) : null;
}

function displayName(claims: Record<string, unknown>, email: string): string {
  return claimedName(claims) ?? localPart(email);
}

const localPart = (email: string) => (email.split('@')[0] || email).slice(0, 200);

// ---- confirming an address with a code, for providers that give none ----

/** How long a person has, from the provider's sign-in, to confirm an address. */
export const CONFIRM_TTL_MS = 30 * 60 * 1000;
/** Wrong codes allowed per confirmation; the last one ends it (a guess has 1 in 10^6 odds each). */
export const MAX_CODE_ATTEMPTS = 5;
/** Codes sent per confirmation: resending helps a lost mail, but must not flood an inbox. */
export const MAX_CODES_SENT = 3;

/** A confirmation under way, as the pages show it. */
export interface PendingConfirmation {
  provider: OidcProviderConfig;
  /** The address for the form: the one the latest code went to, else the provider's unverified one. */
  email: string;
  /** Where the latest code went; null before the first. */
  sentTo: string | null;
  expiresAt: Date;
  attemptsLeft: number;
  canResend: boolean;
}

/**
 * The code's hash, keyed with the browser's handle: the stored hash is no use without the cookie, and
 * a million guesses against a copied table would need the handle too.
 */
const codeHash = (handle: string, code: string) => createHmac('sha256', handle).update(code).digest();

const validHandle = (handle: string | undefined): handle is string => !!handle && handle.length <= 100;

async function startConfirmation(db: Db, provider: OidcProviderConfig, subject: string, claims: Record<string, unknown>, input: { next: string; idToken: string }): Promise<string> {
  const handle = randomBytes(32).toString('base64url');
  await q.deleteExpiredConfirmations(db);
  await q.insertConfirmation(
    db,
    sessionIdHash(handle),
    { provider: provider.id, subject, name: claimedName(claims), claimedEmail: claimedEmail(claims), next: input.next, idToken: input.idToken },
    new Date(Date.now() + CONFIRM_TTL_MS),
  );
  return handle;
}

/** The live confirmation of this browser's handle, or null (none, expired, or its provider is gone). */
export async function findPendingConfirmation(db: Db, providers: OidcProviderConfig[], handle: string | undefined): Promise<PendingConfirmation | null> {
  if (!validHandle(handle)) return null;
  const row = await q.findConfirmation(db, sessionIdHash(handle));
  const provider = row && providers.find((p) => p.id === row.provider);
  if (!row || !provider) return null;
  return {
    provider,
    email: row.email ?? row.claimedEmail ?? '',
    sentTo: row.codeHash ? row.email : null,
    expiresAt: row.expiresAt,
    attemptsLeft: Math.max(0, MAX_CODE_ATTEMPTS - row.attempts),
    canResend: row.codesSent < MAX_CODES_SENT,
  };
}

export type SendCodeOutcome =
  | { ok: true }
  | { ok: false; reason: 'expired' }
  | { ok: false; reason: 'invalid'; violations: Violations; pending: PendingConfirmation }
  | { ok: false; reason: 'too_many_codes'; pending: PendingConfirmation };

/**
 * Sends a fresh six-digit code to the address typed (the previous code stops working) and queues the
 * e-mail in the outbox, in the language of the page. The code goes to the address, never to the
 * page: whoever types someone else's address cannot finish without that person's mailbox.
 */
export async function sendConfirmationCode(
  db: Db,
  providers: OidcProviderConfig[],
  handle: string | undefined,
  input: { email?: unknown },
  meta: { lang: Lang; site: { baseUrl: string } },
): Promise<SendCodeOutcome> {
  const pending = await findPendingConfirmation(db, providers, handle);
  if (!pending || !validHandle(handle)) return { ok: false, reason: 'expired' };
  const violations: Violations = {};
  const email = emailField(violations, 'email', input.email);
  if (violations.email) return { ok: false, reason: 'invalid', violations, pending: { ...pending, email: typeof input.email === 'string' ? input.email : '' } };
  if (!pending.canResend) return { ok: false, reason: 'too_many_codes', pending: { ...pending, email } };
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const sent = await db.transaction().execute(async (trx) => {
    const row = await q.recordCodeSent(trx, sessionIdHash(handle), email, codeHash(handle, code), MAX_CODES_SENT);
    if (!row) return false;
    await insertOutboxMany(trx, [codeMail(meta.site, meta.lang, { to: email, code, provider: pending.provider.labels[meta.lang], expiresAt: row.expiresAt })]);
    return true;
  });
  // Another tab used up the last code, or the confirmation expired, in between.
  if (!sent) return { ok: false, reason: 'too_many_codes', pending: { ...pending, email } };
  return { ok: true };
}

function codeMail(site: { baseUrl: string }, lang: Lang, input: { to: string; code: string; provider: string; expiresAt: Date }): OutboxInsert {
  const t = oidcMessages(lang).mail;
  const host = new URL(site.baseUrl).hostname || 'nytenk';
  return {
    kind: 'system',
    userId: null,
    to: input.to,
    subject: t.subject,
    text: t.body({ code: input.code, provider: input.provider, until: formatDateTime(lang, input.expiresAt), site: site.baseUrl }),
    html: null,
    headers: {},
    messageId: `<oidc-code.${randomUUID()}@${host}>`,
  };
}

export type CodeError = 'required' | 'format' | 'wrong';

export type ConfirmOutcome =
  | { ok: true; userId: string; provider: string; next: string; idToken: string; linked: 'subject' | 'email' | 'new' }
  /** expired: nothing live for this browser; attempts: the last wrong code ended it. */
  | { ok: false; reason: 'expired' | 'attempts' | 'disabled' }
  | { ok: false; reason: 'no_code' }
  | { ok: false; reason: 'invalid'; error: CodeError; pending: PendingConfirmation };

/**
 * Checks the code typed against the latest one sent. Every well-formed guess counts, before it is
 * compared; the MAX_CODE_ATTEMPTS-th wrong one deletes the confirmation. The right code links the
 * identity to the user with the address (or a new user) and deletes the confirmation, in one
 * transaction: the same code cannot be used twice.
 */
export async function confirmEmailCode(
  db: Db,
  providers: OidcProviderConfig[],
  handle: string | undefined,
  input: { code?: unknown },
  requestId: string,
): Promise<ConfirmOutcome> {
  const pending = await findPendingConfirmation(db, providers, handle);
  if (!pending || !validHandle(handle)) return { ok: false, reason: 'expired' };
  if (!pending.sentTo) return { ok: false, reason: 'no_code' };
  // People copy codes with spaces or a dash in them; those are not guesses.
  const code = typeof input.code === 'string' ? input.code.replace(/[\s-]/g, '') : '';
  if (!code) return { ok: false, reason: 'invalid', error: 'required', pending };
  if (!/^[0-9]{6}$/.test(code)) return { ok: false, reason: 'invalid', error: 'format', pending };

  const idHash = sessionIdHash(handle);
  const row = await q.countAttempt(db, idHash, MAX_CODE_ATTEMPTS);
  if (!row || !row.codeHash || !row.email) return { ok: false, reason: 'expired' };
  const expected = codeHash(handle, code);
  const right = row.codeHash.length === expected.length && timingSafeEqual(row.codeHash, expected);
  if (!right) {
    if (row.attempts >= MAX_CODE_ATTEMPTS) {
      await q.deleteConfirmation(db, idHash);
      return { ok: false, reason: 'attempts' };
    }
    return { ok: false, reason: 'invalid', error: 'wrong', pending: { ...pending, attemptsLeft: MAX_CODE_ATTEMPTS - row.attempts } };
  }

  const email = row.email;
  const linked = await withLinkRetry(() =>
    db.transaction().execute(async (trx): Promise<LinkedOrDisabled | { ok: false; reason: 'expired' }> => {
      // Of two requests with the right code, one deletes the confirmation and goes on.
      if (!(await q.deleteConfirmation(trx, idHash))) return { ok: false, reason: 'expired' };
      const known = await q.findIdentityUser(trx, row.provider, row.subject);
      if (known) return known.disabled ? { ok: false, reason: 'disabled' } : { ok: true, userId: known.id, linked: 'subject' };
      return linkByEmail(trx, { provider: row.provider, subject: row.subject, email, name: row.name ?? localPart(email), via: 'code' }, requestId);
    }),
  );
  if (!linked.ok) return { ok: false, reason: linked.reason };
  return { ok: true, userId: linked.userId, linked: linked.linked, provider: row.provider, next: row.next, idToken: row.idToken };
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
