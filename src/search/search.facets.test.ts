import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { caseBody } from '../../test/helpers/cases.js';
import { FACETS, type Facet } from './search.queries.js';

/**
 * Facet counts checked against counts computed here, independently, from what was created:
 * random cases, several filter combinations, every facet — each counted with the other filters.
 */
const ORGS = [
  { orgnr: '935478715', kind: 'municipality', county: '32' },
  { orgnr: '964338531', kind: 'municipality', county: '46' },
  { orgnr: '889640782', kind: 'state_agency', county: null },
];
const THEMES = ['https://psi.norge.no/los/tema/arbeid', 'https://psi.norge.no/los/tema/helse-og-omsorg', 'https://psi.norge.no/los/tema/familie-og-barn'];
const TYPES = ['service', 'product', 'process', 'organisation', 'communication'];
const STAGES = ['identify', 'ideas', 'proposal', 'implement', 'evaluate', 'diffuse'];
const STATUSES = ['active', 'in_use', 'stopped', 'archived'];
const ACTORS = ['public', 'business', 'research', 'civil_society', 'citizens'];

interface Made {
  id: string;
  values: Record<Facet, string[]>;
}

// A small deterministic generator: the same cases on every run.
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe.each(dataTargets())('facet counts on $name PostgreSQL', (target) => {
  let t: TestApp;
  const made: Made[] = [];

  beforeAll(async () => {
    t = await createTestApp(target);
    const tokens = await Promise.all(ORGS.map(async (o) => createToken(t, (await createUser(t, { org: o.orgnr })).id)));
    const random = rng(42);
    const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const some = <T,>(xs: T[], max: number) => [...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(xs)))];
    for (let i = 0; i < 36; i++) {
      const o = i % ORGS.length;
      const types = some(TYPES, 2);
      const themes = some(THEMES, 2);
      const actors = random() < 0.6 ? some(ACTORS, 2) : [];
      const status = pick(STATUSES);
      const withLessons = status === 'stopped' || random() < 0.4;
      const language = pick(['nb', 'nn', 'en']);
      const year = random() < 0.7 ? String(2019 + Math.floor(random() * 7)) : null;
      const body = caseBody({
        title: `Fasettsak ${i}`,
        types,
        themes,
        stage: pick(STAGES),
        status,
        language,
        takenIntoUseOn: year ? `${year}-06-01` : null,
        lessons: withLessons ? 'Vi lærte noe.' : '',
        ...(status === 'stopped' ? { stoppedReason: 'Virket ikke' } : {}),
        partners: actors.map((a, k) => ({ name: `Partner ${k}`, actorType: a })),
      });
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${tokens[o]}` }, payload: body });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id as string;
      await t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/publish`, headers: { authorization: `Bearer ${tokens[o]}` } });
      made.push({
        id,
        values: {
          type: types,
          stage: [body.stage as string],
          status: [status],
          theme: themes,
          county: ORGS[o]!.county ? [ORGS[o]!.county!] : [],
          orgKind: [ORGS[o]!.kind],
          actor: [...new Set(actors)],
          year: year ? [year] : [],
          language: [language],
          lessons: [String(withLessons)],
          adopted: ['false'],
        },
      });
    }
    // Some are adopted by another organisation.
    for (const m of made.filter((_, i) => i % 5 === 0)) {
      const owner = ORGS.findIndex((o) => o.kind === m.values.orgKind[0] && (o.county ?? null) === (m.values.county[0] ?? null));
      const adopter = (owner + 1) % ORGS.length;
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${m.id}/adoptions`, headers: { authorization: `Bearer ${tokens[adopter]}` }, payload: { adoptedOn: '2026-01-15', adopterOrgnr: ORGS[adopter]!.orgnr } });
      expect(res.statusCode, res.body).toBe(201);
      m.values.adopted = ['true'];
    }
  });
  afterAll(async () => t?.close());

  const expected = (filters: Partial<Record<Facet, string[]>>, facet: Facet) => {
    const counts = new Map<string, number>();
    for (const m of made) {
      const ok = (Object.entries(filters) as [Facet, string[]][]).every(([f, vals]) => f === facet || m.values[f].some((v) => vals.includes(v)));
      if (!ok) continue;
      for (const v of m.values[facet]) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return Object.fromEntries([...counts].sort());
  };

  const combos: Partial<Record<Facet, string[]>>[] = [
    {},
    { type: ['service'] },
    { type: ['service', 'product'], language: ['nb'] },
    { theme: [THEMES[1]!], orgKind: ['municipality'] },
    { status: ['in_use', 'active'], lessons: ['true'], actor: ['business'] },
    { county: ['46'], adopted: ['true'] },
    { year: ['2020', '2021', '2022'], stage: ['implement', 'diffuse', 'evaluate'] },
  ];

  it.for(combos.map((c) => ({ c, name: JSON.stringify(c) })))('agree with independent counts under $name', async ({ c }) => {
    const qs = new URLSearchParams({ per_page: '100' });
    for (const [f, vals] of Object.entries(c)) for (const v of vals) qs.append(f, v);
    const res = await t.app.inject(`/api/v1/cases?${qs}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const matching = made.filter((m) => (Object.entries(c) as [Facet, string[]][]).every(([f, vals]) => m.values[f].some((v) => vals.includes(v))));
    expect(body.total).toBe(matching.length);
    expect(new Set(body.items.map((i: { id: string }) => i.id))).toEqual(new Set(matching.map((m) => m.id)));
    for (const f of FACETS) {
      const got = Object.fromEntries((body.facets[f] as { value: string; count: number }[]).map((x) => [x.value, x.count]).sort());
      expect(got, `facet ${f}`).toEqual(expected(c, f));
    }
  });
});
