import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, generateBarometerAnswers } from '../../bench/generate.js';
import { dataTargets, createTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { ensureRound, fromBench, insertAnswers, organisationsByOrgnr, type FixtureAnswer } from '../../test/fixtures/barometer-stats.js';
import { roundStatistics, trends, type GroupResult } from './stats.service.js';
import { decidePublic, type OrgCell } from './disclosure.js';
import { DIMENSIONS, statItems, wilson, type Dimension, type Filters, type StatItem } from './stats.js';

// ---------------------------------------------------------------------------------------------
// The independent computation: written from the definitions, sharing no code with stats.ts.

const Z = 1.96; // 95 %, to the precision the comparison needs
function wilsonByHand(x: number, n: number): [number, number] {
  const p = x / n;
  const a = p + (Z * Z) / (2 * n);
  const b = Z * Math.sqrt((p * (1 - p) + (Z * Z) / (4 * n)) / n);
  const c = 1 + (Z * Z) / n;
  return [(a - b) / c, (a + b) / c];
}

const dimValue = (a: FixtureAnswer, d: Dimension) => (d === 'county' ? (a.countyNumber ?? '') : d === 'kind' ? a.orgKind : d === 'sector' ? a.sector : a.sizeBand);
const inGroup = (a: FixtureAnswer, f: Filters) => (Object.entries(f) as [Dimension, string][]).every(([d, v]) => dimValue(a, d) === v);
const asked = (a: FixtureAnswer, item: StatItem) => item.base === 'always' || (item.base === 'innovated' ? a.innovated : !a.innovated);

/** The options an answer gives to an item, read from the raw answer. */
function chosen(a: FixtureAnswer, id: string): string[] {
  if (id === 'innovated') return [a.innovated ? 'yes' : 'no'];
  if (id === 'innovationCount') return a.innovationCount ? [a.innovationCount] : [];
  if (id === 'underDevelopment') return a.underDevelopment === null ? [] : [a.underDevelopment ? 'yes' : 'no'];
  if (id === 'sector') return [a.sector];
  if (id === 'sizeBand') return [a.sizeBand];
  const [block, key] = id.split('.') as [string, string];
  if (block === 'latest') {
    const v = (a.latest as Record<string, unknown> | null)?.[key];
    return v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
  }
  const score = (block === 'drivers' ? a.drivers : a.barriers)[key];
  return [score === null || score === undefined ? 'dont_know' : String(score)];
}

function byHand(answers: FixtureAnswer[], item: StatItem, f: Filters) {
  const base = answers.filter((a) => inGroup(a, f) && asked(a, item));
  const counts = new Map<string, number>();
  for (const a of base) for (const o of chosen(a, item.id)) counts.set(o, (counts.get(o) ?? 0) + 1);
  const scores = base.flatMap((a) => chosen(a, item.id).map(Number).filter((x) => x >= 1 && x <= 6));
  const mean = scores.length ? scores.reduce((s, x) => s + x, 0) / scores.length : null;
  return { n: base.length, counts, mean };
}

function expectMatches(result: GroupResult, answers: FixtureAnswer[], item: StatItem, f: Filters) {
  const hand = byHand(answers, item, f);
  if (hand.n > 0 && hand.n < 5) expect(result.suppressed, `${item.id} ${JSON.stringify(f)} has ${hand.n} answers`).toBe(true);
  if (result.suppressed) {
    expect(result.n).toBeNull();
    expect(result.figures).toBeNull();
    return 0;
  }
  expect(result.n).toBe(hand.n);
  if (hand.n === 0) return 0;
  expect(result.figures!.options.length, `${item.id} ${JSON.stringify(f)} has options to compare`).toBeGreaterThan(0);
  if (hand.n < 10) {
    // Rule 4: bands only, each containing the true share.
    for (const o of result.figures!.options) {
      const share = (hand.counts.get(o.value) ?? 0) / hand.n;
      expect([o.count, o.share, o.ci]).toEqual([null, null, null]);
      expect(share >= o.band![0] && share <= o.band![1], `${item.id} ${o.value} band`).toBe(true);
    }
    expect(result.figures!.mean).toBeNull();
    return 1;
  }
  for (const o of result.figures!.options) {
    const count = hand.counts.get(o.value) ?? 0;
    expect(o.count, `${item.id} ${o.value}`).toBe(count);
    expect(o.share).toBeCloseTo(count / hand.n, 10);
    const [lo, hi] = wilsonByHand(count, hand.n);
    expect(o.ci![0]).toBeCloseTo(Math.max(0, lo), 4);
    expect(o.ci![1]).toBeCloseTo(Math.min(1, hi), 4);
  }
  if (item.kind === 'scale_1_6') expect(result.figures!.mean?.value).toBeCloseTo(hand.mean!, 10);
  return 1;
}

// ---------------------------------------------------------------------------------------------

describe('Wilson intervals and suppression (pure)', () => {
  it('matches published Wilson intervals', () => {
    // Newcombe (1998), table I: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/10 → 0–0.2775.
    expect(wilson(81, 263).map((x) => x.toFixed(4))).toEqual(['0.2553', '0.3662']);
    expect(wilson(15, 148).map((x) => x.toFixed(4))).toEqual(['0.0624', '0.1605']);
    expect(wilson(0, 10).map((x) => x.toFixed(4))).toEqual(['0.0000', '0.2775']);
  });

  it('a lone small group takes the next smallest with it, and a group of 3 + 1 takes a third', () => {
    // Each county's answers spread over four organisations, so only size decides here.
    const cell = (county: string, n: number, kind = 'municipality'): OrgCell[] =>
      [0, 1, 2, 3].map((i) => ({ org: `${county}-${i}`, cell: { county, kind, sector: 'municipal', size: '10-49' }, n: Math.floor(n / 4) + (i < n % 4 ? 1 : 0) }));
    const protect = (cells: OrgCell[][]) => decidePublic(cells.flat());
    const p = protect([cell('03', 40), cell('11', 3), cell('46', 30), cell('15', 50)]);
    expect(p.suppressed.has('county=11')).toBe(true);
    expect(p.suppressed.has('county=46')).toBe(true);
    expect(p.suppressed.has('county=03')).toBe(false);
    const q = protect([cell('03', 40), cell('11', 3), cell('18', 1), cell('46', 30), cell('15', 50)]);
    expect(['county=11', 'county=18', 'county=46'].every((k) => q.suppressed.has(k))).toBe(true);
    expect(q.suppressed.has('county=15')).toBe(false);
  });
});

describe.each(dataTargets())('barometer statistics on $name PostgreSQL', (target) => {
  let t: TestDatabase;
  let roundId: string;
  let earlierId: string;
  let answers: FixtureAnswer[];
  let earlier: FixtureAnswer[];

  beforeAll(async () => {
    t = await createTestDatabase(target);
    const world = await createWorld({ size: 100 });
    const generated = [...generateBarometerAnswers(world, 3000)];
    const orgs = await organisationsByOrgnr(t.db, generated.map((a) => a.orgnr));
    earlierId = await ensureRound(t.db, 'fixture-2024', 2024);
    roundId = await ensureRound(t.db, 'fixture-2026', 2026);
    answers = generated.slice(0, 2400).flatMap((a) => fromBench(a, roundId, orgs) ?? []);
    earlier = generated.slice(2400).flatMap((a) => fromBench(a, earlierId, orgs) ?? []);
    expect(answers.length).toBeGreaterThanOrEqual(2000);
    await insertAnswers(t.db, answers, 700);
    await insertAnswers(t.db, earlier);
  });
  afterAll(async () => t?.drop());

  it('every item matches the independent computation, in total and by each dimension', async () => {
    let compared = 0;
    for (const by of [null, ...DIMENSIONS]) {
      const out = await roundStatistics(t.db, roundId, {}, by);
      if (!out.ok) throw new Error(out.reason);
      expect(out.value.items.map((i) => i.item.id)).toEqual(statItems().map((i) => i.id));
      for (const r of out.value.items) {
        compared += expectMatches(r.total, answers, r.item, {});
        for (const g of r.groups) compared += expectMatches(g, answers, r.item, { [by!]: g.value! });
        // The breakdown's groups add up to the total, unless suppressed cells hide some.
        if (by && r.groups.every((g) => !g.suppressed)) expect(r.groups.reduce((s, g) => s + (g.n ?? 0), 0)).toBe(r.total.n);
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('a filtered breakdown (county × size) matches too', async () => {
    // A county whose figures are published: a county of one municipality (Oslo) is all one
    // organisation's answers, suppressed whole, and would leave nothing to compare.
    const byCounty = await roundStatistics(t.db, roundId, {}, 'county', 'innovated');
    if (!byCounty.ok) throw new Error(byCounty.reason);
    const published = byCounty.value.items[0]!.groups.filter((g) => !g.suppressed).sort((a, b) => (b.n ?? 0) - (a.n ?? 0));
    expect(published.length).toBeGreaterThan(0);
    const county = published[0]!.value!;
    const out = await roundStatistics(t.db, roundId, { county }, 'size');
    if (!out.ok) throw new Error(out.reason);
    let totals = 0;
    let groups = 0;
    for (const r of out.value.items) {
      totals += expectMatches(r.total, answers, r.item, { county });
      for (const g of r.groups) groups += expectMatches(g, answers, r.item, { county, size: g.value! });
    }
    // expectMatches returns 0 when it had nothing to compare: both the county's totals and its breakdown were compared.
    expect(totals).toBeGreaterThan(0);
    expect(groups).toBeGreaterThan(0);
  });

  it('trends give each round its own figures', async () => {
    const out = await trends(t.db, roundId, {}, ['innovated', 'underDevelopment']);
    if (!out.ok) throw new Error(out.reason);
    expect(out.value.rounds.map((r) => r.key)).toEqual(['fixture-2024', 'fixture-2026']);
    const innovated = out.value.trends.find((x) => x.item.id === 'innovated')!;
    expect(innovated.points).toHaveLength(2);
    // Each round's point is published and compared (expectMatches returns 0 when it compared nothing).
    expect(expectMatches(innovated.points[0]!, earlier, innovated.item, {})).toBe(1);
    expect(expectMatches(innovated.points[1]!, answers, innovated.item, {})).toBe(1);
  });

  it('refuses more than two dimensions and unknown items', async () => {
    expect(await roundStatistics(t.db, roundId, { county: '03', kind: 'municipality' }, 'size')).toEqual({ ok: false, reason: 'too_many_dimensions' });
    expect(await roundStatistics(t.db, roundId, {}, null, 'nope')).toEqual({ ok: false, reason: 'unknown_item' });
    expect(await roundStatistics(t.db, '999999', {}, null)).toEqual({ ok: false, reason: 'no_round' });
  });

  it('the counts follow updates and deletes of answers', async () => {
    // An answer of its own, added to the earlier round and gone again at the end: the answers the
    // other tests compare against stay as they were, whichever runs first.
    const idsInRound = async () => new Set((await t.db.selectFrom('barometer_answers').select('id').where('round_id', '=', earlierId).execute()).map((r) => r.id));
    const existing = await idsInRound();
    await insertAnswers(t.db, [earlier.find((a) => a.innovated)!]);
    const ownId = [...(await idsInRound())].find((x) => !existing.has(x));
    if (!ownId) throw new Error('the added answer is not in the round');
    const before = await roundStatistics(t.db, earlierId, {}, null, 'innovated');
    if (!before.ok) throw new Error(before.reason);
    await t.db.updateTable('barometer_answers').set({ innovated: false, latest: null, innovation_count: null, under_development: true }).where('id', '=', ownId).execute();
    const after = await roundStatistics(t.db, earlierId, {}, null, 'innovated');
    if (!after.ok) throw new Error(after.reason);
    const yes = (r: typeof before) => (r.ok ? r.value.items[0]!.total.figures!.options.find((o) => o.value === 'yes')!.count ?? -1 : -1);
    expect(yes(after)).toBe((yes(before) ?? 0) - 1);
    await t.db.deleteFrom('barometer_answers').where('id', '=', ownId).execute();
    const gone = await roundStatistics(t.db, earlierId, {}, null, 'innovated');
    expect(gone.ok && gone.value.items[0]!.total.n).toBe((before.value.items[0]!.total.n ?? 0) - 1);
    expect(await idsInRound()).toEqual(existing);
  });
});
