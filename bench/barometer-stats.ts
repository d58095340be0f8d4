/**
 * `npm run bench:barometer`: the barometer statistics pages on a round of 100,000 answers, then of
 * 1,000,000. For each database (embedded PostgreSQL in a temporary data dir; the server in
 * BENCH_DATABASE_URL, in a database created and dropped for the run) it migrates, loads the reference
 * data, writes generated answers (bench/generate.ts) in bulk — the statistics triggers keep
 * barometer_stat_counts as they go — and starts the real app on loopback. Then, per page, sequential
 * requests over HTTP (one at a time: the latency one reader sees) after a warm-up, and the "cold" case:
 * one answer submitted, then the page (the suppression decisions must be recomputed). It also times the
 * alternative it replaces: one aggregate straight over the answers (jsonb unnested per request).
 *
 * Environment: BENCH_DATABASE_URL (server round), BENCH_EMBEDDED=0 (skip embedded), BENCH_REQUESTS
 * (measured requests per page, default 200), BENCH_MILLION=0 (stop after 100k), BENCH_ANSWERS (the first
 * stage's round size, default 100000).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eachDatabase, machineLine } from './common.js';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { ensureReferenceData } from '../src/orgs/reference.js';
import { ensureRound, fromBench, insertAnswers, organisationsByOrgnr, type FixtureAnswer } from '../test/fixtures/barometer-stats.js';
import { createWorld, generateBarometerAnswer, type BenchWorld } from './generate.js';
import { registry } from '../src/modules.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const MILLION = process.env.BENCH_MILLION !== '0';
/** Answers in the measured round (first stage); BENCH_ANSWERS=5000 for a quick check. */
const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 100_000);
const SIZE = ANSWERS >= 1000 && ANSWERS % 1000 === 0 ? `${ANSWERS / 1000}k` : String(ANSWERS);
const log = (m: string) => process.stderr.write(`[barometer] ${m}\n`);

interface PageFigure {
  size: string;
  page: string;
  p50: number;
  p95: number;
  p99: number;
  cold: number;
  bytes: number;
}

interface DbFigures {
  label: string;
  loads: { size: string; seconds: number; rows: number }[];
  pages: PageFigure[];
  rawSql: { size: string; ms: number }[];
  statRows: { size: string; rows: number }[];
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function load(db: Db, world: BenchWorld, roundId: string, from: number, count: number, orgs: Map<string, { id: string; kind: string; countyNumber: string | null }>) {
  function* rows(): Generator<FixtureAnswer> {
    for (let i = from; i < from + count; i++) {
      const a = fromBench(generateBarometerAnswer(world, i), roundId, orgs);
      if (a) yield a;
    }
  }
  return insertAnswers(db, rows(), 5000);
}

async function measure(base: string, url: string, requests: number): Promise<{ p50: number; p95: number; p99: number; bytes: number }> {
  let bytes = 0;
  for (let i = 0; i < 10; i++) await (await fetch(base + url)).text();
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const res = await fetch(base + url);
    const body = await res.text();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
    bytes = body.length;
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), bytes };
}

async function run(label: string, databaseUrl: string | undefined, dataDir: string): Promise<DbFigures> {
  const config = loadConfig({ NYTENK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const database = await openDatabase(config, { derived: registry().derivedFunctions, applicationName: 'nytenk-bench-barometer' });
  const { db, pool } = database;
  const figures: DbFigures = { label, loads: [], pages: [], rawSql: [], statRows: [] };
  try {
    await ensureReferenceData(db);
    const world = await createWorld({ size: 1000 });
    const orgs = await organisationsByOrgnr(
      db,
      world.publicBodies.map((b) => b.orgnr),
    );
    const r2022 = await ensureRound(db, 'bench-2022', 2022);
    const r2024 = await ensureRound(db, 'bench-2024', 2024);
    const r2026 = await ensureRound(db, 'bench-2026', 2026);
    let t = performance.now();
    await load(db, world, r2022, 2_000_000, 10_000, orgs);
    await load(db, world, r2024, 2_100_000, 20_000, orgs);
    const rows100k = await load(db, world, r2026, 0, ANSWERS, orgs);
    figures.loads.push({ size: SIZE, seconds: (performance.now() - t) / 1000, rows: rows100k + 30_000 });
    await sql`vacuum analyze barometer_stat_counts`.execute(db);
    await sql`vacuum analyze barometer_answers`.execute(db);
    log(`${label}: ${rows100k + 30_000} answers loaded in ${figures.loads[0]!.seconds.toFixed(1)} s`);

    const app = await buildApp({ config, db, pool, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const pages: [string, string][] = [
      ['full page', `/barometer/rounds/${r2026}/statistics`],
      ['full page by county', `/barometer/rounds/${r2026}/statistics?by=county`],
      ['county 46 by kind', `/barometer/rounds/${r2026}/statistics?county=46&by=kind`],
      ['API, all items by size', `/api/v1/barometer/rounds/${r2026}/aggregates?by=size`],
      ['CSV, latest.values by county', `/barometer/rounds/${r2026}/statistics/latest.values.csv?by=county`],
    ];
    const sample = fromBench(generateBarometerAnswer(world, 3_000_000), r2026, orgs)!;
    const measureAll = async (size: string) => {
      for (const [name, url] of pages) {
        const warm = await measure(base, url, REQUESTS);
        // Cold: a new answer changes the counts, so the suppression decisions are recomputed.
        const colds: number[] = [];
        for (let i = 0; i < 5; i++) {
          await insertAnswers(db, [sample]);
          const t0 = performance.now();
          await (await fetch(base + url)).text();
          colds.push(performance.now() - t0);
        }
        colds.sort((a, b) => a - b);
        figures.pages.push({ size, page: name, ...warm, cold: colds[colds.length - 1]! });
        log(`${label} ${size} ${name}: p50 ${warm.p50.toFixed(1)} p95 ${warm.p95.toFixed(1)} p99 ${warm.p99.toFixed(1)} ms; cold max ${colds[colds.length - 1]!.toFixed(1)} ms; ${warm.bytes} bytes`);
      }
      // The alternative: the same figures straight from the answers (every item, by county), once.
      // The app's pool has a 30 s statement timeout; this one query may take longer at 1M.
      const t0 = performance.now();
      await db.transaction().execute(async (trx) => {
        await sql`set local statement_timeout = '300s'`.execute(trx);
        await sql`
          select coalesce(a.county_number, ''), i.item, i.option, count(*)
            from barometer_answers a
            cross join lateral barometer_answer_items(a.innovated, a.innovation_count, a.under_development, a.latest, a.drivers, a.barriers, a.sector, a.size_band) i
           where a.round_id = ${r2026}
           group by 1, 2, 3`.execute(trx);
      });
      figures.rawSql.push({ size, ms: performance.now() - t0 });
      const c = await sql<{ n: number }>`select count(*)::int as n from barometer_stat_counts where round_id = ${r2026}`.execute(db);
      figures.statRows.push({ size, rows: c.rows[0]!.n });
    };
    try {
      await measureAll(SIZE);
      if (MILLION) {
        t = performance.now();
        const more = await load(db, world, r2026, ANSWERS, 1_000_000 - ANSWERS, orgs);
        figures.loads.push({ size: '1M', seconds: (performance.now() - t) / 1000, rows: more });
        await sql`vacuum analyze barometer_stat_counts`.execute(db);
        await sql`vacuum analyze barometer_answers`.execute(db);
        log(`${label}: +${more} answers in ${figures.loads[1]!.seconds.toFixed(1)} s`);
        await measureAll('1M');
      }
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
  return figures;
}

const loadBefore = os.loadavg();
const results: DbFigures[] = await eachDatabase('nytenk_bench_barometer', run);

const f1 = (n: number) => n.toFixed(1);
const lines = [
  '### Barometer statistics benchmark (`npm run bench:barometer`)',
  '',
  `- run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; machine: ${machineLine()}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min) before, ${os.loadavg()[0]!.toFixed(2)} after`,
  `- data: generated answers (bench/generate.ts) in three rounds: 10,000 (2022), 20,000 (2024) and the measured round (2026) of 100,000, then 1,000,000; statistics read from barometer_stat_counts (kept by triggers)`,
  `- warm: ${REQUESTS} sequential requests over loopback HTTP after 10 unmeasured; cold: the slowest of 5 requests each made right after one more answer was inserted (the suppression decisions are recomputed)`,
  '',
  '| database | answers in round | page | p50 ms | p95 ms | p99 ms | cold ms | size |',
  '|---|---|---|---:|---:|---:|---:|---:|',
  ...results.flatMap((r) => r.pages.map((p) => `| ${r.label} | ${p.size} | ${p.page} | ${f1(p.p50)} | ${f1(p.p95)} | ${f1(p.p99)} | ${f1(p.cold)} | ${(p.bytes / 1024).toFixed(0)} KiB |`)),
  '',
  '| database | answers | bulk load (5,000 per statement, triggers on) | rows in barometer_stat_counts for the round | the same figures straight from the answers (one query, every item by county) |',
  '|---|---|---:|---:|---:|',
  ...results.flatMap((r) =>
    r.rawSql.map((x, i) => `| ${r.label} | ${x.size} | ${r.loads[i] ? `${r.loads[i]!.rows.toLocaleString('en')} in ${f1(r.loads[i]!.seconds)} s` : '–'} | ${r.statRows[i]!.rows.toLocaleString('en')} | ${x.ms.toFixed(0)} ms |`),
  ),
];
const table = lines.join('\n');
console.log(table);
await fs.writeFile(path.join(ROOT, 'bench/results/latest-barometer.md'), `${table}\n`);
process.exit(0);
