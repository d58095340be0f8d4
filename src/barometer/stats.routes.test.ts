import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, createUser, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { ensureRound, seedStatisticsAnswers } from '../../test/fixtures/barometer-stats.js';

const OSLO = '958935420';

/** Answers of Oslo kommune, a state agency and eleven municipalities (test/fixtures/barometer-stats.ts), 186 in all. */
async function seed(t: TestApp): Promise<{ roundId: string }> {
  const roundId = await ensureRound(t.database.db, 'api-2026', 2026, 'Barometer 2026');
  await ensureRound(t.database.db, 'api-2024', 2024, 'Barometer 2024');
  await seedStatisticsAnswers(t.database.db, roundId);
  return { roundId };
}

describe.each(dataTargets())('barometer statistics API and pages on $name PostgreSQL', (target) => {
  let t: TestApp;
  let roundId: string;

  beforeAll(async () => {
    t = await createTestApp(target);
    ({ roundId } = await seed(t));
  });
  afterAll(async () => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('GET /api/v1/barometer/rounds/{id}/aggregates gives every item, with suppressed groups empty', async () => {
    const res = await get(`/api/v1/barometer/rounds/${roundId}/aggregates?by=county`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.threshold).toBe(5);
    const innovated = body.items.find((i: { id: string }) => i.id === 'innovated');
    expect(innovated.total.n).toBe(186);
    const yes = innovated.total.options.find((o: { value: string }) => o.value === 'yes');
    expect(yes.count).toBe(138);
    const c03 = innovated.groups.find((g: { value: string }) => g.value === '03');
    // County 03 is two organisations (Oslo kommune and the state agency): hidden, and so is another
    // county, since the round minus the rest would give it back.
    expect(c03).toMatchObject({ n: null, suppressed: true, options: null, mean: null });
    expect(innovated.groups.filter((g: { suppressed: boolean }) => g.suppressed).length).toBeGreaterThanOrEqual(2);
    // Nothing anywhere is a group of fewer than 5, and no answer-level field is present.
    const text = res.body;
    expect(text).not.toMatch(/"org_?[iI]d"|"submitted|"case_?[iI]d"/);
    for (const item of body.items) for (const g of [item.total, ...item.groups]) if (!g.suppressed && g.n !== 0) expect(g.n).toBeGreaterThanOrEqual(5);
    expect(innovated.references.length).toBeGreaterThan(0);
  });

  it('by=round gives the trend, one group per round', async () => {
    const res = await get(`/api/v1/barometer/rounds/${roundId}/aggregates?by=round&item=innovated`);
    expect(res.statusCode).toBe(200);
    const groups = res.json().items[0].groups;
    expect(groups.map((g: { value: string }) => g.value)).toEqual(['api-2024', 'api-2026']);
    expect(groups[0]).toMatchObject({ n: 0, options: null });
  });

  it.each([
    ['by=colour', 'by'],
    ['county=oslo', 'county'],
    ['kind=pirate', 'kind'],
    ['item=nope', 'item'],
    ['county=03&kind=municipality&by=size', 'by'],
  ])('problem+json naming the field for %s', async (qs, field) => {
    const res = await get(`/api/v1/barometer/rounds/${roundId}/aggregates?${qs}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('an unknown round is 404 problem+json', async () => {
    const res = await get('/api/v1/barometer/rounds/987654/aggregates');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('the statistics page renders in nb, nn and en, with a table and a CSV link for every chart', async () => {
    for (const lang of ['nb', 'nn', 'en']) {
      const res = await get(`/barometer/rounds/${roundId}/statistics?lang=${lang}&by=kind&county=`);
      expect(res.statusCode).toBe(200);
      const figures = res.body.match(/<figure/g)!.length;
      expect(res.body.match(/<table/g)!.length).toBe(figures);
      expect(res.body).toContain('aria-hidden="true"');
      expect(res.body).toContain(`statistics/innovated.csv?by=kind&amp;lang=${lang}`);
    }
    const nb = await get(`/barometer/rounds/${roundId}/statistics?lang=nb`);
    expect(nb.body).toMatch(/74,2\s%/); // 138 of 186, nb-NO format
  });

  it('the page refuses three dimensions with an error summary, keeping the choices', async () => {
    const res = await get(`/barometer/rounds/${roundId}/statistics?county=03&kind=municipality&by=size`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('ds-error-summary');
    expect(res.body).toMatch(/<option value="municipality" selected/);
  });

  it('CSV of an item, a scale block and the trend', async () => {
    const item = await get(`/barometer/rounds/${roundId}/statistics/latest.types.csv?by=county`);
    expect(item.statusCode).toBe(200);
    expect(item.headers['content-type']).toMatch(/^text\/csv/);
    const lines = item.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toMatch(/^item,group,group_label,answers,suppressed,option/);
    expect(lines.filter((l) => l.startsWith('latest.types,03,'))).toEqual([expect.stringMatching(/^latest\.types,03,[^,]+,,true,+$/)]);
    expect((await get(`/barometer/rounds/${roundId}/statistics/drivers.csv`)).body).toContain('drivers.leadership_support');
    expect((await get(`/barometer/rounds/${roundId}/statistics/trend.csv`)).body).toContain('api-2024');
    expect((await get(`/barometer/rounds/${roundId}/statistics/nope.csv`)).statusCode).toBe(404);
  });

  it('an organisation page: members see their own results beside their peers; others may not', async () => {
    const anon = await get(`/barometer/rounds/${roundId}/organisations/${OSLO}`);
    expect([302, 303, 401]).toContain(anon.statusCode);
    const member = await createUser(t, { org: OSLO });
    const b = new Browser(t);
    await b.signIn(member.email, member.password);
    const page = await b.get(`/barometer/rounds/${roundId}/organisations/${OSLO}?lang=nb`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Egen virksomhet');
    expect(page.body).toContain('65 svar');
    const stranger = await createUser(t);
    const s = new Browser(t);
    await s.signIn(stranger.email, stranger.password);
    expect((await s.get(`/barometer/rounds/${roundId}/organisations/${OSLO}`)).statusCode).toBe(403);
    // Analysts and platform admins open own tables only through their own memberships (issue 14, finding 2).
    const analyst = await createUser(t, { platformRole: 'analyst' });
    const a = new Browser(t);
    await a.signIn(analyst.email, analyst.password);
    const refused = await a.get(`/barometer/rounds/${roundId}/organisations/${OSLO}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('65 svar');
  });
});
