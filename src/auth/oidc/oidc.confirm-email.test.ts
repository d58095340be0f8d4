import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../../test/helpers/db.js';
import { Browser, createUser, mergeCookies, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import type { TestProvider } from '../../../test/helpers/oidc-provider.js';
import { CONFIRM, CONFIRM_CODE, confirmCookie, providerSignIn, reasonOf, SITE, startOidcWorld, type OidcWorld } from '../../../test/helpers/oidc-flow.js';
import type { Lang } from '../../i18n/index.js';
import { oidcMessages } from './oidc.messages.js';
import { sessionIdHash } from '../auth.service.js';

/**
 * A first sign-in without a verified address (ID-porten sends none): the address is confirmed with
 * a code by e-mail, within five attempts and three codes, in the browser that signed in.
 */

describe.each(dataTargets())('OpenID Connect sign-in without an e-mail address on $name PostgreSQL', (target) => {
  let alpha: TestProvider;
  /** Like ID-porten: `sub` and `pid`, no e-mail claims at all. */
  let idporten: TestProvider;
  let t: TestApp;

  let world: OidcWorld | undefined;

  beforeAll(async () => {
    world = await startOidcWorld(target);
    ({ alpha, idporten, t } = world);
  });
  afterAll(async () => world?.close());

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

});
