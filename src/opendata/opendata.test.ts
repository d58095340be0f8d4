import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { createCaseViaApi, THEME_HEALTH, THEME_SCHOOL } from '../../test/helpers/cases.js';
import { BERGEN, PARTNER_ORGNR, STAVANGER, createChallengeViaApi, createPartnerOrg, decideViaApi, respondViaApi } from '../../test/fixtures/challenges.js';

const BAERUM = '935478715';
const ASKER = '920125298';

/** A title that tries to break out of every format it lands in. */
const NASTY = 'Sak </script><script>alert(1)</script> & «æøå» "sitat" <!-- , ;';

describe.each(dataTargets())('open data on $name PostgreSQL', (target) => {
  let t: TestApp;
  const ids = {} as Record<'pub' | 'draft' | 'sector' | 'ownOrg' | 'asker' | 'challenge', string>;
  let secretProposal = '';
  let openProposal = '';

  beforeAll(async () => {
    t = await createTestApp(target);
    const baerum = await createToken(t, (await createUser(t, { org: BAERUM })).id);
    const asker = await createToken(t, (await createUser(t, { org: ASKER })).id);
    ids.pub = await createCaseViaApi(t, baerum, { title: NASTY, themes: [THEME_HEALTH] });
    ids.draft = await createCaseViaApi(t, baerum, { title: 'Hemmelig utkast' }, false);
    ids.sector = await createCaseViaApi(t, baerum, { title: 'Bare for offentlig sektor', visibility: 'public_sector' });
    ids.ownOrg = await createCaseViaApi(t, baerum, { title: 'Bare for egen virksomhet', visibility: 'own_org' });
    // Asker adopts the public case and gets a draft case of its own: its id must not be exported.
    const adopt = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${ids.pub}/adoptions`, headers: { authorization: `Bearer ${asker}` }, payload: { adopterOrgnr: ASKER, adoptedOn: '2026-01-15', changes: 'Tilpasset', createCase: true } });
    expect(adopt.statusCode).toBe(201);
    ids.asker = adopt.json().adopterCaseId;
    // …and adopts the sector-only case too: that adoption is not public.
    await t.app.inject({ method: 'POST', url: `/api/v1/cases/${ids.sector}/adoptions`, headers: { authorization: `Bearer ${asker}` }, payload: { adopterOrgnr: ASKER, adoptedOn: '2026-01-16', changes: 'Skjult gjenbruk' } });

    const bergen = await createToken(t, (await createUser(t, { org: BERGEN })).id);
    const stavanger = await createToken(t, (await createUser(t, { org: STAVANGER })).id);
    ids.challenge = await createChallengeViaApi(t.app, bergen, { title: 'Utfordring & <fall>' });
    const join = await respondViaApi(t.app, stavanger, ids.challenge, { kind: 'same_need', joinAsCoOwner: true });
    await decideViaApi(t.app, bergen, ids.challenge, join.id);
    await createPartnerOrg(t.app, stavanger);
    const partner = await createToken(t, (await createUser(t, { org: PARTNER_ORGNR })).id);
    secretProposal = (await respondViaApi(t.app, partner, ids.challenge, { kind: 'proposal', body: 'Hemmelig tilbud med priser' })).id;
    openProposal = (await respondViaApi(t.app, partner, ids.challenge, { kind: 'proposal', body: 'Åpent forslag til alle', public: true })).id;
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const csv = (body: string) => parseCsv(body, { columns: true, bom: true }) as Record<string, string>[];

  it('exports only public published cases as CSV with the documented columns, parseable back', async () => {
    const res = await get('/open-data/cases.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="nytenk-cases.csv"');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.headers['last-modified']).toBeTruthy();
    const rows = csv(res.body);
    const cols = t.app.features.datasets.find((d) => d.id === 'cases')!.columns.map((c) => c.name);
    expect(Object.keys(rows[0]!)).toEqual(cols);
    expect(rows.map((r) => r.id)).toEqual([ids.pub]);
    const row = rows[0]!;
    expect(row.title).toBe(NASTY);
    expect(row.owner_orgnr).toBe(BAERUM);
    expect(row.themes).toBe(THEME_HEALTH);
    expect(row.types).toBe('service | communication');
    expect(row.adoption_count).toBe('1');
    expect(row.url).toMatch(new RegExp(`/cases/${ids.pub}$`));
    // No contact details, ever.
    expect(res.body).not.toMatch(/contact|kari\.kontakt/i);
    for (const hidden of ['Hemmelig utkast', 'Bare for offentlig sektor', 'Bare for egen virksomhet']) expect(res.body).not.toContain(hidden);
  });

  it('answers 304 to a matching If-None-Match, and changes the ETag when a case is published', async () => {
    const first = await get('/open-data/cases.csv');
    const again = await get('/open-data/cases.csv', { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const json = await get('/open-data/cases.json');
    expect(json.headers.etag).not.toBe(first.headers.etag);
  });

  it('exports the same cases as valid JSON, signed in or not', async () => {
    const member = await createUser(t, { org: BAERUM });
    const b = new Browser(t);
    await b.signIn(member.email, member.password);
    for (const res of [await get('/open-data/cases.json'), await b.get('/open-data/cases.json')]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const doc = JSON.parse(res.body);
      expect(doc.license).toBe('https://creativecommons.org/licenses/by/4.0/');
      expect(doc.items.map((i: { id: string }) => i.id)).toEqual([ids.pub]);
      expect(doc.items[0].types).toEqual(['service', 'communication']);
      expect(doc.items[0].title).toBe(NASTY);
    }
  });

  it('exports adoptions of public cases only, without the id of a draft adopter case', async () => {
    const rows = csv((await get('/open-data/adoptions.csv')).body);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source_case_id: ids.pub, adopter_orgnr: ASKER, adopter_case_id: '', changes: 'Tilpasset' });
    const json = JSON.parse((await get('/open-data/adoptions.json')).body);
    expect(json.items).toHaveLength(1);
    expect(json.items[0].adopter_case_id).toBeNull();
    expect(JSON.stringify(json)).not.toContain('Skjult gjenbruk');
  });

  it('exports challenges and public responses, never a private proposal', async () => {
    const challenges = csv((await get('/open-data/challenges.csv')).body);
    expect(challenges.map((c) => c.id)).toEqual([ids.challenge]);
    expect(challenges[0]).toMatchObject({ title: 'Utfordring & <fall>', owner_orgnr: BERGEN, co_owner_orgnrs: STAVANGER, public_responses: '2' });
    const responses = csv((await get('/open-data/challenge-responses.csv')).body);
    expect(responses.map((r) => r.id).sort()).toEqual(expect.arrayContaining([openProposal]));
    expect(responses.map((r) => r.id)).not.toContain(secretProposal);
    const all = (await get('/open-data/challenge-responses.json')).body + (await get('/open-data/challenge-responses.csv')).body;
    expect(all).not.toContain('Hemmelig tilbud');
    expect(all).toContain('Åpent forslag til alle');
  });

  it('exports organisations with counts of public things only', async () => {
    const rows = csv((await get('/open-data/organisations.csv')).body);
    expect(rows.length).toBeGreaterThan(357);
    const baerum = rows.find((r) => r.orgnr === BAERUM)!;
    expect(baerum).toMatchObject({ kind: 'municipality', public_cases: '1', municipality_number: '3201' });
    expect(rows.find((r) => r.orgnr === ASKER)!.adoptions).toBe('1');
  });

  it('documents every dataset and its columns on /open-data in nb, nn and en', async () => {
    for (const lang of ['nb', 'nn', 'en'] as const) {
      const res = await get(`/open-data?lang=${lang}`);
      expect(res.statusCode).toBe(200);
      for (const d of t.app.features.datasets) {
        expect(res.body).toContain(`href="/open-data/${d.id}.csv"`);
        expect(res.body).toContain(`href="/open-data/${d.id}.json"`);
        for (const c of d.columns) expect(res.body).toContain(`<code>${c.name}</code>`);
      }
      expect(res.body).toContain('CC BY 4.0');
      expect(res.body).toContain('href="/open-data/catalog.ttl"');
    }
  });

  const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'url', 'sitemap', 'link'].includes(name) });

  it('serves valid Atom 1.0 feeds of public cases and challenges, escaped, per theme and organisation', async () => {
    const res = await get('/feeds/cases.atom');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const feed = xml.parse(res.body).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBeTruthy();
    expect(feed.updated).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(feed.entry).toHaveLength(1);
    expect(feed.entry[0].title['#text']).toBe(NASTY);
    expect(feed.entry[0].id).toMatch(new RegExp(`/cases/${ids.pub}$`));

    const health = xml.parse((await get(`/feeds/cases.atom?theme=${encodeURIComponent(THEME_HEALTH)}`)).body).feed;
    expect(health.entry).toHaveLength(1);
    const school = xml.parse((await get(`/feeds/cases.atom?theme=${encodeURIComponent(THEME_SCHOOL)}`)).body).feed;
    expect(school.entry ?? []).toHaveLength(0);
    expect((await get(`/feeds/cases.atom?theme=${encodeURIComponent('https://psi.norge.no/los/tema/finnes-ikke')}`)).statusCode).toBe(404);

    const byOrg = xml.parse((await get(`/feeds/organisations/${BAERUM}/cases.atom`)).body).feed;
    expect(byOrg.entry.map((e: { id: string }) => e.id.split('/').pop())).toEqual([ids.pub]);
    expect(xml.parse((await get(`/feeds/organisations/${ASKER}/cases.atom`)).body).feed.entry ?? []).toHaveLength(0);
    expect((await get('/feeds/organisations/999999999/cases.atom')).statusCode).toBe(404);

    const ch = await get('/feeds/challenges.atom');
    expect(XMLValidator.validate(ch.body)).toBe(true);
    const chFeed = xml.parse(ch.body).feed;
    expect(chFeed.entry).toHaveLength(1);
    expect(ch.body).toContain('Utfordring &amp; &lt;fall&gt;');
    expect(xml.parse((await get(`/feeds/organisations/${BERGEN}/challenges.atom`)).body).feed.entry).toHaveLength(1);
  });

  it('links the feeds from the case and challenge lists', async () => {
    expect((await get('/cases')).body).toContain('<link rel="alternate" type="application/atom+xml"');
    expect((await get('/challenges')).body).toMatch(/<link rel="alternate" type="application\/atom\+xml"[^>]*href="\/feeds\/challenges.atom"/);
  });

  it('puts schema.org JSON-LD on public case pages only, with < escaped', async () => {
    const page = await get(`/cases/${ids.pub}`);
    expect(page.statusCode).toBe(200);
    const m = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body);
    expect(m).not.toBeNull();
    expect(m![1]).not.toContain('<');
    const data = JSON.parse(m![1]!);
    expect(data).toMatchObject({ '@context': 'https://schema.org', name: NASTY, inLanguage: 'nb', author: { '@type': 'GovernmentOrganization', identifier: BAERUM } });
    expect(data['@type']).toEqual(['CreativeWork', 'Project']);
    expect(data.dateModified).toMatch(/^\d{4}-/);
    // Exactly one script element opened by the title's text: none (it is escaped in the HTML and in the JSON).
    expect(page.body).not.toContain('<script>alert(1)</script>');

    // Cases a signed-in member may read but the public may not: no structured data.
    const member = await createUser(t, { org: BAERUM });
    const b = new Browser(t);
    await b.signIn(member.email, member.password);
    for (const id of [ids.draft, ids.sector, ids.ownOrg]) {
      const res = await b.get(`/cases/${id}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('application/ld+json');
    }
    // Signed in, the public case still carries it.
    expect((await b.get(`/cases/${ids.pub}`)).body).toContain('application/ld+json');
  });

  it('lists only public things in sitemap.xml, and robots.txt points to it', async () => {
    const res = await get('/sitemap.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const locs: string[] = xml.parse(res.body).urlset.url.map((u: { loc: string }) => u.loc);
    const paths = locs.map((l) => new URL(l).pathname);
    expect(paths).toEqual(expect.arrayContaining(['/', '/cases', '/challenges', '/open-data', `/cases/${ids.pub}`, `/challenges/${ids.challenge}`, `/organisations/${BAERUM}`, `/organisations/${BERGEN}`, `/organisations/${ASKER}`]));
    for (const id of [ids.draft, ids.sector, ids.ownOrg, ids.asker]) expect(paths).not.toContain(`/cases/${id}`);
    // Municipalities with nothing public are left out.
    expect(paths).not.toContain('/organisations/958935420');
    expect(paths.filter((p) => p.startsWith('/cases/'))).toHaveLength(1);

    const robots = await get('/robots.txt');
    expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(robots.body).toMatch(/^Sitemap: https?:\/\/[^/]+\/sitemap\.xml$/m);
    for (const p of ['/admin', '/notifications', '/profile', '/unsubscribe']) expect(robots.body).toContain(`Disallow: ${p}\n`);
  });

  it('serves sitemap chunks with only public cases', async () => {
    const chunk = await get('/sitemaps/cases-1.xml');
    expect(chunk.statusCode).toBe(200);
    expect(XMLValidator.validate(chunk.body)).toBe(true);
    const paths = xml.parse(chunk.body).urlset.url.map((u: { loc: string }) => new URL(u.loc).pathname);
    expect(paths).toEqual([`/cases/${ids.pub}`]);
    expect(xml.parse((await get('/sitemaps/cases-2.xml')).body).urlset.url ?? []).toHaveLength(0);
    expect((await get('/sitemaps/secrets-1.xml')).statusCode).toBe(400);
  });
});
