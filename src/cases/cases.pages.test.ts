import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp, sqlStatements } from '../../test/helpers/app.js';
import { createCaseViaApi, THEME_SCHOOL } from '../../test/helpers/cases.js';

const BAERUM = '935478715';
const ASKER = '920125298';

describe.each(dataTargets())('case pages on $name PostgreSQL', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => t?.close());

  it('re-renders the new-case form with an error summary and every input kept, then saves and publishes', async () => {
    const member = await createUser(t, { org: BAERUM });
    const b = new Browser(t);
    await b.signIn(member.email, member.password);
    const form = await b.get('/cases/new');
    expect(form.statusCode).toBe(200);
    const fields = {
      title: '',
      summary: 'Sensorer varsler nattevakten <b>før</b> fall.',
      types: 'service',
      themes: THEME_SCHOOL,
      status: 'stopped',
      stoppedReason: 'For mange falske alarmer',
      lessons: '',
      'partners.0.name': 'Sensorfabrikken AS',
      'partners.0.actorType': 'business',
      language: 'nb',
      visibility: 'public',
    };
    const bad = await b.submit('/cases/new', '/cases/new', fields);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#field-title"');
    expect(bad.body).toContain('href="#field-lessons"');
    // Everything typed comes back, escaped.
    expect(bad.body).toContain('Sensorer varsler nattevakten &lt;b>før&lt;/b> fall.');
    expect(bad.body).toContain('value="Sensorfabrikken AS"');
    expect(bad.body).toMatch(/value="https:\/\/psi\.norge\.no\/los\/tema\/skole-og-utdanning"[^>]*checked|checked[^>]*value="https:\/\/psi\.norge\.no\/los\/tema\/skole-og-utdanning"/);

    const ok = await b.submit('/cases/new', '/cases/new', { ...fields, title: 'Fallsensorer på sykehjem', lessons: 'Test i liten skala først.' });
    expect(ok.statusCode).toBe(303);
    const url = ok.headers.location as string;
    expect(url).toMatch(/^\/cases\/\d+$/);
    const id = url.split('/').pop()!;
    expect((await t.app.inject(url)).statusCode).toBe(404); // a draft is hidden from others
    const publish = await b.submit(url, `${url}/publish`, {});
    expect(publish.statusCode).toBe(303);
    const anon = await t.app.inject(url);
    expect(anon.statusCode).toBe(200);
    expect(anon.body).toContain('Fallsensorer på sykehjem');
    expect(anon.body).toContain('Test i liten skala først.');

    // Asker records that it took it into use; the case shows one adopter and Asker on the map.
    const asker = await createUser(t, { org: ASKER });
    const ab = new Browser(t);
    await ab.signIn(asker.email, asker.password);
    const adopt = await ab.submit(`${url}/adopt`, `${url}/adopt`, { adopterOrgnr: ASKER, adoptedOn: '2026-10-01', changes: 'Nytt varslingsoppsett', result: 'Færre fall' });
    expect(adopt.statusCode).toBe(303);
    const page = await t.app.inject(url);
    expect(page.body).toMatch(/Hvem har tatt den i bruk \(1\)/);
    expect(page.body).toMatch(/<circle[^>]*class="map-marker"[^>]*>\s*<title>Asker kommune<\/title>/);
    expect((await t.app.inject(`/api/v1/cases/${id}/adoptions`)).json().items[0].adopter.orgnr).toBe(ASKER);

    // The organisation pages show what each has spread and reused.
    const baerumPage = await t.app.inject(`/organisations/${BAERUM}`);
    expect(baerumPage.body).toMatch(/Spredt til andre \(1\)/);
    expect(baerumPage.body).toContain('Fallsensorer på sykehjem');
    const askerPage = await t.app.inject(`/organisations/${ASKER}`);
    expect(askerPage.body).toMatch(/Gjenbrukt fra andre \(1\)/);
    expect((await t.app.inject(`/api/v1/organisations/${BAERUM}`)).json()).toMatchObject({ onTeam: true, publishedCases: 1 });
  });

  it('shows each of five edits as a diff on the history page', async () => {
    const token = await createToken(t, (await createUser(t, { org: BAERUM })).id);
    const id = await createCaseViaApi(t, token);
    for (let i = 1; i <= 5; i++) {
      await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${id}`, headers: { authorization: `Bearer ${token}` }, payload: { title: `Tittel ${i}` } });
    }
    const page = await t.app.inject(`/cases/${id}/history`);
    expect(page.statusCode).toBe(200);
    for (let i = 1; i <= 5; i++) expect(page.body).toContain(`<ins>Tittel ${i}</ins>`);
    expect(page.body.match(/<li class="history__entry"/g)?.length).toBe(7); // create, publish, five edits
  });

  it('issues the same number of SQL statements for 10 and for 100 items', async () => {
    const tokenB = await createToken(t, (await createUser(t, { org: BAERUM })).id);
    const count = async (url: string) => {
      const res = await t.app.inject(url);
      expect(res.statusCode).toBe(200);
      return sqlStatements(res);
    };
    // A case with 10 trials, then with 100; a list page of 10, then of 100.
    const id = await createCaseViaApi(t, tokenB);
    const addTrials = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/trials`, headers: { authorization: `Bearer ${tokenB}` }, payload: { title: `Forsøk ${i}`, hypothesis: 'H' } });
      }
    };
    await addTrials(10);
    const page10 = await count(`/cases/${id}`);
    const api10 = await count(`/api/v1/cases/${id}`);
    // The counter sees the statements (a count of zero would make the comparisons below empty).
    expect(page10).toBeGreaterThan(0);
    expect(api10).toBeGreaterThan(0);
    await addTrials(90);
    expect(await count(`/cases/${id}`)).toBe(page10);
    expect(await count(`/api/v1/cases/${id}`)).toBe(api10);

    while ((await t.app.inject('/api/v1/cases?per_page=1')).json().total < 100) await createCaseViaApi(t, tokenB);
    const list10 = await count('/api/v1/cases?per_page=10');
    expect(list10).toBeGreaterThan(0);
    expect(await count('/api/v1/cases?per_page=100')).toBe(list10);
    // A full page of 20 and the last page with a few.
    const total = (await t.app.inject('/api/v1/cases?per_page=1')).json().total as number;
    expect(await count(`/cases?page=${Math.ceil(total / 20)}`)).toBe(await count('/cases?page=1'));
  });
});
