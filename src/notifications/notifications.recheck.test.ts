import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { createCaseViaApi, OSLO } from '../../test/helpers/cases.js';
import { BERGEN, PARTNER_ORGNR, STAVANGER, bearer, createChallengeViaApi, createPartnerOrg, decideViaApi, respondViaApi } from '../../test/fixtures/challenges.js';
import { fanOutPending, queueDigests } from './notifications.service.js';

type User = Awaited<ReturnType<typeof createUser>>;
const site = { baseUrl: 'http://nytenk.test' };

/**
 * Issue 14, finding 8: a notification is checked against its reader's rights when it is SHOWN (the
 * page, the API) and when the digest e-mail is WRITTEN, not only when the event was recorded. A case
 * hidden since, or a response the reader may no longer read, is not named. Checked in bodies.
 */
describe.each(dataTargets())('notifications re-check what they name on $name PostgreSQL', (target) => {
  let t: TestApp;
  const users = {} as Record<'oslo' | 'bergen' | 'stavanger' | 'partner', User>;
  const tokens = {} as Record<keyof typeof users, string>;
  const browsers = {} as Record<keyof typeof users, Browser>;

  beforeAll(async () => {
    t = await createTestApp(target);
    const seed = await createUser(t);
    await createPartnerOrg(t.app, await createToken(t, seed.id));
    users.oslo = await createUser(t, { org: OSLO, name: 'Olga Oslo' });
    users.bergen = await createUser(t, { org: BERGEN, name: 'Berit Bergen' });
    users.stavanger = await createUser(t, { org: STAVANGER, name: 'Stian Stavanger' });
    users.partner = await createUser(t, { org: PARTNER_ORGNR, name: 'Pia Partner' });
    for (const k of Object.keys(users) as (keyof typeof users)[]) {
      tokens[k] = await createToken(t, users[k].id);
      browsers[k] = new Browser(t);
      await browsers[k].signIn(users[k].email, users[k].password);
    }
    await t.database.db.updateTable('users').set({ email_frequency: 'instant' }).execute();
  }, 60_000);
  afterAll(async () => t?.close());

  const api = (who: keyof typeof users, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) });
  const shown = async (who: keyof typeof users) => ({
    api: (await api(who, 'GET', '/api/v1/notifications?per_page=100')).body,
    page: (await browsers[who].get('/notifications')).body,
  });
  const mailedTo = async (who: keyof typeof users) =>
    (await t.database.db.selectFrom('outbox').select(['text_body', 'html_body']).where('to_address', '=', users[who].email).execute()).map((m) => `${m.text_body}\n${m.html_body}`).join('\n');

  it('a case hidden after the event is named neither on the page, in the API, nor in the digest', async () => {
    expect((await api('stavanger', 'POST', '/api/v1/following', { kind: 'organisation', key: OSLO })).statusCode).toBe(201);
    const seen = await createCaseViaApi(t, tokens.oslo, { title: 'Synlig sak om bysykler' });
    const hidden = await createCaseViaApi(t, tokens.oslo, { title: 'Skjult sak om snørydding' });
    await fanOutPending(t.database.db);
    // Recorded while both were public: both are Stavanger's news.
    expect((await shown('stavanger')).api).toContain('Skjult sak om snørydding');
    // The menu's badge on any page counts both cases' news.
    const badge = async () => Number(/Varsler \((\d+) uleste\)/.exec((await browsers.stavanger.get('/')).body)?.[1] ?? 0);
    const unreadInApi = async () => (await api('stavanger', 'GET', '/api/v1/notifications?per_page=100')).json().unread as number;
    const before = await badge();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBe(await unreadInApi());
    // Oslo makes one of them its own: from now on Stavanger may not read it.
    expect((await api('oslo', 'PATCH', `/api/v1/cases/${hidden}`, { visibility: 'own_org' })).statusCode).toBe(200);
    const now = await shown('stavanger');
    for (const body of [now.api, now.page]) {
      expect(body).toContain('Synlig sak om bysykler');
      expect(body).not.toContain('Skjult sak om snørydding');
      expect(body).not.toContain(`/cases/${hidden}`);
    }
    expect((await api('stavanger', 'GET', '/api/v1/notifications?per_page=100')).json().items.map((n: { path: string }) => n.path)).toEqual([`/cases/${seen}`]);
    // The badge no longer counts the hidden case's news (it counted every unread row before): it
    // shows what the list shows.
    expect(await badge()).toBe(1);
    expect(await unreadInApi()).toBe(1);
    // The digest is written now: it names the public case, not the hidden one, and never will.
    await queueDigests(t.database.db, site, { force: true });
    const mail = await mailedTo('stavanger');
    expect(mail).toContain('Synlig sak om bysykler');
    expect(mail).not.toContain('Skjult sak om snørydding');
    expect(mail).not.toContain(`/cases/${hidden}`);
    expect(await queueDigests(t.database.db, site, { force: true })).toBe(0);
  });

  it('a response the reader may no longer read is not named: a co-owner taken off hears no more of a private proposal', async () => {
    const id = await createChallengeViaApi(t.app, tokens.bergen, { title: 'Utfordring med privat forslag' });
    const join = await respondViaApi(t.app, tokens.stavanger, id, { kind: 'same_need', joinAsCoOwner: true });
    await decideViaApi(t.app, tokens.bergen, id, join.id);
    await fanOutPending(t.database.db);
    await queueDigests(t.database.db, site, { force: true });
    for (const who of ['stavanger', 'bergen'] as const) expect((await api(who, 'POST', '/api/v1/following', { kind: 'challenge', key: id })).statusCode).toBe(201);
    // The private proposal is sent while Stavanger co-owns the challenge: Stavanger is told.
    const secret = await respondViaApi(t.app, tokens.partner, id, { kind: 'proposal', body: 'Privat tilbud' });
    await fanOutPending(t.database.db);
    const proposalNews = (body: string) => JSON.parse(body).items.filter((n: { kind: string; path: string }) => n.kind === 'challenge.response' && n.path.startsWith(`/challenges/${id}`));
    expect(proposalNews((await shown('stavanger')).api)).toHaveLength(1);
    // Bergen takes Stavanger off before the digest is written: the news is gone everywhere.
    expect((await api('bergen', 'DELETE', `/api/v1/challenges/${id}/co-owners/${STAVANGER}`)).statusCode).toBe(204);
    const now = await shown('stavanger');
    expect(proposalNews(now.api)).toEqual([]);
    expect(now.page).not.toContain('Nytt svar på utfordring');
    await queueDigests(t.database.db, site, { force: true });
    expect(await mailedTo('stavanger')).not.toContain('Nytt svar på utfordring');
    // Bergen, an owner when it was sent and still, reads it and is told.
    expect((await api('bergen', 'GET', `/api/v1/challenges/${id}/responses`)).json().items.map((r: { id: string }) => r.id)).toContain(secret.id);
    expect((await shown('bergen')).page).toContain('Nytt svar på utfordring');
  });
});
