/**
 * `npm run bench:export`: the full CSV export of the case bank, streamed over HTTP, in constant memory.
 *
 * It loads the generated data (bench/generate.ts, as bench/run.ts does) into a fresh database (the
 * embedded PostgreSQL in a temporary data dir, or a database created on BENCH_DATABASE_URL and dropped
 * afterwards), starts the real app **in a child process** (so its memory is the app's alone, not the
 * generator's), and downloads /open-data/cases.csv (and cases.json) at full speed, counting bytes and
 * rows. Meanwhile the app's RSS and heap are sampled every 50 ms; its peak RSS (`maxRSS`) is read
 * before and after. The baseline is the same app, warmed up by one small request, just before the export.
 *
 * Environment: BENCH_SIZE (1k | 10k | 100k | a number, default 10k), BENCH_SEED, BENCH_DATABASE_URL,
 * BENCH_APP_HEAP (cap the app's V8 old space, in MB, e.g. 64: proves the export does not buffer).
 * Results: printed, and written to bench/results/latest-export.md (appended per size and database).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parse as parseCsv } from 'csv-parse';
import { buildApp } from '../src/app.js';
import { hashPassword } from '../src/auth/passwords.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { withDatabase } from '../src/db/embedded.js';
import { loadReferenceData } from '../src/orgs/reference.js';
import { ensureLosConcepts } from '../src/themes/themes.service.js';
import { createWorld, DEFAULT_SEED, generateCases, insertCases, insertWorld, parseSize } from './generate.js';
import { registry } from '../src/modules.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const log = (m: string) => console.log(`[bench:export] ${m}`);

interface Memory {
  rss: number;
  heapUsed: number;
  /** Peak resident set size of the process so far (bytes). */
  maxRss: number;
}

// ---------------------------------------------------------------------------------------------
// The app, in a child process: `export.ts --serve` with DATABASE_URL set.

async function serve(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', LOAD_REFERENCE_DATA: 'false', BACKGROUND_JOBS: 'false' }, ROOT);
  const database = await openDatabase(config, { derived: registry().derivedFunctions, applicationName: 'nytenk-bench-export', runMigrations: false });
  const app = await buildApp({ config, db: database.db, pool: database.pool, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'memory') {
      const m = process.memoryUsage();
      process.send!({ type: 'memory', rss: m.rss, heapUsed: m.heapUsed, maxRss: process.resourceUsage().maxRSS * 1024 } satisfies Memory & { type: string });
    }
    if (msg.type === 'stop') void app.close().then(() => database.close()).then(() => process.exit(0));
  });
  process.send!({ type: 'ready', port });
}

class AppProcess {
  private waiting: ((m: Memory) => void)[] = [];
  constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on('message', (msg: Memory & { type: string }) => {
      if (msg.type === 'memory') this.waiting.shift()?.(msg);
    });
  }

  static async start(databaseUrl: string): Promise<AppProcess> {
    // BENCH_APP_HEAP caps the app's V8 heap (MB): an export that buffered would die, a streamed one runs.
    const heap = process.env.BENCH_APP_HEAP;
    const child = fork(path.join(ROOT, 'bin/run-ts.js'), [path.join(BENCH_DIR, 'export.ts'), '--serve'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      execArgv: heap ? [`--max-old-space-size=${Number(heap)}`] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`app exited with ${code}`)));
      child.on('message', (msg: { type: string; port?: number }) => msg.type === 'ready' && resolve(msg.port!));
    });
    return new AppProcess(child, port);
  }

  memory(): Promise<Memory> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.send({ type: 'memory' });
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'stop' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    this.child.kill('SIGKILL');
  }
}

interface Download {
  status: number;
  bytes: number;
  rows: number;
  seconds: number;
  headers: http.IncomingHttpHeaders;
}

/**
 * GETs a URL, reading as fast as it comes; counts bytes, and rows: CSV records through a CSV parser
 * (a quoted field may hold line breaks), or JSON items (one per line, JSON strings hold none raw).
 */
function download(url: string, format: 'csv' | 'json'): Promise<Download> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let bytes = 0;
        let rows = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (format === 'json') for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) rows++;
        });
        const finish = (records: number) => resolve({ status: res.statusCode ?? 0, bytes, rows: format === 'csv' ? records - 1 : rows - 2, seconds: (performance.now() - t0) / 1000, headers: res.headers });
        if (format === 'csv') {
          let records = 0;
          const parser = parseCsv({ bom: true });
          parser.on('data', () => records++);
          parser.on('end', () => finish(records));
          parser.on('error', reject);
          res.pipe(parser);
        } else res.on('end', () => finish(0));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function measured(app: AppProcess, url: string, format: 'csv' | 'json') {
  const before = await app.memory();
  let peakSample = before.rss;
  let peakHeap = before.heapUsed;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const m = await app.memory();
      peakSample = Math.max(peakSample, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result = await download(url, format);
  sampling = false;
  await sampler;
  const after = await app.memory();
  return { result, before, after, peakSample, peakHeap };
}

// ---------------------------------------------------------------------------------------------
// The run

async function main(): Promise<void> {
  const size = parseSize(process.env.BENCH_SIZE, '10k');
  const seed = process.env.BENCH_SEED || DEFAULT_SEED;
  const serverUrl = process.env.BENCH_DATABASE_URL || undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => log(`clean-up: ${e}`));
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  try {
    const env: Record<string, string> = { LOG_LEVEL: 'silent', LOAD_REFERENCE_DATA: 'false' };
    let dbLabel: string;
    if (serverUrl) {
      const name = `nytenk_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
      const admin = new pg.Client(serverUrl);
      await admin.connect();
      await admin.query(`create database ${admin.escapeIdentifier(name)}`);
      await admin.end();
      cleanups.push(async () => {
        const a = new pg.Client(serverUrl);
        await a.connect();
        await a.query(`drop database if exists ${a.escapeIdentifier(name)} with (force)`);
        await a.end();
      });
      env.DATABASE_URL = withDatabase(serverUrl, name);
      env.NYTENK_DATA_DIR = path.join(os.tmpdir(), 'nytenk-bench-unused');
      dbLabel = 'PostgreSQL server (fresh database)';
    } else {
      const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-bench-'));
      await fs.chmod(dataDir, 0o755);
      cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
      env.NYTENK_DATA_DIR = dataDir;
      dbLabel = 'embedded PostgreSQL (temporary data dir)';
    }
    const config = loadConfig(env, ROOT);
    const database = await openDatabase(config, { derived: registry().derivedFunctions, applicationName: 'nytenk-bench-export-loader' });
    cleanups.push(() => database.close());
    const url = database.embedded?.url ?? env.DATABASE_URL!;

    let t0 = performance.now();
    await loadReferenceData(database.db);
    const world = await createWorld({ size: size.n, seed });
    await insertWorld(database.db, world, { passwordHash: await hashPassword('nytenk-bench-passord') });
    await ensureLosConcepts(database.db);
    const inserted = await insertCases(database.db, generateCases(world));
    await database.pool.query('vacuum analyze');
    const loadSeconds = (performance.now() - t0) / 1000;
    const publicCases = (await database.pool.query<{ n: number }>(`select count(*)::int as n from cases where published_at is not null and visibility = 'public'`)).rows[0]!.n;
    log(`loaded ${inserted.cases} cases (${publicCases} public) in ${loadSeconds.toFixed(0)} s on ${dbLabel}`);

    const app = await AppProcess.start(url);
    cleanups.push(() => app.stop());
    const base = `http://127.0.0.1:${app.port}`;
    // Warm-up: one small request through the whole stack, so the baseline is a running app.
    await download(`${base}/open-data/challenges.csv`, 'csv');
    const baseline = await app.memory();

    t0 = performance.now();
    const csv = await measured(app, `${base}/open-data/cases.csv`, 'csv');
    const json = await measured(app, `${base}/open-data/cases.json`, 'json');

    const lines = [
      `### ${size.label} cases on ${dbLabel} (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}${process.env.BENCH_APP_HEAP ? `, app heap capped at ${process.env.BENCH_APP_HEAP} MB` : ''})`,
      '',
      `Loaded ${inserted.cases} generated cases, ${publicCases} of them published and public, in ${loadSeconds.toFixed(0)} s. The app runs in its own process; memory is that process's.`,
      '',
      '| export | status | rows | MB | seconds | MB/s | RSS before | peak RSS sampled (50 ms) | RSS after | peak heap used | process maxRSS after |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...[
        ['cases.csv', csv],
        ['cases.json', json],
      ].map(([name, m]) => {
        const x = m as Awaited<ReturnType<typeof measured>>;
        return `| ${name} | ${x.result.status} | ${x.result.rows} | ${mb(x.result.bytes)} | ${x.result.seconds.toFixed(2)} | ${(x.result.bytes / 1024 / 1024 / x.result.seconds).toFixed(1)} | ${mb(x.before.rss)} | ${mb(x.peakSample)} | ${mb(x.after.rss)} | ${mb(x.peakHeap)} | ${mb(x.after.maxRss)} |`;
      }),
      '',
      `Baseline (app started, one small export served): RSS ${mb(baseline.rss)} MB, heap used ${mb(baseline.heapUsed)} MB, maxRSS ${mb(baseline.maxRss)} MB. ` +
        `Peak RSS during the CSV export: +${mb(csv.peakSample - baseline.rss)} MB over the baseline for ${mb(csv.result.bytes)} MB sent.`,
      '',
    ];
    const text = lines.join('\n');
    console.log(`\n${text}`);
    await fs.mkdir(path.join(BENCH_DIR, 'results'), { recursive: true });
    await fs.appendFile(path.join(BENCH_DIR, 'results', 'latest-export.md'), `${text}\n`);
  } finally {
    await cleanUp();
  }
}

if (process.argv.includes('--serve')) {
  await serve();
} else {
  await main();
  process.exit(0);
}
