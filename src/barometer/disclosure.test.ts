import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, generateBarometerAnswers } from '../../bench/generate.js';
import { Browser, createTestApp, createUser, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { audit, protectedSetsFor, type AuditAnswer, type PublishedTable } from '../../test/helpers/disclosure-audit.js';
import type { AuthContext } from '../http/context.js';
import { addDays, osloToday } from './barometer.validation.js';
import { decidePublic, isRoundClosed, meetsRule } from './disclosure.js';
import { ensureRound, fromBench, insertAnswers, organisationsByOrgnr, type FixtureAnswer } from '../../test/fixtures/barometer-stats.js';
import { organisationComparison, roundStatistics, trends } from './stats.service.js';
import { DIMENSIONS, type Dimension, type Filters } from './stats.js';

/**
 * Issue 14, findings 1–3, as an attacker would try them, and the disclosure audit: for each role every
 * table it can obtain (API aggregates for every selection, the trend, own-organisation tables) is
 * collected and checked by exact linear (and, for the small round, integer) reasoning.
 */

interface Org {
  id: string;
  orgnr: string;
  kind: string;
  county: string;
}


function answer(roundId: string, org: Org, size: string, i: number, submittedOn = '2025-10-01'): FixtureAnswer {
  const innovated = i % 3 !== 0;
  return {
    roundId,
    orgId: org.id,
    orgKind: org.kind,
    countyNumber: org.county,
    sector: org.kind === 'municipality' ? 'municipal' : org.kind === 'county_authority' ? 'county' : 'state',
    sizeBand: size,
    language: 'nb',
    innovated,
    innovationCount: innovated ? '1' : null,
    underDevelopment: innovated ? null : i % 2 === 0,
    latest: innovated ? { types: ['service'], origin: 'inspired', initiators: ['leaders'], developedWith: [], values: ['quality'], evaluated: 'yes', activelySpread: 'no' } : null,
    drivers: { leadership_support: (i % 6) + 1 },
    barriers: { regulations: ((i + 2) % 6) + 1 },
    submittedOn,
  };
}

const auditOf = (a: FixtureAnswer): AuditAnswer => ({ org: a.orgId, county: a.countyNumber ?? '', kind: a.orgKind, sector: a.sector, size: a.sizeBand });
const dim = (a: FixtureAnswer, d: Dimension) => (d === 'county' ? (a.countyNumber ?? '') : d === 'kind' ? a.orgKind : d === 'sector' ? a.sector : a.sizeBand);
const member = (a: FixtureAnswer, f: Filters) => (Object.entries(f) as [Dimension, string][]).every(([d, v]) => dim(a, d) === v);
const keyOf = (f: Filters) => JSON.stringify(Object.fromEntries(Object.entries(f).sort()));

/** Every selection a request can make: each breakdown alone and under each single filter. */
function selections(answers: FixtureAnswer[]): { filters: Filters; by: Dimension | null }[] {
  const values = (d: Dimension) => [...new Set(answers.map((a) => dim(a, d)))];
  const out: { filters: Filters; by: Dimension | null }[] = [{ filters: {}, by: null }];
  for (const a of DIMENSIONS) {
    out.push({ filters: {}, by: a });
    for (const v of values(a)) for (const b of DIMENSIONS) if (b !== a) out.push({ filters: { [a]: v }, by: b });
  }
  return out;
}

/** A shown group as the audit sees it. */
type Shown = { filters: Filters; n: number };

function authFor(user: { id: string; email: string; name: string; platformRole?: 'admin' | 'analyst' | null }, orgs: Org[], role: 'member' | 'org_admin' = 'member'): AuthContext {
  return {
    user: { id: String(user.id), email: user.email, name: user.name, platformRole: user.platformRole ?? null },
    memberships: orgs.map((o) => ({ organisationId: o.id, orgnr: o.orgnr, name: o.orgnr, kind: o.kind, role, status: 'active' as const })),
    via: 'session',
  };
}

/** Every table a viewer obtains for a round, in the base of all answers (item «innovated»). */
async function collect(t: TestApp, roundId: string, answers: FixtureAnswer[], viewer: AuthContext | null, openable: Org[], viaApi: boolean) {
  const shown = new Map<string, Shown>();
  const record = (filters: Filters, g: { n: number | null; suppressed: boolean }) => {
    if (g.suppressed || !g.n) return;
    const key = keyOf(filters);
    const seen = shown.get(key);
    if (seen) expect(seen.n, `${key} shown with two sizes`).toBe(g.n);
    shown.set(key, { filters, n: g.n });
  };
  for (const s of selections(answers)) {
    let body: { total: { n: number | null; suppressed: boolean }; groups: { value: string | null; n: number | null; suppressed: boolean }[] };
    if (viaApi) {
      const filters = Object.fromEntries(Object.entries(s.filters).map(([d, v]) => [d, d === 'county' && v === '' ? 'none' : v]));
      const qs = new URLSearchParams({ item: 'innovated', ...filters, ...(s.by ? { by: s.by } : {}) });
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${roundId}/aggregates?${qs}` });
      expect(res.statusCode).toBe(200);
      body = res.json().items[0];
    } else {
      const out = await roundStatistics(t.database.db, roundId, s.filters, s.by, 'innovated');
      if (!out.ok) throw new Error(out.reason);
      body = out.value.items[0]!;
    }
    record(s.filters, body.total);
    for (const g of body.groups) record({ ...s.filters, [s.by!]: g.value! }, g);
  }
  // The trend: each round's whole-round group (for this round: the total again).
  const trend = await trends(t.database.db, roundId, {}, ['innovated']);
  if (!trend.ok) throw new Error(trend.reason);
  const point = trend.value.trends[0]!.points.find((p) => String(p.round.id) === String(roundId))!;
  record({}, point);
  const tables: PublishedTable[] = [...shown.values()].map((g) => ({ source: keyOf(g.filters), members: answers.flatMap((a, i) => (member(a, g.filters) ? [i] : [])), n: g.n }));
  // Own-organisation tables the viewer may open (and the module lets it see).
  const visible = new Set<string>();
  for (const org of openable) {
    const out = await organisationComparison(t.database.db, viewer, roundId, org.orgnr);
    if (!out.ok) continue;
    const own = out.value.items.find((i) => i.item.id === 'innovated')!.results[0]!;
    if (own.suppressed || !own.n) continue;
    visible.add(org.id);
    tables.push({ source: `own ${org.orgnr}`, members: answers.flatMap((a, i) => (a.orgId === org.id ? [i] : [])), n: own.n });
  }
  return { shown, tables, visible };
}

function allGroups(answers: FixtureAnswer[]): { key: string; members: number[] }[] {
  const keys = new Map<string, Filters>();
  for (const a of answers) {
    keys.set(keyOf({}), {});
    for (const d of DIMENSIONS) {
      keys.set(keyOf({ [d]: dim(a, d) }), { [d]: dim(a, d) });
      for (const e of DIMENSIONS) if (e !== d) keys.set(keyOf({ [d]: dim(a, d), [e]: dim(a, e) }), { [d]: dim(a, d), [e]: dim(a, e) });
    }
  }
  return [...keys].map(([key, f]) => ({ key, members: answers.flatMap((a, i) => (member(a, f) ? [i] : [])) }));
}

describe('the group rule (pure)', () => {
  it('needs 5 answers from 3 organisations with none over half', () => {
    expect(meetsRule(new Map([['a', 2], ['b', 2], ['c', 1]]))).toBe(true);
    expect(meetsRule(new Map([['a', 30]]))).toBe(false);
    expect(meetsRule(new Map([['a', 5], ['b', 5]]))).toBe(false);
    expect(meetsRule(new Map([['a', 6], ['b', 2], ['c', 2]]))).toBe(false);
    expect(meetsRule(new Map([['a', 2], ['b', 1], ['c', 1]]))).toBe(false);
  });

  it('a round is closed from the day after its last day, in Norway', () => {
    expect(isRoundClosed({ closesOn: '2026-11-15' }, '2026-11-15')).toBe(false);
    expect(isRoundClosed({ closesOn: '2026-11-15' }, '2026-11-16')).toBe(true);
  });

  it('a kind that is one organisation is hidden, with a partner so it cannot be recovered', () => {
    const atoms = [
      ...['a', 'b', 'c', 'd'].map((org) => ({ org, cell: { county: '46', kind: 'municipality', sector: 'municipal', size: '10-49' }, n: 6 })),
      { org: 's', cell: { county: '46', kind: 'state_agency', sector: 'state', size: '10-49' }, n: 20 },
    ];
    const p = decidePublic(atoms);
    expect(p.suppressed.has('kind=state_agency')).toBe(true);
    // The round minus the municipalities would give it back: one of them goes too.
    expect(p.suppressed.has('kind=municipality') || p.suppressed.has('')).toBe(true);
  });
});

describe.each(dataTargets())('barometer disclosure control on $name PostgreSQL', (target) => {
  let t: TestApp;
  let openId: string;
  let closedId: string;
  const closed: FixtureAnswer[] = [];
  const munis = new Map<string, Org[]>();
  let state: Org;
  let today: string;

  const orgs = async (kind: string, county: string | null, limit: number): Promise<Org[]> => {
    let q = t.database.db.selectFrom('organisations').select(['id', 'orgnr', 'kind', 'county_number']).where('kind', '=', kind as never).where('orgnr', 'is not', null);
    if (county) q = q.where('county_number', '=', county);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: String(r.id), orgnr: r.orgnr!, kind: r.kind, county: r.county_number ?? '' }));
  };

  beforeAll(async () => {
    t = await createTestApp(target);
    today = osloToday();
    // The open round is made first, so a trend of the closed round (same year, later id) would take it in.
    const year = Number(today.slice(0, 4));
    openId = String(
      (
        await t.database.db
          .insertInto('barometer_rounds')
          .values({ key: 'disc-open', title: 'Open round', year, period_from: `${year - 2}-01-01`, period_to: `${year}-01-01`, opens_on: addDays(today, -10), closes_on: addDays(today, 30), questionnaire_version: 1, created_by: null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
    closedId = await ensureRound(t.database.db, 'disc-closed', year - 1, 'Closed round');
    await t.database.db.updateTable('barometer_rounds').set({ year }).where('id', '=', closedId).execute();
    for (const c of ['46', '34', '18', '50']) munis.set(c, await orgs('municipality', c, 4));
    state = (await orgs('state_agency', null, 1))[0]!;
    // The 5 + 5 + 1 county (46), three more counties of several municipalities, and a state agency
    // that is alone in its kind, sector, size band and county (30 answers).
    const [a, b, c] = munis.get('46')!;
    const add = (org: Org, size: string, n: number) => {
      for (let i = 0; i < n; i++) closed.push(answer(closedId, org, size, closed.length));
    };
    add(a!, '10-49', 5);
    add(b!, '10-49', 5);
    add(c!, '10-49', 1);
    for (const o of munis.get('34')!) add(o, '10-49', 6);
    for (const o of munis.get('18')!) add(o, '50-249', 6);
    for (const o of munis.get('50')!.slice(0, 3)) add(o, '10-49', 7);
    add(state, '250+', 30);
    await insertAnswers(t.database.db, closed);
  });
  afterAll(async () => t?.close());

  // ---- Finding 1 -------------------------------------------------------------------------------

  it('finding 1: around one submission to an open round, no figure, file, trend or dashboard level moves', async () => {
    const year = today.slice(0, 4);
    const [x1, x2, x3, x4] = munis.get('34')!;
    const [y1, y2, y3] = munis.get('18')!;
    const fresh = munis.get('50')![3]!; // has not answered the open round: the one that will
    const early = [x1!, x2!, x3!, x4!, y1!, y2!, y3!].flatMap((o, k) => [0, 1, 2].map((i) => answer(openId, o, '10-49', k * 3 + i, today)));
    await insertAnswers(t.database.db, early);
    t.app.pageCache.clear();

    const reader = await createUser(t, { org: fresh.orgnr });
    const browser = new Browser(t);
    await browser.signIn(reader.email, reader.password);
    const urls = [
      `/api/v1/barometer/rounds/${openId}/aggregates`,
      `/api/v1/barometer/rounds/${openId}/aggregates?by=county`,
      `/api/v1/barometer/rounds/${openId}/aggregates?by=round&item=innovated`,
      `/api/v1/barometer/rounds/${closedId}/aggregates?by=round`,
      `/barometer/rounds/${openId}/statistics`,
      `/barometer/rounds/${openId}/statistics?by=kind`,
      `/barometer/rounds/${openId}/statistics/innovated.csv`,
      `/barometer/rounds/${openId}/statistics/trend.csv`,
      `/barometer/rounds/${closedId}/statistics/trend.csv`,
      `/barometer/rounds/${closedId}/statistics`,
      `/open-data/barometer-aggregates.csv`,
      `/open-data/barometer-aggregates.json`,
      `/api/v1/participation?from=${Number(year) - 5}&to=${year}`,
      `/api/v1/indicators?from=${Number(year) - 5}&to=${year}`,
      `/dashboard/levels.csv?from=${Number(year) - 5}&to=${year}`,
      `/dashboard/participation.csv?from=${Number(year) - 5}&to=${year}`,
      `/dashboard?from=${Number(year) - 5}&to=${year}`,
      `/barometer/rounds/${openId}/organisations/${fresh.orgnr}`,
    ];
    // Per-response noise (CSP nonces, CSRF tokens, request ids) is not a figure.
    const normal = (s: string) => s.replace(/nonce="[^"]*"/g, '').replace(/name="_csrf" value="[^"]*"/g, '').replace(/"requestId":"[^"]*"/g, '').replace(/<code>[0-9a-f-]{36}<\/code>/g, '');
    const snapshot = async () => {
      const out: Record<string, string> = {};
      for (const u of urls) {
        const res = await browser.get(u);
        out[u] = `${res.statusCode} ${normal(res.body)}`;
      }
      return out;
    };
    const before = await snapshot();
    // One submission, as the questionnaire writes it, and the write heard by the app.
    await insertAnswers(t.database.db, [answer(openId, fresh, '50-249', 999, today)]);
    t.app.pageCache.clear();
    const after = await snapshot();
    for (const u of urls) expect(after[u], u).toBe(before[u]);

    // The open round answers 409 problem+json, with no figure; the closed round's trend leaves it out.
    const open = await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${openId}/aggregates?by=county` });
    expect(open.statusCode).toBe(409);
    expect(open.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(open.body).not.toMatch(/"options"|"share"/);
    const page = await t.app.inject({ method: 'GET', url: `/barometer/rounds/${openId}/statistics?lang=en` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('published once it has closed');
    expect(page.body).not.toMatch(/<table|<figure/);
    const trend = (await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${closedId}/aggregates?by=round&item=innovated` })).json();
    expect(trend.items[0].groups.map((g: { value: string }) => g.value)).toEqual(['disc-closed']);
    await t.database.db.deleteFrom('barometer_answers').where('round_id', '=', openId).execute();
  });

  // ---- Finding 3 -------------------------------------------------------------------------------

  it('finding 3: a kind, sector, size band or county that is one organisation is hidden from everyone', async () => {
    const admin = await createUser(t, { platformRole: 'admin' });
    const member = await createUser(t, { org: state.orgnr });
    for (const who of [null, admin, member]) {
      const b = new Browser(t);
      if (who) await b.signIn(who.email, who.password);
      for (const [qs, value] of [
        ['by=kind', 'state_agency'],
        ['by=sector', 'state'],
        ['by=size', '250+'],
        ['by=county', state.county],
      ] as const) {
        const res = await b.get(`/api/v1/barometer/rounds/${closedId}/aggregates?item=innovated&${qs}`);
        const g = res.json().items[0].groups.find((x: { value: string }) => x.value === value);
        expect(g, `${qs} ${value}`).toMatchObject({ suppressed: true, n: null, options: null });
      }
      const alone = (await b.get(`/api/v1/barometer/rounds/${closedId}/aggregates?item=innovated&kind=state_agency`)).json().items[0].total;
      expect(alone).toMatchObject({ suppressed: true, n: null, options: null });
    }
    const file = (await t.app.inject({ method: 'GET', url: '/open-data/barometer-aggregates.csv' })).body;
    expect(file).not.toMatch(/,kind,state_agency,|,sector,state,|,size,250\+,/);
  });

  // ---- Finding 2 and the audit ------------------------------------------------------------------

  it('finding 2: an analyst who is a member of two organisations cannot subtract them from their county (5 + 5 + 1)', async () => {
    const [a, b, c] = munis.get('46')!;
    const analyst = await createUser(t, { platformRole: 'analyst' });
    const viewer = authFor(analyst, [a!, b!]);
    const county = (await roundStatistics(t.database.db, closedId, { county: '46' }, null, 'innovated')) as { ok: true; value: { items: { total: { n: number | null } }[] } };
    const own = async (o: Org) => {
      const out = await organisationComparison(t.database.db, viewer, closedId, o.orgnr);
      return out.ok ? out.value.items.find((i) => i.item.id === 'innovated')!.results[0]! : null;
    };
    const [ownA, ownB] = [await own(a!), await own(b!)];
    const known = [county.value.items[0]!.total.n, ownA?.suppressed === false ? ownA.n : null, ownB?.suppressed === false ? ownB.n : null];
    // Not all three may be shown: together they give organisation C's single answer.
    expect(known.some((n) => n === null), JSON.stringify(known)).toBe(true);
    // Nor may an analyst open a third organisation's own table at all.
    expect(await organisationComparison(t.database.db, authFor(analyst, []), closedId, c!.orgnr)).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('audit: for every role, no protected set follows from everything it can obtain (exact linear and integer reasoning)', async () => {
    const [a, b] = munis.get('46')!;
    const users = {
      anonymous: null,
      member: authFor(await createUser(t, {}), [a!]),
      orgAdmin: authFor(await createUser(t, {}), [b!], 'org_admin'),
      analyst: authFor(await createUser(t, { platformRole: 'analyst' }), [a!, b!]),
      platformAdmin: authFor(await createUser(t, { platformRole: 'admin' }), []),
    };
    const every = [...munis.values()].flat().concat([state]);
    const auditAnswers = closed.map(auditOf);
    for (const [role, viewer] of Object.entries(users)) {
      const { tables, visible } = await collect(t, closedId, closed, viewer, every, true);
      const sets = protectedSetsFor(auditAnswers, visible, allGroups(closed));
      const result = audit(auditAnswers, tables, sets, { integerUpTo: 9 });
      expect(result.checked, role).toBeGreaterThan(20);
      expect(result.determined, role).toEqual([]);
      expect(result.pinned, role).toEqual([]);
    }
  });

  it('audit on a generated round of realistic size (≥ 300 organisations, ≥ 2,000 answers)', { timeout: 300_000 }, async () => {
    const world = await createWorld({ size: 100 });
    const generated = [...generateBarometerAnswers(world, 2400)];
    const byOrgnr = await organisationsByOrgnr(t.database.db, generated.map((g) => g.orgnr));
    const bigId = await ensureRound(t.database.db, 'disc-generated', 2022);
    const answers = generated.flatMap((g) => fromBench(g, bigId, byOrgnr) ?? []);
    await insertAnswers(t.database.db, answers);
    expect(answers.length).toBeGreaterThanOrEqual(2000);
    const orgCount = new Map<string, number>();
    for (const x of answers) orgCount.set(x.orgId, (orgCount.get(x.orgId) ?? 0) + 1);
    expect(orgCount.size).toBeGreaterThanOrEqual(300);
    // A member of the largest organisation, and an analyst in two large ones of one county.
    const ranked = [...orgCount].sort((x, y) => y[1] - x[1]);
    const orgFacts = async (id: string): Promise<Org> => {
      const r = await t.database.db.selectFrom('organisations').select(['id', 'orgnr', 'kind', 'county_number']).where('id', '=', id).executeTakeFirstOrThrow();
      return { id: String(r.id), orgnr: r.orgnr!, kind: r.kind, county: r.county_number ?? '' };
    };
    const top = await orgFacts(ranked[0]![0]);
    const leaders = (await Promise.all(ranked.slice(0, 80).map(([id]) => orgFacts(id)))).filter((o) => o.kind === 'municipality');
    const county = leaders.find((o) => leaders.filter((x) => x.county === o.county).length >= 2)!.county;
    const pair = leaders.filter((o) => o.county === county).slice(0, 2);
    const viewers: [string, AuthContext | null, Org[]][] = [
      ['anonymous', null, []],
      ['member', authFor(await createUser(t, {}), [top]), [top]],
      ['analyst', authFor(await createUser(t, { platformRole: 'analyst' }), pair), pair],
    ];
    const auditAnswers = answers.map(auditOf);
    const groups = allGroups(answers);
    let shownSomething = false;
    for (const [role, viewer, openable] of viewers) {
      const { tables, visible, shown } = await collect(t, bigId, answers, viewer, openable, false);
      shownSomething ||= shown.size > 20;
      const sets = protectedSetsFor(auditAnswers, visible, groups);
      const result = audit(auditAnswers, tables, sets);
      expect(result.checked, role).toBeGreaterThan(500);
      expect(result.determined, role).toEqual([]);
    }
    // The statistics still say something: the round, and many groups, are shown.
    expect(shownSomething).toBe(true);
    await sql`delete from barometer_answers where round_id = ${bigId}`.execute(t.database.db);
  });
});
