import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp, sqlStatements } from '../../test/helpers/app.js';
import { ASKER, THEME_SCHOOL, createCaseViaApi } from '../../test/helpers/cases.js';
import { BAERUM, BERGEN, STAVANGER, THEME_HEALTH, bearer, createChallengeViaApi, decideViaApi, respondViaApi } from '../../test/fixtures/challenges.js';

interface Filter {
  kind?: string;
  county?: string;
  theme?: string;
  looking?: boolean;
}

/**
 * What partner search should answer, computed here from the base tables (not from partner_profiles
 * the feature reads): an organisation works on the main themes of its published public cases
 * (owned or co-owned) and of its challenges; it is looking when such a case says so or a challenge
 * of its is open or in dialogue.
 */
async function expected(t: TestApp, f: Filter): Promise<Set<string>> {
  const db = t.database.db;
  const { rows: orgs } = await sql<{ id: string; kind: string; county: string | null }>`select id::text, kind, county_number as county from organisations`.execute(db);
  const { rows: caseOrgs } = await sql<{ org: string; theme: string | null; looking: boolean }>`
    select x.org::text as org, coalesce(l.main_theme, l.uri) as theme, c.looking_for_partners as looking
    from cases c
    join (select id as case_id, owner_org_id as org from cases union all select case_id, org_id from case_coowners) x on x.case_id = c.id
    left join case_themes ct on ct.case_id = c.id left join los_concepts l on l.uri = ct.theme_uri
    where c.published_at is not null and c.visibility = 'public'`.execute(db);
  const { rows: challengeOrgs } = await sql<{ org: string; theme: string | null; state: string }>`
    select x.org::text as org, coalesce(l.main_theme, l.uri) as theme, h.state
    from challenges h
    join (select id as challenge_id, owner_org_id as org from challenges union all select challenge_id, org_id from challenge_coowners) x on x.challenge_id = h.id
    left join challenge_themes ct on ct.challenge_id = h.id left join los_concepts l on l.uri = ct.theme_uri`.execute(db);
  const themes = new Map<string, Set<string>>();
  const looking = new Set<string>();
  for (const r of [...caseOrgs, ...challengeOrgs]) {
    if (r.theme) themes.set(r.org, (themes.get(r.org) ?? new Set()).add(r.theme));
    if (('looking' in r && r.looking) || ('state' in r && (r.state === 'open' || r.state === 'dialogue'))) looking.add(r.org);
  }
  return new Set(
    orgs
      .filter((o) => (!f.kind || o.kind === f.kind) && (!f.county || o.county === f.county))
      .filter((o) => !f.theme || themes.get(o.id)?.has(f.theme))
      .filter((o) => !f.looking || looking.has(o.id))
      .map((o) => o.id),
  );
}

const query = (f: Filter, extra = '') =>
  '/api/v1/partners?' + new URLSearchParams(Object.entries(f).map(([k, v]) => [k, String(v)])).toString() + extra;

describe.each(dataTargets())('partner search on $name PostgreSQL', (target) => {
  let t: TestApp;
  const tokens = {} as Record<'bergen' | 'stavanger' | 'baerum', string>;
  let bergenCase = '';
  let stavangerCase = '';
  let challengeId = '';
  let bergenCounty = '';
  const bergenUser = { email: '', password: '' };

  beforeAll(async () => {
    t = await createTestApp(target);
    for (const [k, orgnr] of [['bergen', BERGEN], ['stavanger', STAVANGER], ['baerum', BAERUM]] as const) {
      const user = await createUser(t, { org: orgnr });
      tokens[k] = await createToken(t, user.id);
      if (k === 'bergen') Object.assign(bergenUser, { email: user.email, password: user.password });
    }
    bergenCounty = (await t.app.inject(`/api/v1/organisations/${BERGEN}`)).json().county.number;
    // Bergen: a public health case looking for research partners, and a school draft (not public).
    bergenCase = await createCaseViaApi(t, tokens.bergen, { title: 'Fallforebygging hjemme', themes: [THEME_HEALTH], lookingForPartners: true, partnerNeeds: ['research'] });
    await createCaseViaApi(t, tokens.bergen, { title: 'Skoleutkast', themes: [THEME_SCHOOL], lookingForPartners: true }, false);
    // Stavanger: a school case for the public sector only (an anonymous visitor cannot see it), and a health challenge.
    stavangerCase = await createCaseViaApi(t, tokens.stavanger, { title: 'Skole for sektoren', themes: [THEME_SCHOOL], visibility: 'public_sector', lookingForPartners: true, partnerNeeds: ['business'] });
    challengeId = await createChallengeViaApi(t.app, tokens.stavanger, { title: 'Færre fall', themes: [THEME_HEALTH], lookingFor: ['peers', 'research'] });
    // Bærum: a public school case co-owned by Asker, not looking.
    await createCaseViaApi(t, tokens.baerum, { title: 'Skolevei', themes: [THEME_SCHOOL], coOwners: [ASKER] });
  });
  afterAll(async () => t?.close());

  const combos = (): Filter[] => [
    {},
    { theme: THEME_HEALTH },
    { theme: THEME_SCHOOL },
    { looking: true },
    { theme: THEME_HEALTH, looking: true },
    { theme: THEME_SCHOOL, looking: true },
    { kind: 'municipality', theme: THEME_SCHOOL },
    { kind: 'municipality', county: bergenCounty, theme: THEME_HEALTH, looking: true },
    { kind: 'state_agency', county: bergenCounty, theme: THEME_HEALTH, looking: true },
    { kind: 'municipality', county: bergenCounty },
  ];

  /** Every combination against the independent count, and the organisations themselves where they fit on a page. */
  async function checkCombos() {
    const ids = new Map<string, string>();
    for (const f of combos()) {
      const want = await expected(t, f);
      const res = await t.app.inject(query(f, '&per_page=100'));
      expect(res.statusCode, JSON.stringify(f)).toBe(200);
      const body = res.json();
      expect(body.total, JSON.stringify(f)).toBe(want.size);
      if (want.size <= 100) {
        const { rows } = await sql<{ id: string; orgnr: string | null }>`select id::text, orgnr from organisations where id = any(${[...want]}::bigint[])`.execute(t.database.db);
        for (const r of rows) ids.set(r.id, r.orgnr ?? '');
        expect(new Set(body.items.map((o: { orgnr: string }) => o.orgnr)), JSON.stringify(f)).toEqual(new Set(rows.map((r) => r.orgnr)));
      }
    }
  }

  it('combines kind, county, theme and «looking» exactly as the cases and challenges an anonymous visitor may see say', async () => {
    await checkCombos();
    const health = (await t.app.inject(query({ theme: THEME_HEALTH, looking: true }))).json();
    expect(health.items.map((o: { orgnr: string }) => o.orgnr).sort()).toEqual([BERGEN, STAVANGER].sort());
    const bergen = health.items.find((o: { orgnr: string }) => o.orgnr === BERGEN);
    expect(bergen).toMatchObject({ kind: 'municipality', publicCases: 1, openChallenges: 0, lookingForPartners: true, partnerNeeds: ['research'], challengeNeeds: [] });
    expect(bergen.themes.map((x: { uri: string }) => x.uri)).toEqual([THEME_HEALTH]);
    const stavanger = health.items.find((o: { orgnr: string }) => o.orgnr === STAVANGER);
    expect(stavanger).toMatchObject({ publicCases: 0, openChallenges: 1, lookingForPartners: true, partnerNeeds: [], challengeNeeds: ['peers', 'research'] });
    // A co-owner works on its co-owned cases' themes.
    const school = (await t.app.inject(query({ theme: THEME_SCHOOL }))).json();
    expect(school.items.map((o: { orgnr: string }) => o.orgnr).sort()).toEqual([ASKER, BAERUM].sort());
  });

  it('counts nothing an anonymous visitor may not see: a draft or a public-sector case neither matches nor counts, until it is public', async () => {
    const school = (await t.app.inject(query({ theme: THEME_SCHOOL, per_page: 100 } as Filter))).json();
    const orgnrs = school.items.map((o: { orgnr: string }) => o.orgnr);
    expect(orgnrs).not.toContain(BERGEN);
    expect(orgnrs).not.toContain(STAVANGER);
    const stavanger = (await t.app.inject(`/api/v1/partners?q=stavanger&kind=municipality`)).json().items[0];
    expect(stavanger).toMatchObject({ orgnr: STAVANGER, publicCases: 0, partnerNeeds: [] });
    // Stavanger makes its case public: now it matches the school theme, and its case's wishes show.
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${stavangerCase}`, headers: bearer(tokens.stavanger), payload: { visibility: 'public' } });
    expect(patched.statusCode).toBe(200);
    const after = (await t.app.inject(`/api/v1/partners?q=stavanger&kind=municipality&theme=${encodeURIComponent(THEME_SCHOOL)}`)).json();
    expect(after.items[0]).toMatchObject({ orgnr: STAVANGER, publicCases: 1, lookingForPartners: true, partnerNeeds: ['business'] });
    await checkCombos();
  });

  it('closing a challenge ends «looking» for it but keeps its theme; the organisation page lists it with the open ones first', async () => {
    const second = await createChallengeViaApi(t.app, tokens.stavanger, { title: 'Bedre skoleskyss', themes: [THEME_SCHOOL], lookingFor: ['suppliers'] });
    const closed = await t.app.inject({ method: 'POST', url: `/api/v1/challenges/${challengeId}/state`, headers: bearer(tokens.stavanger), payload: { state: 'closed', outcome: 'not_solved', reason: 'Avsluttet i test' } });
    expect(closed.statusCode).toBe(200);
    const s = (await t.app.inject(`/api/v1/partners?q=stavanger&kind=municipality`)).json().items[0];
    expect(s).toMatchObject({ openChallenges: 1, challengeNeeds: ['suppliers'] });
    expect(s.themes.map((x: { uri: string }) => x.uri).sort()).toEqual([THEME_HEALTH, THEME_SCHOOL].sort());
    await checkCombos();
    const page = (await t.app.inject(`/organisations/${STAVANGER}`)).body;
    const list = /data-testid="org-challenge-list">([\s\S]*?)<\/ul>/.exec(page)![1]!;
    expect(list.indexOf(`/challenges/${second}`)).toBeLessThan(list.indexOf(`/challenges/${challengeId}`));
    expect(page).toContain('Leter etter partnere');
    expect((await t.app.inject(`/organisations/${BAERUM}`)).body).toContain('Leter ikke etter partnere nå');
  });

  it('names the invalid field in problem+json', async () => {
    for (const [url, field] of [
      ['/api/v1/partners?kind=ministry', 'kind'],
      ['/api/v1/partners?county=Vestland', 'county'],
      ['/api/v1/partners?per_page=1000', 'per_page'],
      ['/api/v1/partners?looking=perhaps', 'looking'],
      [`/api/v1/partners?theme=${encodeURIComponent('https://psi.norge.no/los/ord/ikke-finnes')}`, 'theme'],
    ] as const) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field), url).toContain(field);
    }
  });

  it('renders the page without JavaScript: a GET form whose URL holds the search, with counts per choice, and a fixed number of queries', async () => {
    const url = `/partners?q=&kind=municipality&county=&theme=${encodeURIComponent(THEME_HEALTH)}&looking=true`;
    const res = await t.app.inject(url);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<form method="get" action="/partners"');
    expect(res.body).toContain(`href="/organisations/${BERGEN}"`);
    const municipalities = (await expected(t, { theme: THEME_HEALTH, looking: true, kind: 'municipality' })).size;
    expect(res.body).toMatch(new RegExp(`<option value="municipality" selected[^>]*>[^<]*\\(${municipalities}\\)`));
    expect(res.body).toMatch(/name="looking" value="true" checked/);
    const none = await t.app.inject('/partners?q=finnesikkeiregisteret&lang=en');
    expect(none.body).toContain('No organisations match the filters');
    const count = async (u: string) => {
      const res = await t.app.inject(u);
      expect(res.statusCode).toBe(200);
      const n = sqlStatements(res);
      expect(n).toBeGreaterThan(0);
      return n;
    };
    expect(await count('/api/v1/partners?per_page=10&lang=en')).toBe(await count('/api/v1/partners?per_page=100&lang=en'));
    expect(await count('/partners?kind=municipality&lang=nn')).toBe(await count('/partners?kind=municipality&page=2&lang=nn'));
  });

  it('shows «solves these challenges» on the case page as soon as the challenge’s owner accepts a «we solved this», also to a visitor served from the page cache', async () => {
    const url = `/cases/${bergenCase}`;
    let first = await t.app.inject(url);
    for (let i = 0; i < 100 && first.headers['x-page-cache'] !== 'hit' && t.app.pageCache.enabled; i++) first = await t.app.inject(url);
    expect(first.body).not.toContain('data-testid="solves-challenges"');
    expect(first.body).toContain('data-testid="looking-for-partners"');
    expect(first.body).toContain('Forskning');
    const third = await createChallengeViaApi(t.app, tokens.stavanger, { title: 'Fall i hjemmet', themes: [THEME_HEALTH] });
    const link = await respondViaApi(t.app, tokens.bergen, third, { kind: 'solved', caseId: bergenCase });
    // A request until the challenge's owner accepts it (issue 14): not shown before.
    expect((await t.app.inject(url)).body).not.toContain('data-testid="solves-challenges"');
    await decideViaApi(t.app, tokens.stavanger, third, link.id);
    const after = await t.app.inject(url);
    const solves = /data-testid="solves-challenges">([\s\S]*?)<\/p>/.exec(after.body)?.[1] ?? '';
    expect(solves).toContain(`href="/challenges/${third}"`);
    expect(solves).toContain('Fall i hjemmet');
    expect(solves).toContain('Åpen');
  });

  it('takes the flag and the kinds of partner from the case form (without JavaScript), and drops the kinds when the flag is off', async () => {
    const browser = new Browser(t);
    await browser.signIn(bergenUser.email, bergenUser.password);
    const fields = { title: 'Skjemasak', summary: 'En sak fra skjemaet.', types: 'service', themes: THEME_HEALTH, status: 'active', visibility: 'public', language: 'nb' };
    const created = await browser.submit('/cases/new', '/cases/new', { ...fields, lookingForPartners: 'true', partnerNeeds: 'business' });
    expect(created.statusCode).toBe(303);
    const id = (created.headers.location as string).split('/').pop()!;
    expect((await t.app.inject({ url: `/api/v1/cases/${id}`, headers: bearer(tokens.bergen) })).json()).toMatchObject({ lookingForPartners: true, partnerNeeds: ['business'] });
    const edit = await browser.get(`/cases/${id}/edit`);
    expect(edit.body).toMatch(/name="lookingForPartners" value="true" checked/);
    const saved = await browser.submit(`/cases/${id}/edit`, `/cases/${id}/edit`, { ...fields, partnerNeeds: 'business' });
    expect(saved.statusCode).toBe(303);
    expect((await t.app.inject({ url: `/api/v1/cases/${id}`, headers: bearer(tokens.bergen) })).json()).toMatchObject({ lookingForPartners: false, partnerNeeds: [] });
  });
});
