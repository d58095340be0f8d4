import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { NORWAY_BASE_URL } from '../../src/ui/norway-map.js';
import { dataTargets } from '../helpers/db.js';
import { Browser, createTestApp, createToken, createUser, testConfig, type TestApp } from '../helpers/app.js';
import { BAERUM, createCaseViaApi } from '../helpers/cases.js';
import { until } from '../helpers/wait.js';

/** Waits until the app's change listener is connected (it connects in the background). */
async function untilListening(app: FastifyInstance) {
  await until(() => app.pageCache.enabled, { what: "the page cache's change listener to connect", timeout: 5_000, interval: 20 });
}

/**
 * GETs `url` until the answer comes from the cache. A write's NOTIFY reaches the app a moment after
 * the write's response, and it empties the cache when it comes: right after a write, the first page
 * stored may be dropped again before the next request.
 */
async function untilHit(app: FastifyInstance, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return until(
    async () => {
      const res = await app.inject({ url, headers });
      return res.headers['x-page-cache'] === 'hit' ? res : null;
    },
    { what: `${url} to be served from the page cache`, timeout: 5_000, interval: 20 },
  );
}

/** GETs `url` until `check` holds (a NOTIFY from another process arrives within milliseconds). */
async function eventually(app: FastifyInstance, url: string, check: (body: string) => boolean, what: string): Promise<string> {
  return until(
    async () => {
      const body = (await app.inject(url)).body;
      return check(body) ? body : null;
    },
    { what, timeout: 5_000, interval: 20 },
  );
}

describe.each(dataTargets())('page cache on $name PostgreSQL', (target) => {
  let t: TestApp;
  let other: FastifyInstance;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    // A second app process on the same database, as behind a load balancer.
    other = await buildApp({ config: testConfig(), db: t.database.db, pool: t.database.pool, logger: false });
    await other.ready();
    await untilListening(t.app);
    await untilListening(other);
    const member = await createUser(t, { org: BAERUM });
    token = await createToken(t, member.id);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('serves an anonymous case page from the cache until a write changes it, in this process and in another', async () => {
    const id = await createCaseViaApi(t, token, { title: 'Buffret sak første utgave' });
    const url = `/cases/${id}`;
    const first = await t.app.inject(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-page-cache']).toBe('miss');
    const second = await untilHit(t.app, url);
    expect(second.headers['x-page-cache']).toBe('hit');
    expect(second.body).toBe(first.body);

    // The owner edits through this process: the very next read shows the edit.
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${id}`, headers: { authorization: `Bearer ${token}` }, payload: { title: 'Buffret sak andre utgave' } });
    expect(patch.statusCode).toBe(200);
    const after = await t.app.inject(url);
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(after.body).toContain('Buffret sak andre utgave');

    // The other process had the old page cached; the NOTIFY at commit drops it there too.
    expect((await other.inject(url)).body).toContain('Buffret sak andre utgave');
    expect((await untilHit(other, url)).headers['x-page-cache']).toBe('hit');
    const patch2 = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${id}`, headers: { authorization: `Bearer ${token}` }, payload: { title: 'Buffret sak tredje utgave' } });
    expect(patch2.statusCode).toBe(200);
    expect(await eventually(other, url, (b) => b.includes('Buffret sak tredje utgave'), 'the other process to show the third edition')).toContain('Buffret sak tredje utgave');
  });

  it('keys by language, and never caches for signed-in users, notices or other query strings', async () => {
    const id = await createCaseViaApi(t, token, { title: 'Språkbuffer' });
    const nb = await t.app.inject({ url: `/cases/${id}`, headers: { 'accept-language': 'nb' } });
    const en = await t.app.inject({ url: `/cases/${id}`, headers: { 'accept-language': 'en' } });
    expect(nb.body).toContain('lang="nb"');
    expect(en.body).toContain('lang="en"');
    const enAgain = await untilHit(t.app, `/cases/${id}`, { 'accept-language': 'en' });
    expect(enAgain.headers['x-page-cache']).toBe('hit');
    expect(enAgain.body).toContain('lang="en"');

    const member = await createUser(t, { org: BAERUM });
    const b = new Browser(t);
    await b.signIn(member.email, member.password);
    const signedIn = await b.get(`/cases/${id}`);
    expect(signedIn.headers['x-page-cache']).toBeUndefined();
    expect(signedIn.body).toContain(member.name);

    expect((await t.app.inject(`/cases/${id}?lang=nn`)).headers['x-page-cache']).toBeUndefined();
    expect((await t.app.inject({ url: `/cases/${id}`, headers: { cookie: 'nytenk_notice=Lagret' } })).headers['x-page-cache']).toBeUndefined();
  });

  it('does not cache what an anonymous visitor may not see', async () => {
    const draft = await createCaseViaApi(t, token, { title: 'Hemmelig utkast' }, false);
    expect((await t.app.inject(`/cases/${draft}`)).statusCode).toBe(404);
    await t.app.inject({ method: 'POST', url: `/api/v1/cases/${draft}/publish`, headers: { authorization: `Bearer ${token}` } });
    expect((await t.app.inject(`/cases/${draft}`)).statusCode).toBe(200);
  });

  it('caches the case list page by page number', async () => {
    await t.app.inject('/cases?page=1');
    expect((await untilHit(t.app, '/cases?page=1')).headers['x-page-cache']).toBe('hit');
    const id = await createCaseViaApi(t, token, { title: 'Nyeste sak i lista' });
    const list = await t.app.inject('/cases?page=1');
    expect(list.body).toContain(`/cases/${id}`);
  });

  it('serves the base map of case pages as a long-cached image', async () => {
    const res = await t.app.inject(NORWAY_BASE_URL);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.body.match(/<path /g)).toHaveLength(357 + 15);
    expect(res.body).not.toMatch(/<script|<style|style=/);
  });
});
