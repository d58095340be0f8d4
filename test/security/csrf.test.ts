import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, csrfFrom, mergeCookies, type TestApp } from '../helpers/app.js';
import { dataTargets } from '../helpers/db.js';
import { problemType } from '../../src/core/errors.js';
import { LANGS, messages } from '../../src/i18n/index.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The CSRF refusal's own words on a page, in any language (another 403, «not allowed», says something else). */
const CSRF_PAGE_TEXTS = LANGS.map((lang) => messages(lang).errors.csrf);

/**
 * Every state-changing browser route in the route table (not the API, which takes Bearer tokens)
 * refuses a request from a signed-in browser that lacks the CSRF token, before anything else
 * happens; a new route is covered without being listed here. Routes whose URL is its own secret
 * (one-click unsubscribe) are the declared exceptions. A refusal counts only when it is the CSRF
 * refusal: the error catalogue's `csrf` problem for a client asking for JSON, the CSRF error page
 * for a browser; any other 403 (a permission check that ran first) does not.
 */
describe.each(dataTargets().slice(0, 1))('CSRF on every state-changing browser route ($name PostgreSQL)', (target) => {
  let t: TestApp;
  let cookie = '';

  beforeAll(async () => {
    t = await createTestApp(target);
    const admin = await createUser(t, { name: 'Petra Plattform', platformRole: 'admin', org: '958935420', role: 'org_admin' });
    const page = await t.app.inject('/signin');
    const jar = mergeCookies('', page);
    const res = await t.app.inject({ method: 'POST', url: '/signin', headers: { cookie: jar }, payload: { email: admin.email, password: admin.password, _csrf: csrfFrom(page.body) } });
    expect(res.statusCode).toBe(303);
    cookie = mergeCookies(jar, res);
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses a signed-in browser write without the token on every route, and lists the exceptions', async () => {
    const routes = t.app.routeTable.filter((r) => UNSAFE.has(r.method) && !r.url.startsWith('/api/'));
    // The table is the app's own: a sample of routes that must be in it.
    for (const known of ['/signin', '/signout', '/follow', '/notifications/read']) expect(routes.map((r) => r.url)).toContain(known);
    expect(routes.length).toBeGreaterThan(30);
    const exempt = routes.filter((r) => r.csrfExempt).map((r) => `${r.method} ${r.url}`);
    expect(exempt).toEqual(['POST /unsubscribe/:token']);

    const refused: string[] = [];
    const notRefused: string[] = [];
    for (const r of routes.filter((x) => !x.csrfExempt)) {
      // Path parameters filled with plausible values: the refusal must come before any lookup.
      const url = r.url.replace(/:orgnr/g, '958935420').replace(/:[A-Za-z]+/g, '1').replace(/\*/g, 'x');
      const page = await t.app.inject({ method: r.method as 'POST', url, headers: { cookie, accept: 'text/html' }, payload: { title: 'forged' } });
      const pageSaysCsrf = page.statusCode === 403 && String(page.headers['content-type']).startsWith('text/html') && CSRF_PAGE_TEXTS.some((text) => page.body.includes(text));
      const problem = await t.app.inject({ method: r.method as 'POST', url, headers: { cookie, accept: 'application/problem+json' }, payload: { title: 'forged' } });
      const type = String(problem.headers['content-type']).startsWith('application/problem+json') ? (problem.json() as { type?: string }).type : undefined;
      const problemIsCsrf = problem.statusCode === 403 && type === problemType('csrf');
      const seen = `${r.method} ${r.url} → page ${page.statusCode}${pageSaysCsrf ? ' (the CSRF page)' : ''}, problem ${problem.statusCode} ${type ?? problem.headers['content-type']}`;
      (pageSaysCsrf && problemIsCsrf ? refused : notRefused).push(seen);
    }
    expect(notRefused).toEqual([]);
    expect(refused.length).toBe(routes.length - exempt.length);
  });
});
