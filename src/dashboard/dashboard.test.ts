import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { createCaseViaApi } from '../../test/helpers/cases.js';
import { dataTargets } from '../../test/helpers/db.js';
import { importJrcCases } from '../import/index.js';
import { parseJrcCsv } from '../import/index.js';
import { loadDemo } from '../demo/index.js';
import { mapMunicipalityNumbers } from '../ui/norway-map.js';
import { allIndicators } from './indicators.js';

const CSV = path.resolve(import.meta.dirname, '../../resources/cases/jrc-ips-explorer-cases.csv');
const YEAR = new Date().getUTCFullYear();
const TODAY = new Date().toISOString().slice(0, 10);

interface Item {
  orgnr: string | null;
  name: string;
  kind: string;
  municipalityNumber: string | null;
  level: string;
}

/** Waits until the dashboard's figures have caught up with every write (they are read again in the background after one). */
async function settled(t: TestApp): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await t.app.inject('/api/v1/participation?period=2001&kind=county_authority')).headers['x-dashboard-data'] === 'fresh') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the dashboard never caught up');
}

for (const target of dataTargets()) {
  describe(`follow-up dashboard (${target.name})`, () => {
    let t: TestApp;
    /** kommunenummer → orgnr of the municipality, for the facts this test creates. */
    const orgnrOf = new Map<string, string>();
    /** The municipalities the test gives facts: member, case, adopter, source owner (spread), none, private case only. */
    const k = { member: '', published: '', adopter: '', spread: '', none: '', privateOnly: '', later: '' };

    beforeAll(async () => {
      t = await createTestApp(target);
      await importJrcCases(t.database.db, parseJrcCsv(await fs.readFile(CSV, 'utf8')));
      await loadDemo(t.database.db);
      const munis = await t.database.db.selectFrom('organisations').select(['orgnr', 'municipality_number']).where('kind', '=', 'municipality').execute();
      for (const m of munis) if (m.municipality_number && m.orgnr) orgnrOf.set(m.municipality_number, m.orgnr);
      // Choose municipalities that the JRC import and the demo left at «none», so each level below comes from this test's facts.
      const before = (await t.app.inject('/api/v1/participation?kind=municipality')).json().items as Item[];
      const free = before.filter((i) => i.level === 'none' && i.municipalityNumber).map((i) => i.municipalityNumber!);
      expect(free.length).toBeGreaterThan(6);
      [k.member, k.published, k.adopter, k.spread, k.none, k.privateOnly, k.later] = free.slice(0, 7) as [string, string, string, string, string, string, string];

      await createUser(t, { org: orgnrOf.get(k.member)! });
      const publisher = await createUser(t, { org: orgnrOf.get(k.published)! });
      await createCaseViaApi(t, await createToken(t, publisher.id), { title: 'Dashbordtest: publisert' });
      const spreader = await createUser(t, { org: orgnrOf.get(k.spread)! });
      const sourceId = await createCaseViaApi(t, await createToken(t, spreader.id), { title: 'Dashbordtest: kilde', lessons: 'Vi lærte mye.' });
      const adopter = await createUser(t, { org: orgnrOf.get(k.adopter)! });
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${sourceId}/adoptions`, headers: { authorization: `Bearer ${await createToken(t, adopter.id)}` }, payload: { adoptedOn: TODAY } });
      expect(res.statusCode, res.body).toBe(201);
      // A published case seen only by its own organisation is not public: it must not count.
      const hidden = await createUser(t, { org: orgnrOf.get(k.privateOnly)! });
      await createCaseViaApi(t, await createToken(t, hidden.id), { title: 'Dashbordtest: intern', visibility: 'own_org' });
      // …but the member does: take that membership away, so the municipality has only the private case.
      await sql`update memberships set status = 'pending' where user_id = ${hidden.id}`.execute(t.database.db);
      // Writes made without HTTP (the factories above, this update) are not heard by the app: drop its caches as a write would.
      t.app.pageCache.clear();
      await settled(t);
    }, 120_000);

    afterAll(async () => {
      await t?.close();
    });

    it('gives every one of the 357 municipalities its level, from the facts (API)', async () => {
      const items = (await t.app.inject('/api/v1/participation?kind=municipality')).json().items as Item[];
      expect(items).toHaveLength(357);
      expect(new Set(items.map((i) => i.municipalityNumber))).toEqual(new Set(mapMunicipalityNumbers()));
      const level = new Map(items.map((i) => [i.municipalityNumber, i.level]));
      expect(level.get(k.member)).toBe('member');
      expect(level.get(k.published)).toBe('case');
      expect(level.get(k.adopter)).toBe('adoption');
      expect(level.get(k.spread)).toBe('adoption');
      expect(level.get(k.none)).toBe('none');
      expect(level.get(k.privateOnly)).toBe('none');
      // Oslo published demo cases: at least «case».
      expect(['case', 'barometer', 'adoption']).toContain(level.get('0301'));
      // A period before any of it: everyone is at «none» except by membership.
      const old = (await t.app.inject('/api/v1/participation?kind=municipality&period=2001')).json().items as Item[];
      expect(old.every((i) => i.level === 'none')).toBe(true);
    });

    it('draws all 357 municipalities on the map, each a named link, and lists the same levels in the table', async () => {
      const res = await t.app.inject('/dashboard?lang=nb');
      expect(res.statusCode).toBe(200);
      const html = res.body;
      const areas = [...html.matchAll(/<a class="map-area" href="[^"]*" aria-label="([^"]*)" data-kommunenummer="(\d{4})"><title>/g)];
      expect(areas).toHaveLength(357);
      const rows = [...html.matchAll(/<tr id="kommune-(\d{4})" data-level="(\w+)">/g)].map((m) => [m[1]!, m[2]!] as const);
      expect(rows).toHaveLength(357);
      const api = new Map(((await t.app.inject('/api/v1/participation?kind=municipality')).json().items as Item[]).map((i) => [i.municipalityNumber, i.level]));
      for (const [nr, lvl] of rows) expect(lvl, nr).toBe(api.get(nr));
      const label = new Map(areas.map((m) => [m[2], m[1]]));
      expect(label.get(k.published)).toMatch(/: Har publisert innovasjon$/);
      expect(label.get(k.none)).toMatch(/: Ikke med ennå$/);
      expect(label.get(k.adopter)).toMatch(/: Har tatt i bruk eller spredt innovasjon$/);
      // The fill follows the level; «none» has no level class.
      const fillOf = (nr: string) => new RegExp(`data-kommunenummer="${nr}"><title>[^<]*</title><path class="map-muni( map-level-\\d)?"`).exec(html)?.[1] ?? '';
      expect(fillOf(k.member)).toBe(' map-level-1');
      expect(fillOf(k.published)).toBe(' map-level-2');
      expect(fillOf(k.adopter)).toBe(' map-level-4');
      expect(fillOf(k.none)).toBe('');
      // County authorities and state agencies as lists.
      expect(html).toContain('id="fylkeskommunetabell"');
      expect(html).toContain('id="statstabell"');
    });

    it('sorts the table by level and offers the same rows as CSV', async () => {
      const html = (await t.app.inject('/dashboard?sort=level')).body;
      const first = /<tr id="kommune-\d{4}" data-level="(\w+)">/.exec(html)?.[1];
      expect(first).toBe('adoption');
      const csv = await t.app.inject(`/dashboard/participation.csv?kind=municipality&from=${YEAR - 9}&to=${YEAR}`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.body.trim().split('\r\n');
      expect(lines).toHaveLength(358);
      const adopterLine = lines.find((l) => l.includes(`,${k.adopter},`));
      expect(adopterLine).toMatch(/,adoption,/);
      const summary = (await t.app.inject(`/dashboard/levels.csv?from=${YEAR - 9}&to=${YEAR}`)).body.trim().split('\r\n');
      expect(summary[0]).toBe('kind,none,member,case,barometer,adoption,total,period_from,period_to');
      expect(summary.find((l) => l.startsWith('municipality,'))?.split(',')[6]).toBe('357');
    });

    it('computes the indicators as independent counts do', async () => {
      const db = t.database.db;
      const body = (await t.app.inject('/api/v1/indicators')).json() as { filter: { period: { from: number; to: number } }; indicators: { id: string; period: { count: number; total: number | null } }[] };
      const { from, to } = body.filter.period;
      const got = new Map(body.indicators.map((i) => [i.id, i.period]));
      expect([...got.keys()].sort()).toEqual(allIndicators(t.app.features.indicators).map((d) => d.id).sort());
      const publicInPeriod = db
        .selectFrom('cases')
        .where('visibility', '=', 'public')
        .where('published_at', 'is not', null)
        .where('published_at', '>=', new Date(Date.UTC(from, 0, 1)))
        .where('published_at', '<', new Date(Date.UTC(to + 1, 0, 1)));
      const count = async (q: typeof publicInPeriod) => Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const total = await count(publicInPeriod);
      expect(total).toBeGreaterThan(10);
      expect(got.get('cases-lessons')).toEqual({ count: await count(publicInPeriod.where((eb) => eb.or([eb('lessons', '<>', ''), eb('challenges', '<>', '')]))), total, value: expect.anything() });
      expect(got.get('cases-evaluated')?.count).toBe(await count(publicInPeriod.where('evaluated', '=', true)));
      expect(got.get('cases-stopped-lessons')?.count).toBe(await count(publicInPeriod.where('status', '=', 'stopped')));
      expect(got.get('cases-partners-business')?.count).toBe(await count(publicInPeriod.where((eb) => eb.exists(eb.selectFrom('case_partners as p').whereRef('p.case_id', '=', 'cases.id').where('p.actor_type', '=', 'business').select('p.id')))));
      expect(got.get('cases-coowned')?.count).toBe(await count(publicInPeriod.where((eb) => eb.exists(eb.selectFrom('case_coowners as cc').whereRef('cc.case_id', '=', 'cases.id').select('cc.org_id')))));
      const adoptions = await db
        .selectFrom('adoptions as a')
        .innerJoin('cases as s', 's.id', 'a.source_case_id')
        .where('s.visibility', '=', 'public')
        .where('s.published_at', 'is not', null)
        .where('a.adopted_on', '>=', `${from}-01-01`)
        .where('a.adopted_on', '<=', `${to}-12-31`)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(got.get('adoptions')?.count).toBe(Number(adoptions.n));
      // On board: municipalities with a published public case (owner or co-owner) in the period, of all 357.
      const withCase = await sql<{ n: number }>`
        select count(*)::int as n from organisations o where o.kind = 'municipality' and exists (
          select 1 from cases c left join case_coowners cc on cc.case_id = c.id
          where (c.owner_org_id = o.id or cc.org_id = o.id) and c.visibility = 'public' and c.published_at is not null
            and extract(year from c.published_at) between ${from} and ${to})`.execute(db);
      const byKind = (await t.app.inject('/api/v1/indicators?kind=municipality')).json().indicators as { id: string; period: { count: number; total: number } }[];
      expect(byKind.find((i) => i.id === 'onboard-case')?.period).toMatchObject({ count: withCase.rows[0]!.n, total: 357 });
    });

    it('renders every indicator with a chart hidden from screen readers, its table, a link and a CSV file', async () => {
      const html = (await t.app.inject('/dashboard?lang=en')).body;
      for (const d of allIndicators(t.app.features.indicators)) {
        const start = html.indexOf(`<figure class="indicator" id="ind-${d.id}"`);
        expect(start, d.id).toBeGreaterThan(0);
        const fig = html.slice(start, html.indexOf('</figure>', start));
        expect(fig).toContain('<figcaption');
        expect(fig).toMatch(/<svg class="trend-chart"[^>]*aria-hidden="true"/);
        expect(fig).toContain('<table');
        expect(fig).toContain(`/dashboard/indicators.csv?`);
      }
      const csv = await t.app.inject('/dashboard/indicators.csv?indicator=cases-lessons&from=2020&to=2021');
      expect(csv.body.trim().split('\r\n')).toHaveLength(4);
      expect(csv.body.split('\r\n')[0]).toBe('indicator,principle,label,unit,year,count,total,value,county,kind,period_from,period_to');
    });

    it('shows a write on the next read: the kept figures are dropped with the page cache', async () => {
      const levelOf = async (nr: string) => ((await t.app.inject('/api/v1/participation?kind=municipality')).json().items as Item[]).find((i) => i.municipalityNumber === nr)?.level;
      const before = ((await t.app.inject('/api/v1/indicators')).json().indicators as { id: string; period: { total: number } }[]).find((i) => i.id === 'cases-lessons')!.period.total;
      expect(await levelOf(k.later)).toBe('none');
      const user = await createUser(t, { org: orgnrOf.get(k.later)! });
      await createCaseViaApi(t, await createToken(t, user.id), { title: 'Dashbordtest: senere' });
      // Until the new figures are read, the old ones are served, marked stale, and never page-cached.
      const stale = await t.app.inject('/dashboard');
      if (stale.headers['x-dashboard-data'] === 'stale') expect(stale.headers['x-page-cache']).toBeUndefined();
      await settled(t);
      expect(await levelOf(k.later)).toBe('case');
      const after = ((await t.app.inject('/api/v1/indicators')).json().indicators as { id: string; period: { total: number } }[]).find((i) => i.id === 'cases-lessons')!.period.total;
      expect(after).toBe(before + 1);
    });

    it('filters indicators by county and kind, and validates the filter', async () => {
      const oslo = (await t.app.inject('/api/v1/indicators?county=03&kind=municipality&period=2020-2026')).json();
      expect(oslo.filter).toEqual({ period: { from: 2020, to: Math.min(2026, YEAR) }, county: '03', kind: 'municipality' });
      expect(oslo.indicators.find((i: { id: string }) => i.id === 'onboard-member').period.total).toBe(1);
      expect((await t.app.inject('/api/v1/indicators?county=x')).statusCode).toBe(400);
      expect((await t.app.inject('/dashboard?kind=nonsense')).statusCode).toBe(400);
    });
  });
}
