import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { dataTargets } from '../../../test/helpers/db.js';
import { Browser, createTestApp, createUser, mergeCookies, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import { providerEnv, startTestProvider, type TestProvider } from '../../../test/helpers/oidc-provider.js';
import { loadConfig } from '../../config.js';
import type { Lang } from '../../i18n/index.js';
import { parseOidcProviders } from './oidc.config.js';
import { oidcMessages } from './oidc.messages.js';
import { sessionIdHash } from '../auth.service.js';

/**
 * The whole authorization code flow against a real provider (npm oidc-provider on 127.0.0.1):
 * Nytenk driven with app.inject, the provider over HTTP, redirects followed by hand with a cookie
 * jar for each side, as a browser without JavaScript would.
 */

const SITE = 'http://nytenk.test';

/** The provider's cookies (name → value), sent back on every request to it. */
class ProviderJar {
  private cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

interface FlowOptions {
  /** The provider account to sign in as (must be in provider.accounts). */
  login: string;
  next?: string;
  /** Called with the callback URL before it reaches Nytenk: tamper with it, or with the database. */
  beforeCallback?: (callback: URL) => Promise<URL | void> | URL | void;
}

/**
 * Signs in through a provider: Nytenk's start → provider authorize → its login form → consent →
 * Nytenk's callback. Returns the callback's response (the browser's cookies updated).
 */
async function providerSignIn(t: TestApp, browser: Browser, providerId: string, provider: TestProvider, options: FlowOptions): Promise<LightMyRequestResponse> {
  const start = await browser.get(`/auth/oidc/${providerId}/start${options.next ? `?next=${encodeURIComponent(options.next)}` : ''}`);
  expect(start.statusCode).toBe(303);
  let location = new URL(String(start.headers.location));
  expect(location.origin).toBe(provider.issuer);
  const jar = new ProviderJar();
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (location.href.startsWith(`${SITE}/`)) break;
    const res = await fetch(location, {
      redirect: 'manual',
      ...(body ? { method: 'POST', body, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } } : { headers: { cookie: jar.header() } }),
    });
    body = undefined;
    jar.take(res);
    if (res.status >= 300 && res.status < 400) {
      location = new URL(res.headers.get('location')!, location);
      continue;
    }
    const html = await res.text();
    const form = /<form method="post" action="([^"]+)"/.exec(html);
    if (res.status !== 200 || !form?.[1]) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    location = new URL(form[1], location);
    body = new URLSearchParams({ login: options.login }).toString();
  }
  expect(location.pathname).toBe(`/auth/oidc/${providerId}/callback`);
  const callback = (await options.beforeCallback?.(location)) ?? location;
  const res = await t.app.inject({ method: 'GET', url: callback.pathname + callback.search, headers: { cookie: browser.cookies, accept: 'text/html' } });
  browser.cookies = mergeCookies(browser.cookies, res);
  return res;
}

const reasonOf = (html: string) => /data-reason="([a-z_]+)"/.exec(html)?.[1];

const CONFIRM = '/auth/oidc/confirm-email';
const CONFIRM_CODE = '/auth/oidc/confirm-email/code';
const confirmCookie = (cookies: string) => /nytenk_oidc_confirm=[^;]+/.exec(cookies)?.[0];

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
  /** Like ID-porten: `sub` and `pid`, no e-mail claims at all. */
  let idporten: TestProvider;
  let t: TestApp;

  beforeAll(async () => {
    [alpha, beta, idporten] = await Promise.all([startTestProvider('alpha'), startTestProvider('beta'), startTestProvider('idporten', { email: false })]);
    for (const [id, p] of [['alpha', alpha], ['beta', beta], ['idporten', idporten]] as const) p.registerClient([`${SITE}/auth/oidc/${id}/callback`], [`${SITE}/auth/oidc/signed-out`]);
    const { providers } = parseOidcProviders(providerEnv({ alpha, beta, idporten }));
    t = await createTestApp(target, { publicUrl: SITE, oidcProviders: providers });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([alpha?.close(), beta?.close(), idporten?.close()]);
  });

  // ---- helpers for the e-mail confirmation of a sign-in without an address ----

  let pidCounter = 0;
  /** Signs in at the ID-porten-like provider as a new subject; returns the browser, now asked for an address. */
  async function signInWithoutEmail(login: string, options: { lang?: Lang; next?: string; browser?: Browser } = {}): Promise<Browser> {
    const browser = options.browser ?? new Browser(t);
    if (options.lang) await browser.get(`/signin?lang=${options.lang}`);
    idporten.accounts.set(login, { pid: String(10_000_000_000 + ++pidCounter) });
    const res = await providerSignIn(t, browser, 'idporten', idporten, { login, ...(options.next ? { next: options.next } : {}) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(CONFIRM);
    return browser;
  }

  /** The latest e-mail queued to an address, and the code in it. */
  async function codeMailTo(to: string) {
    const mail = await t.database.db.selectFrom('outbox').select(['kind', 'subject', 'text_body as text']).where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return { ...mail, code: /\b([0-9]{6})\b/.exec(mail.text)![1]! };
  }

  async function sendCode(browser: Browser, email: string): Promise<string> {
    const res = await browser.submit(CONFIRM, CONFIRM, { email });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(CONFIRM);
    return (await codeMailTo(email.toLowerCase())).code;
  }

  /** A form POST with a CSRF token of this browser's own (taken from the sign-in page: the start-over page has no form). */
  async function post(browser: Browser, url: string, fields: Record<string, string>) {
    const token = csrfFrom((await browser.get('/signin')).body);
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    });
    browser.cookies = mergeCookies(browser.cookies, res);
    return res;
  }

  const wrong = (code: string) => (code === '000000' ? '000001' : '000000');

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

  it('a first sign-in without an e-mail address (ID-porten) asks for one, confirms it with a code by e-mail, and links the existing user', async () => {
    const user = await createUser(t, { email: 'per.hansen@tromso.kommune.no', name: 'Per Hansen' });
    const browser = new Browser(t);
    // A session id planted before sign-in must not survive it (rotation), here as at the callback.
    await browser.signIn(user.email, user.password);
    const planted = /nytenk_session=([^;]+)/.exec(browser.cookies)![1]!;
    idporten.accounts.set('idp-per', { pid: '01017012345' });
    const callback = await providerSignIn(t, browser, 'idporten', idporten, { login: 'idp-per', next: '/profile' });
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe(CONFIRM);
    const setCookie = String(callback.headers['set-cookie']);
    expect(setCookie).toMatch(/nytenk_oidc_confirm=[\w-]{40,}; Max-Age=1800; Path=\/auth\/oidc\/; HttpOnly; SameSite=Lax/);
    expect(setCookie).not.toContain('nytenk_session');
    const db = t.database.db;
    expect(await db.selectFrom('user_identities').select('user_id').where('subject', '=', 'idp-per').execute()).toEqual([]);
    const pendingRow = await db.selectFrom('oidc_email_confirmations').selectAll().where('subject', '=', 'idp-per').executeTakeFirstOrThrow();
    expect(pendingRow).toMatchObject({ provider: 'idporten', name: null, claimed_email: null, email: null, code_hash: null, attempts: 0, next: '/profile' });
    expect(JSON.stringify({ ...pendingRow, id_token: '' })).not.toContain('01017012345');

    const ask = await browser.get(CONFIRM);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('<h1 class="ds-heading" data-size="lg">Bekreft e-postadressen din</h1>');
    expect(ask.body).toContain('Du logget inn med Testportalen idporten, men Testportalen idporten gir oss ikke e-postadressen din.');
    expect(ask.body).toMatch(/<form method="post" action="\/auth\/oidc\/confirm-email" novalidate/);
    expect(ask.body).toMatch(/name="_csrf"/);

    // A bad address: the form again (400), with the error summary linking to the field, and what was typed.
    const bad = await browser.submit(CONFIRM, CONFIRM, { email: 'per.hansen@' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="ds-error-summary"');
    expect(bad.body).toContain('href="#field-email"');
    expect(bad.body).toContain('value="per.hansen@"');
    expect(bad.body).toContain('aria-invalid="true"');
    expect(await db.selectFrom('outbox').select('id').where('to_address', 'like', 'per.hansen%').execute()).toEqual([]);

    const code = await sendCode(browser, 'Per.Hansen@tromso.kommune.no');
    const mail = await codeMailTo('per.hansen@tromso.kommune.no');
    expect(mail.kind).toBe('system');
    expect(mail.subject).toBe(oidcMessages('nb').mail.subject);
    expect(mail.text).toContain(`Koden din er: ${code}`);
    expect(mail.text).toContain('Testportalen idporten');
    const codePage = await browser.get(CONFIRM);
    expect(codePage.body).toContain('Vi har sendt en kode på seks siffer til per.hansen@tromso.kommune.no.');
    expect(codePage.body).toMatch(/action="\/auth\/oidc\/confirm-email\/code"/);
    expect(codePage.body).toContain('autocomplete="one-time-code"');

    // A wrong code: refused with the attempts left; a malformed one is not counted as a guess.
    const no = await browser.submit(CONFIRM, CONFIRM_CODE, { code: wrong(code) });
    expect(no.statusCode).toBe(400);
    expect(no.body).toContain('Koden stemmer ikke. Du har 4 forsøk igjen.');
    expect(no.body).toContain('href="#field-code"');
    expect(no.body).toContain(`value="${wrong(code)}"`);
    const malformed = await browser.submit(CONFIRM, CONFIRM_CODE, { code: '12ab' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('Koden er seks siffer');
    expect((await db.selectFrom('oidc_email_confirmations').select('attempts').where('subject', '=', 'idp-per').executeTakeFirstOrThrow()).attempts).toBe(1);
    expect(browser.cookies).toContain(planted);

    const cookieBefore = confirmCookie(browser.cookies)!;
    const yes = await browser.submit(CONFIRM, CONFIRM_CODE, { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(yes.statusCode).toBe(303);
    expect(yes.headers.location).toBe('/profile');
    expect(confirmCookie(browser.cookies)).toBeUndefined();
    const session = /nytenk_session=([^;]+)/.exec(browser.cookies)![1]!;
    expect(session).not.toBe(planted);
    expect(await db.selectFrom('sessions').select('user_id').where('id_hash', '=', sessionIdHash(planted)).executeTakeFirst()).toBeUndefined();
    expect((await browser.get('/profile')).body).toContain('per.hansen@tromso.kommune.no');
    const identities = await db.selectFrom('user_identities').select(['provider', 'subject', 'email']).where('user_id', '=', user.id).execute();
    expect(identities).toEqual([{ provider: 'idporten', subject: 'idp-per', email: 'per.hansen@tromso.kommune.no' }]);
    const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', user.id).where('action', 'in', ['user.identity_link', 'user.register']).execute();
    expect(audit).toEqual([{ action: 'user.identity_link', details: { provider: 'idporten', by: 'email_code' } }]);
    expect(await db.selectFrom('oidc_email_confirmations').select('subject').where('subject', '=', 'idp-per').execute()).toEqual([]);
    // The ID token went with the session, for the provider's end-session.
    expect(await db.selectFrom('oidc_sessions').select('provider').where('session_id_hash', '=', sessionIdHash(session)).executeTakeFirst()).toEqual({ provider: 'idporten' });

    // Used: the same cookie and code get nowhere.
    const replay = await post(new Browser(t), CONFIRM_CODE, { code });
    expect(replay.statusCode).toBe(403);
    const replayWithCookie = new Browser(t);
    replayWithCookie.cookies = cookieBefore;
    const again = await post(replayWithCookie, CONFIRM_CODE, { code });
    expect(again.statusCode).toBe(403);
    expect(reasonOf(again.body)).toBe('expired');

    // The next sign-in finds the identity by its subject: no question, no e-mail.
    const mails = (await db.selectFrom('outbox').select('id').execute()).length;
    const next = new Browser(t);
    const second = await providerSignIn(t, next, 'idporten', idporten, { login: 'idp-per' });
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe('/');
    expect((await next.get('/profile')).body).toContain('per.hansen@tromso.kommune.no');
    expect((await db.selectFrom('outbox').select('id').execute()).length).toBe(mails);
  });

  it.for([
    { lang: 'nn' as const, email: 'nora.nynorsk@voss.kommune.no', heading: 'Stadfest e-postadressa di' },
    { lang: 'en' as const, email: 'emma.english@asker.kommune.no', heading: 'Confirm your e-mail address' },
  ])('a person no user has the address of becomes a new user; page and code e-mail in $lang', async ({ lang, email, heading }) => {
    const login = `idp-new-${lang}`;
    const browser = await signInWithoutEmail(login, { lang });
    expect((await browser.get(CONFIRM)).body).toContain(heading);
    const code = await sendCode(browser, email);
    const mail = await codeMailTo(email);
    const t2 = oidcMessages(lang);
    expect(mail.subject).toBe(t2.mail.subject);
    expect(mail.text).toContain(t2.mail.body({ code, provider: lang === 'en' ? 'Test portal idporten' : 'Testportalen idporten', until: 'X', site: SITE }).split('\n')[4]);
    const wrongPage = await browser.submit(CONFIRM, CONFIRM_CODE, { code: wrong(code) });
    expect(wrongPage.body).toContain(t2.confirm.codeErrors.wrong(4));
    expect(wrongPage.body).toContain(`<html lang="${lang}"`);
    const done = await browser.submit(CONFIRM, CONFIRM_CODE, { code });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/');
    const db = t.database.db;
    const user = await db.selectFrom('users').select(['id', 'name', 'password_hash']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: email.split('@')[0], password_hash: null });
    const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', user.id).where('action', 'like', 'user.%').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'user.register', details: { via: 'oidc', provider: 'idporten' } },
      { action: 'user.identity_link', details: { provider: 'idporten', by: 'email_code' } },
    ]);
    expect((await browser.get('/profile')).body).toContain(email);
  });

  it('the fifth wrong code ends the confirmation: after it even the right code is refused, and the browser is told to start over', async () => {
    const browser = await signInWithoutEmail('idp-guesser');
    const code = await sendCode(browser, 'guess.target@example.no');
    for (let left = 4; left >= 1; left--) {
      const res = await browser.submit(CONFIRM, CONFIRM_CODE, { code: wrong(code) });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(`Du har ${left} forsøk igjen.`);
    }
    const cookie = confirmCookie(browser.cookies)!;
    const fifth = await browser.submit(CONFIRM, CONFIRM_CODE, { code: wrong(code) });
    expect(fifth.statusCode).toBe(403);
    expect(reasonOf(fifth.body)).toBe('attempts');
    expect(fifth.body).toContain('href="/signin"');
    expect(confirmCookie(browser.cookies)).toBeUndefined();
    expect(await t.database.db.selectFrom('oidc_email_confirmations').select('subject').where('subject', '=', 'idp-guesser').execute()).toEqual([]);
    // The sixth, with the right code and the old cookie put back.
    browser.cookies = `${browser.cookies}; ${cookie}`;
    const sixth = await post(browser, CONFIRM_CODE, { code });
    expect(sixth.statusCode).toBe(403);
    expect(reasonOf(sixth.body)).toBe('expired');
    expect(await t.database.db.selectFrom('users').select('id').where('email', '=', 'guess.target@example.no').execute()).toEqual([]);
  });

  it('guesses sent at once share the five attempts: four wrong-code pages, then start over for the rest', async () => {
    const browser = await signInWithoutEmail('idp-parallel');
    const code = await sendCode(browser, 'parallel@example.no');
    const token = csrfFrom((await browser.get(CONFIRM)).body);
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: CONFIRM_CODE,
          headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
          payload: new URLSearchParams({ code: String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'), _csrf: token }).toString(),
        }),
      ),
    );
    const statuses = guesses.map((g) => g.statusCode).sort();
    expect(statuses.filter((s) => s === 400)).toHaveLength(4);
    expect(statuses.filter((s) => s === 403)).toHaveLength(8);
    expect(guesses.filter((g) => reasonOf(g.body) === 'attempts')).toHaveLength(1);
  });

  it('without the cookie of the browser that signed in, or after expiry, there is nothing to finish: start over (403)', async () => {
    // An attacker signs in with their own identity and types someone else's address.
    const victim = await createUser(t, { email: 'victim@bodo.kommune.no' });
    const attacker = await signInWithoutEmail('idp-attacker');
    const code = await sendCode(attacker, victim.email);
    // The code went to the victim's mailbox; another browser (the victim's, say) has no confirmation.
    const other = new Browser(t);
    const page = await other.get(CONFIRM);
    expect(page.statusCode).toBe(403);
    expect(reasonOf(page.body)).toBe('expired');
    expect(page.body).toContain('Start innloggingen på nytt');
    expect(page.body).toContain('href="/signin"');
    expect((await post(other, CONFIRM_CODE, { code })).statusCode).toBe(403);
    expect((await post(other, CONFIRM, { email: 'other@example.no' })).statusCode).toBe(403);
    expect(await t.database.db.selectFrom('outbox').select('id').where('to_address', '=', 'other@example.no').execute()).toEqual([]);
    // Without the CSRF token the attacker's own browser is refused before anything is checked.
    const forged = await t.app.inject({ method: 'POST', url: CONFIRM_CODE, headers: { cookie: attacker.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: `code=${code}` });
    expect(forged.statusCode).toBe(403);
    // Expired: the confirmation is there but past its time.
    await t.database.db.updateTable('oidc_email_confirmations').set({ expires_at: new Date(Date.now() - 1000) }).where('subject', '=', 'idp-attacker').execute();
    const late = await attacker.get(CONFIRM);
    expect(late.statusCode).toBe(403);
    expect(confirmCookie(attacker.cookies)).toBeUndefined();
    expect(await t.database.db.selectFrom('user_identities').select('subject').where('user_id', '=', victim.id).execute()).toEqual([]);
  });

  it('a new code replaces the last (to the same or another address), three at most; the identity goes with the address of the code used', async () => {
    const browser = await signInWithoutEmail('idp-resend', { next: '/cases' });
    const first = await sendCode(browser, 'first@example.no');
    const second = await sendCode(browser, 'second@example.no');
    const page = await browser.get(CONFIRM);
    expect(page.body).toContain('til second@example.no');
    expect(page.body).toContain('value="second@example.no"');
    const old = await browser.submit(CONFIRM, CONFIRM_CODE, { code: first === second ? wrong(second) : first });
    expect(old.statusCode).toBe(400);
    const third = await sendCode(browser, 'third@example.no');
    // No fourth: the page says so, and a stale form is answered with the reason.
    expect((await browser.get(CONFIRM)).body).toContain('Vi har sendt så mange koder som vi kan');
    const fourth = await post(browser, CONFIRM, { email: 'fourth@example.no' });
    expect(fourth.statusCode).toBe(400);
    expect(fourth.body).toContain('Vi sender ikke flere koder for denne innloggingen.');
    expect(fourth.body).toContain('href="#field-email"');
    expect(await t.database.db.selectFrom('outbox').select('id').where('to_address', '=', 'fourth@example.no').execute()).toEqual([]);
    const done = await browser.submit(CONFIRM, CONFIRM_CODE, { code: third });
    expect(done.headers.location).toBe('/cases');
    const identity = await t.database.db.selectFrom('user_identities').select('email').where('subject', '=', 'idp-resend').executeTakeFirstOrThrow();
    expect(identity.email).toBe('third@example.no');
  });

  it('an unverified address from the provider is offered in the form but links nothing until confirmed', async () => {
    const existing = await createUser(t, { email: 'unverified@example.no' });
    alpha.accounts.set('sneaky', { email: existing.email, email_verified: false, name: 'Sneaky' });
    const browser = new Browser(t);
    const res = await providerSignIn(t, browser, 'alpha', alpha, { login: 'sneaky' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(CONFIRM);
    const page = await browser.get(CONFIRM);
    expect(page.body).toContain('value="unverified@example.no"');
    expect(await t.database.db.selectFrom('user_identities').select('subject').where('subject', '=', 'sneaky').execute()).toEqual([]);
    expect(browser.cookies).not.toContain('nytenk_session');
    // A new person's name comes from the claims when the provider gives one.
    const code = await sendCode(browser, 'sneaky.new@example.no');
    await browser.submit(CONFIRM, CONFIRM_CODE, { code });
    expect(await t.database.db.selectFrom('users').select('name').where('email', '=', 'sneaky.new@example.no').executeTakeFirstOrThrow()).toEqual({ name: 'Sneaky' });
  });

  it('a disabled user is refused after the code, and the confirmation ends', async () => {
    const user = await createUser(t, { email: 'disabled.person@example.no' });
    await t.database.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
    const browser = await signInWithoutEmail('idp-disabled');
    const code = await sendCode(browser, user.email);
    const res = await browser.submit(CONFIRM, CONFIRM_CODE, { code });
    expect(res.statusCode).toBe(400);
    expect(reasonOf(res.body)).toBe('disabled');
    expect(browser.cookies).not.toContain('nytenk_session');
    expect(confirmCookie(browser.cookies)).toBeUndefined();
    expect(await t.database.db.selectFrom('user_identities').select('subject').where('subject', '=', 'idp-disabled').execute()).toEqual([]);
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
