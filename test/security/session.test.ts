import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createToken, createUser, csrfFrom, mergeCookies, type TestApp } from '../helpers/app.js';
import { dataTargets } from '../helpers/db.js';

/** Session cookies, session rotation, the Content Security Policy and the sign-in rate limit. */
describe.each(dataTargets().slice(0, 1))('sessions and headers ($name PostgreSQL)', (target) => {
  let t: TestApp;
  let secure: TestApp;
  let user: { id: string; email: string; password: string };

  const signIn = async (app: TestApp, jar = '') => {
    const page = await app.app.inject({ url: '/signin', headers: jar ? { cookie: jar } : {} });
    const cookies = mergeCookies(jar, page);
    const res = await app.app.inject({ method: 'POST', url: '/signin', headers: { cookie: cookies }, payload: { email: user.email, password: user.password, _csrf: csrfFrom(page.body) } });
    return { res, jar: mergeCookies(cookies, res) };
  };
  const sessionCookie = (res: { cookies: { name: string; value: string; httpOnly?: boolean; sameSite?: string; secure?: boolean }[] }) =>
    res.cookies.find((c) => c.name.toLowerCase().includes('session'));

  beforeAll(async () => {
    t = await createTestApp(target, { loginRateLimit: 3, writeRateLimit: 4 });
    secure = await createTestApp(target, { publicUrl: 'https://nytenk.example.no', secureCookies: true });
    user = await createUser(t, { name: 'Kari Nordmann', email: 'kari.session@example.no' });
    await createUser(secure, { name: 'Kari Nordmann', email: 'kari.session@example.no', password: user.password });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await secure?.close();
  });

  it('sets an HttpOnly, SameSite session cookie, Secure behind HTTPS, and a new session id at every sign-in', async () => {
    const first = await signIn(t);
    expect(first.res.statusCode).toBe(303);
    const c1 = sessionCookie(first.res)!;
    expect(c1).toBeTruthy();
    expect(c1.httpOnly).toBe(true);
    expect(String(c1.sameSite).toLowerCase()).toBe('lax');
    expect(c1.secure).toBeFalsy();
    // Signing in again from the same browser: a new id, and the old one no longer works.
    const second = await signIn(t, first.jar);
    const c2 = sessionCookie(second.res)!;
    expect(c2.value).not.toBe(c1.value);
    const oldOnly = `${c1.name}=${c1.value}`;
    const profile = await t.app.inject({ url: '/profile', headers: { cookie: oldOnly } });
    expect(profile.statusCode).not.toBe(200);

    const overHttps = await signIn(secure);
    expect(sessionCookie(overHttps.res)!.secure).toBe(true);
    expect(overHttps.res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('sends a Content Security Policy without unsafe-inline or unsafe-eval on pages', async () => {
    for (const url of ['/', '/cases', '/signin', '/dashboard', '/open-data']) {
      const res = await t.app.inject(url);
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp, url).toMatch(/default-src 'self'/);
      expect(csp, url).toMatch(/script-src 'self'/);
      expect(csp, url).not.toMatch(/unsafe-inline|unsafe-eval/);
    }
  });

  it('limits sign-in attempts per client', async () => {
    // A client address of its own: its budget (3 a minute) is untouched by the sign-ins of the other tests.
    const remoteAddress = '198.51.100.23';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const page = await t.app.inject({ url: '/signin', remoteAddress });
      const res = await t.app.inject({ method: 'POST', url: '/signin', remoteAddress, headers: { cookie: mergeCookies('', page) }, payload: { email: user.email, password: 'wrong password here', _csrf: csrfFrom(page.body) } });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });

  it('limits writes per session or token, each its own budget, with a problem+json 429', async () => {
    const other = await createUser(t, { name: 'Ola Nordmann' });
    const mine = await createToken(t, user.id);
    const theirs = await createToken(t, other.id);
    const follow = (token: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/following', headers: { authorization: `Bearer ${token}` }, payload: { kind: 'theme', key: 'no-such-theme' } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await follow(mine)).statusCode);
    expect(statuses.slice(0, 4)).not.toContain(429);
    expect(statuses.slice(4)).toEqual([429, 429]);
    const limited = await follow(mine);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429 });
    expect(limited.headers['retry-after']).toBeDefined();
    // Another user's token, from the same address, has its own budget.
    expect((await follow(theirs)).statusCode).not.toBe(429);
  });
});
