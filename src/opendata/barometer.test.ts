import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { dataTargets } from '../../test/helpers/db.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { ensureRound, insertAnswers, organisationsByOrgnr, type FixtureAnswer } from '../../test/fixtures/barometer-stats.js';

const BERGEN = '964338531'; // county 46
const OSLO = '958935420'; // county 03
const TROMSO = '940101808'; // county 55

describe.each(dataTargets())('barometer aggregates as open data on $name PostgreSQL', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
    const orgs = await organisationsByOrgnr(t.database.db, [BERGEN, OSLO, TROMSO]);
    const closed = await ensureRound(t.database.db, 'b2024', 2024);
    const open = await ensureRound(t.database.db, 'b2099', 2099);
    const answer = (roundId: string, orgnr: string, i: number): FixtureAnswer => {
      const o = orgs.get(orgnr)!;
      return {
        roundId,
        orgId: o.id,
        orgKind: o.kind,
        countyNumber: o.countyNumber,
        sector: 'municipal',
        sizeBand: '10-49',
        language: 'nb',
        innovated: i % 2 === 0,
        innovationCount: i % 2 === 0 ? '1' : null,
        underDevelopment: i % 2 === 0 ? null : false,
        latest: null,
        drivers: {},
        barriers: {},
        submittedOn: '2024-10-01',
      };
    };
    // Bergen 12 answers, Oslo 11, Tromsø 3 (a small group: suppressed with its complement).
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => answer(closed, BERGEN, i)),
      ...Array.from({ length: 11 }, (_, i) => answer(closed, OSLO, i)),
      ...Array.from({ length: 3 }, (_, i) => answer(closed, TROMSO, i)),
      ...Array.from({ length: 9 }, (_, i) => answer(open, BERGEN, i)),
    ];
    await insertAnswers(t.database.db, rows);
  });
  afterAll(async () => t?.close());

  it('exports shown groups of closed rounds only: no suppressed cell, no group under five, no open round', async () => {
    const res = await t.app.inject('/open-data/barometer-aggregates.csv');
    expect(res.statusCode).toBe(200);
    const rows = parseCsv(res.body, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.round))).toEqual(new Set(['b2024']));
    for (const r of rows) expect(Number(r.answers)).toBeGreaterThanOrEqual(5);
    const counties = new Set(rows.filter((r) => r.breakdown === 'county').map((r) => r.group));
    expect(counties.has('55')).toBe(false); // Tromsø's 3 answers
    // With Tromsø's county suppressed, one more county must go too (else all − shown = Tromsø).
    expect(counties.size).toBeLessThanOrEqual(1);
    const all = rows.find((r) => r.breakdown === 'all' && r.item === 'innovated');
    expect(all?.answers).toBe('26');
    const json = JSON.parse((await t.app.inject('/open-data/barometer-aggregates.json')).body);
    expect(json.items.length).toBe(rows.length);
  });
});
