import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../../test/helpers/db.js';
import { Browser, createTestApp, createUser, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import { providerEnv, startTestProvider, type TestProvider } from '../../../test/helpers/oidc-provider.js';
import { providerSignIn, reasonOf, SITE, startOidcWorld, type OidcWorld } from '../../../test/helpers/oidc-flow.js';
import { loadConfig } from '../../config.js';
import { parseOidcProviders } from './oidc.config.js';
import { sessionIdHash } from '../auth.service.js';

/**
 * Signing in at an OpenID provider that sends a verified address: the configuration, linking to
 * users, refused callbacks (state, nonce, replay), signing out, and a site without local accounts.
 * A first sign-in without an address is in oidc.confirm-email.test.ts.
 */

describe('OIDC configuration from the environment', () => {
  it('reads several providers, defaults labels and scopes, and names every bad variable', () => {
    const { providers, errors } = parseOidcProviders({
      OIDC_PROVIDERS: 'idporten, entra',
      OIDC_IDPORTEN_ISSUER: 'https://idporten.no',
      OIDC_IDPORTEN_CLIENT_ID: 'abc',
      OIDC_IDPORTEN_SCOPES: 'openid,profile',
      OIDC_ENTRA_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      OIDC_ENTRA_CLIENT_ID: 'def',
      OIDC_ENTRA_CLIENT_SECRET: 's',
      OIDC_ENTRA_TRUST_EMAIL: 'true',
      OIDC_ENTRA_LABEL_EN: 'Microsoft Entra ID',
    });
    expect(errors).toEqual([]);
    expect(providers.map((p) => [p.id, p.labels.nb, p.labels.en, p.scopes.join(' '), p.trustEmail])).toEqual([
      ['idporten', 'ID-porten', 'ID-porten', 'openid profile', false],
      ['entra', 'Entra ID', 'Microsoft Entra ID', 'openid profile email', true],
    ]);
    expect(() => loadConfig({ OIDC_PROVIDERS: 'x', OIDC_X_ISSUER: 'http://idp.example.no' })).toThrow(/OIDC_X_ISSUER: must be https[\s\S]*OIDC_X_CLIENT_ID: required/);
  });
});

describe.each(dataTargets())('OpenID Connect sign-in on $name PostgreSQL', (target) => {
  let alpha: TestProvider;
  let beta: TestProvider;
  let t: TestApp;

  let world: OidcWorld | undefined;

  beforeAll(async () => {
    world = await startOidcWorld(target);
    ({ alpha, beta, t } = world);
  });
  afterAll(async () => world?.close());
  it('shows a button per provider, in the language asked for, above the password form', async () => {
    const nb = await t.app.inject({ method: 'GET', url: '/signin?next=/cases' });
    expect(nb.body).toContain('href="/auth/oidc/alpha/start?next=%2Fcases"');
    expect(nb.body).toContain('Logg inn med Testportalen alpha');
    expect(nb.body).toContain('Logg inn med Testportalen beta');
    expect(nb.body).toContain('action="/signin"');
    const en = await t.app.inject({ method: 'GET', url: '/signin?lang=en' });
    expect(en.body).toContain('Sign in with Test portal beta');
    expect((await t.app.inject({ method: 'GET', url: '/auth/oidc/gamma/start' })).statusCode).toBe(404);
  });

  it('first sign-in links to the existing local user by verified e-mail; the second finds it by subject', async () => {
    const user = await createUser(t, { email: 'kari.nordmann@bergen.kommune.no', name: 'Kari Nordmann' });
    alpha.accounts.set('kari-sub', { email: 'Kari.Nordmann@bergen.kommune.no', email_verified: true, name: 'Kari N.' });

    const browser = new Browser(t);
    // A session id planted before sign-in must not survive it (rotation).
    await browser.signIn(user.email, user.password);
    const planted = /nytenk_session=([^;]+)/.exec(browser.cookies)![1]!;

    const first = await providerSignIn(t, browser, 'alpha', alpha, { login: 'kari-sub', next: '/profile' });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/profile');
    const session = /nytenk_session=([^;]+)/.exec(browser.cookies)![1]!;
    expect(session).not.toBe(planted);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/nytenk_session=[^;]+;.*HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const db = t.database.db;
    expect(await db.selectFrom('sessions').where('id_hash', '=', sessionIdHash(planted)).select('user_id').executeTakeFirst()).toBeUndefined();

    const profile = await browser.get('/profile');
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('kari.nordmann@bergen.kommune.no');

    const identities = await db.selectFrom('user_identities').selectAll().where('user_id', '=', user.id).execute();
    expect(identities.map((i) => [i.provider, i.subject, i.email])).toEqual([['alpha', 'kari-sub', 'kari.nordmann@bergen.kommune.no']]);
    expect(await db.selectFrom('users').select(db.fn.countAll<string>().as('n')).where('email', 'ilike', 'kari.nordmann@bergen.kommune.no').executeTakeFirstOrThrow()).toEqual({ n: '1' });

    // The provider's address changes; the identity still leads to the same user.
    alpha.accounts.set('kari-sub', { email: 'kari@nytt-domene.no', email_verified: true, name: 'Kari N.' });
    const again = new Browser(t);
    const second = await providerSignIn(t, again, 'alpha', alpha, { login: 'kari-sub' });
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe('/');
    expect((await again.get('/profile')).body).toContain('kari.nordmann@bergen.kommune.no');
    const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'user.identity_link').where('entity_id', '=', user.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ provider: 'alpha', by: 'email' });
  });

  it('a new person becomes a new user without a password; the same address at a second provider links to them', async () => {
    alpha.accounts.set('ola-a', { email: 'ola@stavanger.kommune.no', email_verified: true, name: 'Ola Stavanger' });
    beta.accounts.set('ola-b', { email: 'ola@stavanger.kommune.no', email_verified: true, name: 'Ola S' });
    const browser = new Browser(t);
    expect((await providerSignIn(t, browser, 'alpha', alpha, { login: 'ola-a', next: '/profile' })).statusCode).toBe(303);
    const user = await t.database.db.selectFrom('users').select(['id', 'name', 'password_hash']).where('email', '=', 'ola@stavanger.kommune.no').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: 'Ola Stavanger', password_hash: null });

    const other = new Browser(t);
    expect((await providerSignIn(t, other, 'beta', beta, { login: 'ola-b' })).statusCode).toBe(303);
    expect((await other.get('/profile')).body).toContain('Ola Stavanger');
    const identities = await t.database.db.selectFrom('user_identities').select(['provider', 'subject']).where('user_id', '=', user.id).orderBy('provider').execute();
    expect(identities).toEqual([
      { provider: 'alpha', subject: 'ola-a' },
      { provider: 'beta', subject: 'ola-b' },
    ]);
  });

  it('refuses a callback whose state does not match, and the login cannot be retried with it', async () => {
    alpha.accounts.set('state-test', { email: 'state@example.no', email_verified: true });
    const browser = new Browser(t);
    const res = await providerSignIn(t, browser, 'alpha', alpha, {
      login: 'state-test',
      beforeCallback: (url) => {
        const forged = new URL(url);
        forged.searchParams.set('state', 'forged-state');
        return forged;
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(reasonOf(res.body)).toBe('state_mismatch');
    expect(res.body).toContain('Innloggingen mislyktes');
    expect(browser.cookies).not.toContain('nytenk_session');
    expect(await t.database.db.selectFrom('users').select('id').where('email', '=', 'state@example.no').executeTakeFirst()).toBeUndefined();
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    alpha.accounts.set('nonce-test', { email: 'nonce@example.no', email_verified: true });
    const browser = new Browser(t);
    const res = await providerSignIn(t, browser, 'alpha', alpha, {
      login: 'nonce-test',
      // The provider put our nonce in the token; make the one we expect different.
      beforeCallback: async () => {
        await t.database.db.updateTable('oidc_logins').set({ nonce: 'not-the-nonce-sent' }).where('provider', '=', 'alpha').execute();
      },
    });
    expect(res.statusCode).toBe(400);
    expect(reasonOf(res.body)).toBe('nonce_mismatch');
    expect(browser.cookies).not.toContain('nytenk_session');
  });

  it('refuses a replayed callback, and a callback in a browser that did not start the login', async () => {
    alpha.accounts.set('replay-test', { email: 'replay@example.no', email_verified: true });
    const browser = new Browser(t);
    let callback: URL | undefined;
    let handle = '';
    const res = await providerSignIn(t, browser, 'alpha', alpha, {
      login: 'replay-test',
      beforeCallback: (u) => {
        callback = u;
        handle = /nytenk_oidc=[^;]+/.exec(browser.cookies)![0];
      },
    });
    expect(res.statusCode).toBe(303);
    expect(browser.cookies).not.toContain('nytenk_oidc');
    const replay = await t.app.inject({ method: 'GET', url: callback!.pathname + callback!.search, headers: { cookie: handle } });
    expect(replay.statusCode).toBe(400);
    expect(reasonOf(replay.body)).toBe('expired');
    const stranger = await t.app.inject({ method: 'GET', url: callback!.pathname + callback!.search });
    expect(reasonOf(stranger.body)).toBe('expired');
  });

  it('signing out ends the session and sends the browser on to the provider’s end-session endpoint', async () => {
    alpha.accounts.set('logout-test', { email: 'logout@example.no', email_verified: true });
    const browser = new Browser(t);
    await providerSignIn(t, browser, 'alpha', alpha, { login: 'logout-test' });
    const session = /nytenk_session=([^;]+)/.exec(browser.cookies)![1]!;
    const res = await browser.submit('/profile', '/signout', {});
    // A page that refreshes at once to the provider (a 303 from a form POST would meet form-action 'self').
    expect(res.statusCode).toBe(200);
    const href = /href="([^"]+)" data-testid="provider-signout"/.exec(res.body)![1]!.replace(/&amp;/g, '&');
    expect(res.body).toContain(`<meta http-equiv="refresh" content="0; url=${href.replace(/&/g, '&amp;')}"`);
    expect(res.body).not.toContain('action="/signout"');
    const location = new URL(href);
    expect(location.origin).toBe(alpha.issuer);
    expect(location.pathname).toBe('/session/end');
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${SITE}/auth/oidc/signed-out`);
    expect(location.searchParams.get('id_token_hint')).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await t.database.db.selectFrom('sessions').select('user_id').where('id_hash', '=', sessionIdHash(session)).executeTakeFirst()).toBeUndefined();
    expect((await browser.get('/profile')).statusCode).toBe(401);
    // The provider accepts the hint and shows its sign-out page.
    expect((await fetch(location, { redirect: 'manual' })).status).toBe(200);
    // A local session still signs out locally.
    const local = await createUser(t);
    const lb = new Browser(t);
    await lb.signIn(local.email, local.password);
    const localOut = await lb.submit('/profile', '/signout', {});
    expect(localOut.headers.location).toBe('/');
    expect((await t.app.inject({ method: 'GET', url: '/auth/oidc/signed-out' })).headers.location).toBe('/');
  });

  it('a user who cancels at the provider gets a page that says so', async () => {
    const browser = new Browser(t);
    const start = await browser.get('/auth/oidc/beta/start');
    const state = new URL(String(start.headers.location)).searchParams.get('state')!;
    const res = await browser.get(`/auth/oidc/beta/callback?error=access_denied&state=${encodeURIComponent(state)}`);
    expect(res.statusCode).toBe(400);
    expect(reasonOf(res.body)).toBe('denied');
  });
});

describe.each(dataTargets())('LOCAL_ACCOUNTS=false on $name PostgreSQL', (target) => {
  let provider: TestProvider;
  let t: TestApp;
  beforeAll(async () => {
    provider = await startTestProvider('only');
    provider.registerClient([`${SITE}/auth/oidc/only/callback`], [`${SITE}/auth/oidc/signed-out`]);
    t = await createTestApp(target, { publicUrl: SITE, localAccounts: false, oidcProviders: parseOidcProviders(providerEnv({ only: provider })).providers });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('hides the password form, refuses its POST and registration, and still signs in at the provider', async () => {
    const user = await createUser(t, { email: 'no-password@example.no' });
    const page = await t.app.inject({ method: 'GET', url: '/signin' });
    expect(page.body).not.toContain('action="/signin"');
    expect(page.body).not.toContain('type="password"');
    expect(page.body).toContain('href="/auth/oidc/only/start"');
    const browser = new Browser(t);
    provider.accounts.set('np', { email: user.email, email_verified: true });
    const res = await providerSignIn(t, browser, 'only', provider, { login: 'np', next: '/profile' });
    expect(res.statusCode).toBe(303);
    const profile = await browser.get('/profile');
    expect(profile.body).toContain(user.email);

    // The password form's POST is refused even with a valid CSRF token (taken from the profile page).
    const post = await t.app.inject({
      method: 'POST',
      url: '/signin',
      headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: user.email, password: user.password, _csrf: csrfFrom(profile.body) }).toString(),
    });
    expect(post.statusCode).toBe(403);
    expect(post.body).not.toContain('type="password"');
    expect(String(post.headers['set-cookie'] ?? '')).not.toContain('nytenk_session');
    expect((await t.app.inject({ method: 'GET', url: '/register' })).statusCode).toBe(404);
    expect((await browser.get('/profile')).body).toContain(user.email);
  });
});
