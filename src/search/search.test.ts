import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { createCaseViaApi, THEME_HEALTH, THEME_SCHOOL } from '../../test/helpers/cases.js';
import { parseQuery } from './search.query.js';

const BAERUM = '935478715';
const BERGEN = '964338531';

describe('parseQuery', () => {
  it('takes apart words, quoted phrases and exclusions', () => {
    expect(parseQuery('"Digital post" -pilot kommunane sine tenester')).toEqual({ words: ['kommunane', 'sine', 'tenester'], phrases: ['digital post'], excluded: ['pilot'] });
    expect(parseQuery('e-post, hjelp!')).toEqual({ words: ['e', 'post', 'hjelp'], phrases: [], excluded: [] });
    expect(parseQuery('-"ikke dette"').excluded).toEqual(['ikke dette']);
  });

  it('reads a minus inside a word as a hyphen, not an exclusion', () => {
    expect(parseQuery('"Special Edition"-utgaven av Star Wars-filmene')).toEqual({ words: ['utgaven', 'av', 'star', 'wars', 'filmene'], phrases: ['special edition'], excluded: [] });
    expect(parseQuery('post -"digital post"').excluded).toEqual(['digital post']);
  });
});

describe.each(dataTargets())('case search on $name PostgreSQL', (target) => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(target);
    const baerum = await createToken(t, (await createUser(t, { org: BAERUM })).id);
    const bergen = await createToken(t, (await createUser(t, { org: BERGEN })).id);
    ids.services = await createCaseViaApi(t, baerum, {
      title: 'Kommunenes tjenester samlet på ett sted',
      summary: 'Innbyggerne finner alle kommunale tjenester i én digital portal.',
      types: ['service'],
      themes: [THEME_SCHOOL],
      lessons: 'Start med brukerne.',
    });
    ids.school = await createCaseViaApi(t, bergen, {
      title: 'Skuleskyss med sanntidsvarsling',
      summary: 'Foreldre får varsel når skulebussen er forseinka.',
      language: 'nn',
      types: ['service', 'communication'],
      themes: [THEME_SCHOOL],
      stage: 'diffuse',
    });
    ids.sensors = await createCaseViaApi(t, bergen, {
      title: 'Fallsensorer på sjukeheim',
      summary: 'Sensorar varslar nattevakta før eit fall.',
      language: 'nn',
      types: ['product'],
      themes: [THEME_HEALTH],
      stage: 'implement',
      partners: [{ name: 'Sensorfabrikken AS', actorType: 'business' }],
    });
    ids.english = await createCaseViaApi(t, baerum, {
      title: 'Digital mailbox for citizens',
      summary: 'All letters from the municipality arrive in one digital mailbox.',
      language: 'en',
      types: ['communication'],
      themes: [THEME_HEALTH],
    });
    ids.draft = await createCaseViaApi(t, baerum, { title: 'Hemmelig utkast om tjenester', summary: 'Ikke publisert.' }, false);
  });
  afterAll(async () => t?.close());

  const search = async (qs: string) => {
    const res = await t.app.inject(`/api/v1/cases?${qs}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: { id: string; snippet: string | null }[]; total: number; facets: Record<string, { value: string; count: number }[]> };
  };

  it('finds bokmål «kommunenes tjenester» from nynorsk «kommunane sine tenester»', async () => {
    const r = await search(`q=${encodeURIComponent('kommunane sine tenester')}`);
    expect(r.items[0]?.id).toBe(ids.services);
    expect(r.items[0]?.snippet).toContain('<mark>');
  });

  it('finds skule from skole (the other written form) and ranks the title match first', async () => {
    const r = await search('q=skolebuss');
    expect(r.items.map((i) => i.id)).toContain(ids.school);
    const r2 = await search('q=skole');
    expect(r2.items[0]?.id).toBe(ids.school);
  });

  it('uses OR semantics with ranking for a natural question', async () => {
    const r = await search(`q=${encodeURIComponent('hvordan unngå fall om natten på sykehjem')}`);
    expect(r.items[0]?.id).toBe(ids.sensors);
  });

  it('requires quoted phrases and leaves out -excluded words', async () => {
    expect((await search(`q=${encodeURIComponent('"digital portal"')}`)).items.map((i) => i.id)).toEqual([ids.services]);
    const r = await search(`q=${encodeURIComponent('digital -portal')}`);
    expect(r.items.map((i) => i.id)).toContain(ids.english);
    expect(r.items.map((i) => i.id)).not.toContain(ids.services);
  });

  it('stems English cases with English rules', async () => {
    expect((await search('q=mailboxes')).items.map((i) => i.id)).toContain(ids.english);
  });

  it('never shows a draft to someone outside its organisation', async () => {
    expect((await search('q=hemmelig')).total).toBe(0);
  });

  it('counts each facet with the other filters applied', async () => {
    const all = await search('');
    const count = (f: string, v: string, r = all) => r.facets[f]?.find((x) => x.value === v)?.count ?? 0;
    expect(all.total).toBe(4);
    expect(count('type', 'service')).toBe(2);
    expect(count('language', 'nn')).toBe(2);
    // Filtering by language nn: the type facet counts only nn cases; the language facet still shows every language.
    const nn = await search('language=nn');
    expect(nn.total).toBe(2);
    expect(count('type', 'service', nn)).toBe(1);
    expect(count('type', 'product', nn)).toBe(1);
    expect(count('language', 'nb', nn)).toBe(1);
    expect(count('language', 'en', nn)).toBe(1);
    const both = await search('language=nn&type=product');
    expect(both.items.map((i) => i.id)).toEqual([ids.sensors]);
    expect(count('actor', 'business', both)).toBe(1);
    expect(count('county', '46', both)).toBe(1);
    expect(count('orgKind', 'municipality', both)).toBe(1);
    expect(count('lessons', 'true', all)).toBe(1);
  });

  it('shows similar cases on the case page and, after the first save, "someone already did this" on the form', async () => {
    const page = await t.app.inject(`/cases/${ids.school}`);
    expect(page.body).toContain('Lignende innovasjoner');
    const owner = await createUser(t, { org: BAERUM });
    const b = new Browser(t);
    await b.signIn(owner.email, owner.password);
    const draft = await createCaseViaApi(t, await createToken(t, owner.id), { title: 'Portal for kommunale tjenester', summary: 'Alle tjenester fra kommunen samlet i en portal.' }, false);
    const form = await b.get(`/cases/${draft}/edit`);
    expect(form.body).toContain('Har noen allerede gjort dette?');
    expect(form.body).toContain(`href="/cases/${ids.services}"`);
  });

  it('shows similar cases and answers "someone already did this"', async () => {
    const similar = await t.app.inject(`/api/v1/cases/${ids.school}/similar`);
    expect(similar.statusCode).toBe(200);
    expect(similar.json().items.map((i: { id: string }) => i.id)).not.toContain(ids.school);
    const hint = await t.app.inject(`/api/v1/cases/similar-to?text=${encodeURIComponent('Vi vil lage en portal med alle kommunale tjenester')}`);
    expect(hint.json().items[0].id).toBe(ids.services);
  });
});
