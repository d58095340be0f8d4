import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets, createTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { ensureRound, insertAnswers, type FixtureAnswer } from '../../test/fixtures/barometer-stats.js';
import { roundStatistics } from './stats.service.js';
import { DIMENSIONS, type Dimension, type Filters } from './stats.js';

/**
 * Groups of 3 and 4 answers hidden among larger ones. Every table the statistics can publish (the
 * whole round, each dimension, each pair of dimensions as filter + breakdown or as two filters) is
 * fetched; then no shown figure, no difference of two shown figures and no combination of shown
 * figures at all (linear algebra over the individual answers) may single out either small group.
 */

interface Spec {
  county: string;
  kind: 'municipality' | 'state_agency' | 'county_authority';
  sector: string;
  size: string;
  n: number;
  innovators: number;
  tag?: 'three' | 'four';
}

const SPECS: Spec[] = [
  { county: '03', kind: 'municipality', sector: 'municipal', size: '10-49', n: 30, innovators: 22 },
  { county: '03', kind: 'state_agency', sector: 'state', size: '10-49', n: 3, innovators: 3, tag: 'three' },
  { county: '46', kind: 'municipality', sector: 'municipal', size: '50-249', n: 25, innovators: 18 },
  { county: '46', kind: 'county_authority', sector: 'county', size: '1-9', n: 4, innovators: 2, tag: 'four' },
  { county: '15', kind: 'municipality', sector: 'municipal', size: '10-49', n: 20, innovators: 15 },
  { county: '15', kind: 'state_agency', sector: 'state', size: '250+', n: 12, innovators: 11 },
  { county: '46', kind: 'municipality', sector: 'municipal', size: '10-49', n: 9, innovators: 6 },
];

/** Is `target` (a 0/1 vector over answers) a linear combination of `rows`? Gaussian elimination in floats. */
function inSpan(rows: number[][], target: number[]): boolean {
  const basis: { pivot: number; v: number[] }[] = [];
  const reduce = (v: number[]) => {
    const w = [...v];
    for (const { pivot, v: r } of basis) {
      const f = w[pivot]!;
      if (Math.abs(f) > 1e-9) for (let j = 0; j < w.length; j++) w[j]! -= f * r[j]!;
    }
    return w;
  };
  for (const row of rows) {
    const w = reduce(row);
    const pivot = w.findIndex((x) => Math.abs(x) > 1e-9);
    if (pivot < 0) continue;
    const k = w[pivot]!;
    const v = w.map((x) => x / k);
    for (const b of basis) {
      const f = b.v[pivot]!;
      if (Math.abs(f) > 1e-9) for (let j = 0; j < v.length; j++) b.v[j]! -= f * v[j]!;
    }
    basis.push({ pivot, v });
  }
  return reduce(target).every((x) => Math.abs(x) < 1e-7);
}

describe.each(dataTargets())('suppression of small groups on $name PostgreSQL', (target) => {
  let t: TestDatabase;
  let roundId: string;
  const answers: (FixtureAnswer & { tag?: string })[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(target);
    roundId = await ensureRound(t.db, 'suppression', 2026);
    // Each group's answers come from four organisations (the small ones from one), so that the
    // group rule (≥ 3 organisations, none over half) leaves size as what decides here.
    const orgsOf = async (kind: string) => (await t.db.selectFrom('organisations').select('id').where('kind', '=', kind as never).orderBy('id').limit(40).execute()).map((r) => String(r.id));
    const pools = new Map<string, string[]>();
    for (const s of SPECS) {
      if (!pools.has(s.kind)) pools.set(s.kind, await orgsOf(s.kind));
      const pool = pools.get(s.kind)!;
      const own = s.tag ? pool.splice(0, 1) : pool.splice(0, 4);
      for (let i = 0; i < s.n; i++) {
        const innovated = i < s.innovators;
        answers.push({
          roundId,
          orgId: own[i % own.length]!,
          orgKind: s.kind,
          countyNumber: s.county,
          sector: s.sector,
          sizeBand: s.size,
          language: 'nb',
          innovated,
          innovationCount: innovated ? '1' : null,
          underDevelopment: innovated ? null : i % 2 === 0,
          latest: innovated
            ? { types: ['service'], origin: 'inspired', initiators: ['leaders'], developedWith: [], values: ['quality'], evaluated: 'yes', activelySpread: 'no' }
            : null,
          drivers: { leadership_support: (i % 6) + 1 },
          barriers: { regulations: null },
          submittedOn: '2026-10-01',
          ...(s.tag ? { tag: s.tag } : {}),
        });
      }
    }
    await insertAnswers(t.db, answers);
  });
  afterAll(async () => t?.drop());

  /** Every publishable group for one item: key → shown n (suppressed groups are left out). */
  async function shownGroups(item: string): Promise<Map<string, { filters: Filters; n: number }>> {
    const shown = new Map<string, { filters: Filters; n: number }>();
    const record = (f: Filters, n: number | null, suppressed: boolean) => {
      if (suppressed || n === null || n === 0) return;
      const key = JSON.stringify(Object.fromEntries(Object.entries(f).sort()));
      const seen = shown.get(key);
      if (seen) expect(seen.n, `${key} shown twice with different sizes`).toBe(n);
      shown.set(key, { filters: f, n });
    };
    const values = (d: Dimension) => [...new Set(SPECS.map((s) => (d === 'county' ? s.county : d === 'kind' ? s.kind : d === 'sector' ? s.sector : s.size)))];
    const requests: { filters: Filters; by: Dimension | null }[] = [{ filters: {}, by: null }];
    for (const a of DIMENSIONS) {
      requests.push({ filters: {}, by: a });
      for (const v of values(a)) {
        requests.push({ filters: { [a]: v }, by: null });
        for (const b of DIMENSIONS) {
          if (b === a) continue;
          requests.push({ filters: { [a]: v }, by: b });
          for (const w of values(b)) requests.push({ filters: { [a]: v, [b]: w }, by: null });
        }
      }
    }
    for (const r of requests) {
      const out = await roundStatistics(t.db, roundId, r.filters, r.by, item);
      if (!out.ok) throw new Error(out.reason);
      const it = out.value.items[0]!;
      record(r.filters, it.total.n, it.total.suppressed);
      for (const g of it.groups) record({ ...r.filters, [r.by!]: g.value! }, g.n, g.suppressed);
      // Suppressed figures carry nothing: no size, no counts.
      for (const g of [it.total, ...it.groups]) if (g.suppressed) expect([g.n, g.figures]).toEqual([null, null]);
    }
    return shown;
  }

  const dim = (a: FixtureAnswer, d: Dimension) => (d === 'county' ? a.countyNumber : d === 'kind' ? a.orgKind : d === 'sector' ? a.sector : a.sizeBand);
  const member = (a: FixtureAnswer, f: Filters) => (Object.entries(f) as [Dimension, string][]).every(([d, v]) => dim(a, d) === v);

  for (const [item, base] of [
    ['innovated', (a: FixtureAnswer) => !!a],
    ['latest.types', (a: FixtureAnswer) => a.innovated],
    ['underDevelopment', (a: FixtureAnswer) => !a.innovated],
  ] as const) {
    it(`${item}: no shown figure, difference or combination reveals the groups of 3 and 4`, async () => {
      const shown = await shownGroups(item);
      const pool = answers.filter(base);
      expect(shown.size).toBeGreaterThan(3);
      // 1. Shown groups: at least 5 answers, and the sizes are right.
      for (const { filters, n } of shown.values()) {
        expect(n).toBeGreaterThanOrEqual(5);
        expect(n).toBe(pool.filter((a) => member(a, filters)).length);
      }
      // 2. No difference of two nested shown groups is 1–4 answers.
      const list = [...shown.values()];
      for (const outer of list) {
        for (const inner of list) {
          const nested = (Object.entries(outer.filters) as [Dimension, string][]).every(([d, v]) => inner.filters[d] === v);
          if (nested && inner !== outer) expect(outer.n - inner.n === 0 || outer.n - inner.n >= 5, `${JSON.stringify(outer.filters)} − ${JSON.stringify(inner.filters)}`).toBe(true);
        }
      }
      // 3. Neither small group (as answered for this item's base) is any combination of shown groups.
      const rows = list.map(({ filters }) => pool.map((a) => (member(a, filters) ? 1 : 0)));
      for (const tag of ['three', 'four']) {
        const target = pool.map((a) => ((a as { tag?: string }).tag === tag ? 1 : 0));
        if (target.every((x) => x === 0)) continue;
        expect(inSpan(rows, target), `group "${tag}" is recoverable`).toBe(false);
        // …and neither is any one of its answers.
        const first = target.indexOf(1);
        expect(inSpan(rows, target.map((_, i) => (i === first ? 1 : 0)))).toBe(false);
      }
    });
  }
});
