import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { createCaseViaApi, OSLO } from '../../test/helpers/cases.js';
import { BERGEN, bearer } from '../../test/fixtures/challenges.js';

/**
 * Issue 14, finding 8 (found by the marker sweep): a follow kept the label it was given when it was
 * made, so the follow list (API and settings page) named a case hidden since. The label is now the
 * case's title as the reader may read it now, or a neutral «#id».
 */
describe.each(dataTargets())('follow labels re-check the case on $name PostgreSQL', (target) => {
  let t: TestApp;
  let osloToken: string;
  let bergenToken: string;
  const bergen = new Map<string, Browser>();

  beforeAll(async () => {
    t = await createTestApp(target);
    const oslo = await createUser(t, { org: OSLO, name: 'Olga Oslo' });
    const b = await createUser(t, { org: BERGEN, name: 'Berit Bergen' });
    osloToken = await createToken(t, oslo.id);
    bergenToken = await createToken(t, b.id);
    const browser = new Browser(t);
    await browser.signIn(b.email, b.password);
    bergen.set('browser', browser);
  }, 60_000);
  afterAll(async () => t?.close());

  it('a followed case hidden since is named neither in GET /api/v1/following nor on /notifications/settings', async () => {
    const seen = await createCaseViaApi(t, osloToken, { title: 'Fulgt sak om bysykler' });
    const hidden = await createCaseViaApi(t, osloToken, { title: 'Fulgt sak om snørydding' });
    for (const key of [seen, hidden]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/following', headers: bearer(bergenToken), payload: { kind: 'case', key } });
      expect(res.statusCode).toBe(201);
    }
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/following', headers: bearer(bergenToken) });
    expect(before.body).toContain('Fulgt sak om snørydding');
    // Oslo makes it its own: Bergen may no longer read it.
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${hidden}`, headers: bearer(osloToken), payload: { visibility: 'own_org' } });
    expect(patch.statusCode).toBe(200);
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/following', headers: bearer(bergenToken) });
    const page = await bergen.get('browser')!.get('/notifications/settings');
    for (const body of [api.body, page.body]) {
      expect(body).toContain('Fulgt sak om bysykler');
      expect(body).not.toContain('Fulgt sak om snørydding');
    }
    const items = (api.json() as { items: { kind: string; key: string; label: string }[] }).items;
    expect(items.find((f) => f.key === hidden)?.label).toBe(`#${hidden}`);
    // The owners still read it, under its current title.
    const own = await t.app.inject({ method: 'POST', url: '/api/v1/following', headers: bearer(osloToken), payload: { kind: 'case', key: hidden } });
    expect(own.json()).toMatchObject({ label: 'Fulgt sak om snørydding' });
  });
});
