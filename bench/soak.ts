/**
 * `npm run soak`: load and faults (issue 8). For each database (the embedded PostgreSQL in a fresh
 * temporary data dir; then, with SOAK_DATABASE_URL, a PostgreSQL server in a database
 * `nytenk_soak_<pid>` created and dropped for the run) it seeds generated data and writers with API
 * tokens, starts the real server as a child process (`node bin/nytenk.js serve`, loopback only), and:
 *
 * 1. drives it with SOAK_CLIENTS concurrent clients (closed loops, keep-alive) for SOAK_SECONDS:
 *    anonymous page reads, API reads and authenticated API writes (bench/soak-client.ts); zero
 *    errors required, p50/p95/p99 per request kind reported;
 * 2. loads it again and kills the Node process with SIGKILL after SOAK_KILL_AFTER seconds, starts it
 *    again on the same data (the embedded PostgreSQL's orphaned postmaster included) and reads back
 *    through the API every write acknowledged since the round began: lost = 0 required;
 * 3. loads the restarted server for SOAK_AFTER_SECONDS (zero errors) and stops it with SIGTERM.
 *
 * Writes bench/results/latest-soak.md; exits 1 on any error or lost write.
 *
 * Environment (all optional):
 *   SOAK_CLIENTS            concurrent clients                                  default 200
 *   SOAK_SECONDS            measured seconds of load                            default 60
 *   SOAK_WARMUP             seconds of load before measuring (not reported)     default 5
 *   SOAK_KILL_AFTER         seconds of load before the kill -9                  default 10
 *   SOAK_AFTER_SECONDS      seconds of load on the restarted server             default 5
 *   SOAK_SIZE               generated partners, users and cases (bench/generate.ts)  default 10000
 *   SOAK_WRITERS_PER_CLIENT writers (users with tokens) per client              default 2
 *   SOAK_POOL_SIZE          the app's DB_POOL_SIZE                              default: the app's (10)
 *   SOAK_DATABASE_URL       a PostgreSQL server for a second round (its user needs CREATEDB)
 *   SOAK_EMBEDDED           0 skips the embedded round
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { _internals, withDatabase } from '../src/db/embedded.js';
import { startServe, stopGracefully, type ServerProcess } from '../test/helpers/processes.js';
import { cleanupRegistry, intEnv } from './common.js';
import { KIND_LABELS, Ledger, SoakLoad, seedSoak, verifyLedger, type KindFigures, type LoadReport, type SoakFixture, type VerifyReport } from './soak-client.js';
import { registry } from '../src/modules.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (m: string) => process.stderr.write(`[soak] ${m}\n`);


const settings = {
  clients: intEnv('SOAK_CLIENTS', 200, 1, 5000),
  seconds: intEnv('SOAK_SECONDS', 60, 1, 3600),
  warmup: intEnv('SOAK_WARMUP', 5, 0, 600),
  killAfter: intEnv('SOAK_KILL_AFTER', 10, 1, 600),
  afterSeconds: intEnv('SOAK_AFTER_SECONDS', 5, 0, 600),
  size: intEnv('SOAK_SIZE', 10_000, 0, 1_000_000),
  writersPerClient: intEnv('SOAK_WRITERS_PER_CLIENT', 2, 1, 100),
  poolSize: process.env.SOAK_POOL_SIZE ? String(intEnv('SOAK_POOL_SIZE', 10, 1, 200)) : undefined,
  serverUrl: process.env.SOAK_DATABASE_URL || undefined,
  embedded: process.env.SOAK_EMBEDDED !== '0',
};
if (settings.serverUrl && !/^postgres(ql)?:\/\//.test(settings.serverUrl)) throw new Error('SOAK_DATABASE_URL must be a postgres:// URL');

// ---------------------------------------------------------------------------------------------
// Clean-up on every way out (Ctrl-C, watchdog, failure): servers, postmasters, databases, folders

const { onCleanup, exitAfterCleanup } = cleanupRegistry(log);

// ---------------------------------------------------------------------------------------------
// CPU: the machine, the app, every postgres process, this process (the load generator)

const TICKS = 100;
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total };
}
function procTicks(pid: number): number {
  try {
    const after = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(after[11]) + Number(after[12]);
  } catch {
    return 0;
  }
}
function postgresTicks(): number {
  let sum = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.includes('(postgres)')) sum += procTicks(Number(name));
    } catch {
      // gone
    }
  }
  return sum;
}
interface Cpu {
  machine: number;
  app: number;
  postgres: number;
  loader: number;
}
function cpuMeter(appPid: number): () => Cpu {
  const m0 = machineTicks();
  const a0 = procTicks(appPid);
  const p0 = postgresTicks();
  const l0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const m1 = machineTicks();
    const l = process.cpuUsage(l0);
    return {
      machine: ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100 * os.cpus().length,
      app: ((procTicks(appPid) - a0) / TICKS / seconds) * 100,
      postgres: ((postgresTicks() - p0) / TICKS / seconds) * 100,
      loader: ((l.user + l.system) / 1e6 / seconds) * 100,
    };
  };
}

// ---------------------------------------------------------------------------------------------
// The app's database connections during the load (pg_stat_activity, every 250 ms): are requests
// waiting for the pool, for locks, or for CPU?

interface Activity {
  samples: number;
  /** Mean connections of the app running a statement, and of those waiting on a lock. */
  active: number;
  lockWaits: number;
  /** Mean connections inside a transaction between statements (waiting for the app). */
  idleInTransaction: number;
  /** Share of samples with every pool connection busy (active or in a transaction). */
  allBusy: number;
}

async function activitySampler(url: string, appPid: number, poolSize: number): Promise<() => Promise<Activity>> {
  const client = new pg.Client({ connectionString: url, application_name: 'nytenk-soak-sampler' });
  client.on('error', () => undefined);
  await client.connect();
  const rows: { active: number; lock: number; idleTx: number }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const r = await client.query<{ state: string | null; wait: string | null; n: number }>(
          `select state, wait_event_type as wait, count(*)::int as n from pg_stat_activity where application_name = $1 group by 1, 2`,
          [`nytenk:${appPid}`],
        );
        const sum = (pred: (x: { state: string | null; wait: string | null }) => boolean) => r.rows.filter(pred).reduce((a, x) => a + x.n, 0);
        rows.push({ active: sum((x) => x.state === 'active'), lock: sum((x) => x.state === 'active' && x.wait === 'Lock'), idleTx: sum((x) => x.state === 'idle in transaction') });
      } catch {
        // the sampler is a witness, not a participant
      }
      await sleep(250);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    await client.end().catch(() => undefined);
    const mean = (f: (x: (typeof rows)[number]) => number) => (rows.length ? rows.reduce((a, x) => a + f(x), 0) / rows.length : Number.NaN);
    return {
      samples: rows.length,
      active: mean((x) => x.active),
      lockWaits: mean((x) => x.lock),
      idleInTransaction: mean((x) => x.idleTx),
      allBusy: mean((x) => (x.active + x.idleTx >= poolSize ? 1 : 0)),
    };
  };
}

/** A connection string for the embedded cluster of a data dir, without joining it as a Nytenk process. */
async function embeddedUrl(dataDir: string): Promise<string> {
  const l = _internals.layout(dataDir);
  const pm = await _internals.readPostmaster(l);
  const password = (await fs.readFile(l.passwordFile, 'utf8')).trim();
  return `postgres://nytenk:${encodeURIComponent(password)}@127.0.0.1:${pm!.port}/nytenk`;
}

/** Seconds Node takes to load the app's TypeScript sources (through tsx), measured by `nytenk --help`. */
function codeLoadSeconds(): number {
  const t0 = performance.now();
  execFileSync(process.execPath, [path.join(ROOT, 'bin/nytenk.js'), '--help'], { cwd: ROOT, stdio: 'ignore' });
  return (performance.now() - t0) / 1000;
}

// ---------------------------------------------------------------------------------------------
// A round

interface KillFigures {
  loadBeforeKill: LoadReport;
  restartMs: number;
  codeLoadSeconds: number;
  orphanReused: boolean | null;
  verify: VerifyReport;
  after: LoadReport | null;
  stopCode: number | null;
  postmasterStopped: boolean | null;
}

interface Round {
  label: string;
  version: string;
  fixture: { writers: number; publishedCases: number; cases: number };
  seedSeconds: number;
  coldStartMs: number;
  load: [number, number];
  cpu: Cpu;
  activity: Activity;
  poolSize: number;
  main: LoadReport;
  serverErrorLines: string[];
  kill: KillFigures;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function serverEnv(target: { databaseUrl?: string }): Record<string, string> {
  return {
    LOG_LEVEL: 'warn',
    // The per-session/token write limit (120 a minute) is for people; the soak's writers are machines.
    WRITE_RATE_LIMIT: '10000000',
    ...(settings.poolSize ? { DB_POOL_SIZE: settings.poolSize } : {}),
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
  };
}

/** Log lines at level error or fatal (pino: 50, 60) in a server's output. */
function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return false;
    }
  });
}

async function postmasterPid(dataDir: string): Promise<number | null> {
  return (await _internals.readPostmaster(_internals.layout(dataDir)))?.pid ?? null;
}

function printLoad(name: string, r: LoadReport) {
  log(`${name}: ${r.total.requests} requests in ${r.seconds.toFixed(1)} s (${r.total.rps.toFixed(0)}/s), errors ${r.total.errors}, cut ${r.total.cut}, p50 ${r.total.p50.toFixed(1)} ms, p95 ${r.total.p95.toFixed(1)} ms, p99 ${r.total.p99.toFixed(1)} ms`);
  for (const e of r.errors.slice(0, 10)) log(`  error ×${e.count}: ${e.reason} — ${e.sample.replace(/\s+/g, ' ').slice(0, 200)}`);
}

async function round(label: string, dataDir: string, databaseUrl: string | undefined): Promise<Round> {
  const config = loadConfig({ NYTENK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }, ROOT);
  let t0 = performance.now();
  const database = await openDatabase(config, { derived: registry().derivedFunctions, applicationName: 'nytenk-soak-seed' });
  let fixture: SoakFixture;
  let version: string;
  let cases: number;
  try {
    fixture = await seedSoak(database.db, { size: settings.size, writers: settings.clients * settings.writersPerClient, log: (m) => log(`${label}: ${m}`) });
    version = (await sql<{ v: string }>`select version() as v`.execute(database.db)).rows[0]!.v.replace(/ on .*/, '');
    cases = (await sql<{ n: number }>`select count(*)::int as n from cases`.execute(database.db)).rows[0]!.n;
  } finally {
    // Embedded: the last client out stops the postmaster; the server starts its own.
    await database.close();
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  const env = serverEnv({ databaseUrl });

  t0 = performance.now();
  let server: ServerProcess = await startServe(dataDir, env);
  const coldStartMs = performance.now() - t0;
  const killServer = (s: ServerProcess) => async () => {
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
  };
  let undo = onCleanup(`${label} server`, killServer(server));
  log(`${label}: ${version}; seeded in ${seedSeconds.toFixed(1)} s; server ready in ${(coldStartMs / 1000).toFixed(1)} s at ${server.baseUrl}`);

  const ledger = new Ledger();
  const load = new SoakLoad({ clients: settings.clients, fixture, ledger, writersPerClient: settings.writersPerClient });
  if (settings.warmup > 0) printLoad(`${label} warm-up`, await load.run(server.baseUrl, settings.warmup));

  const poolSize = Number(settings.poolSize ?? loadConfig({}).dbPoolSize);
  const loadBefore = os.loadavg()[0]!;
  const sampled = await activitySampler(databaseUrl ?? (await embeddedUrl(dataDir)), server.child.pid!, poolSize);
  const meter = cpuMeter(server.child.pid!);
  const main = await load.run(server.baseUrl, settings.seconds);
  const cpu = meter();
  const activity = await sampled();
  const loadAfter = os.loadavg()[0]!;
  printLoad(`${label} ${settings.seconds} s`, main);
  log(`${label}: CPU machine ${cpu.machine.toFixed(0)} %, app ${cpu.app.toFixed(0)} %, postgres ${cpu.postgres.toFixed(0)} %, load generator ${cpu.loader.toFixed(0)} % (of one core)`);
  log(`${label}: app connections (pool ${poolSize}): ${activity.active.toFixed(1)} running a statement (${activity.lockWaits.toFixed(2)} waiting on a lock), ${activity.idleInTransaction.toFixed(1)} idle in a transaction; all busy in ${(activity.allBusy * 100).toFixed(0)} % of ${activity.samples} samples`);

  // The kill -9, mid-load.
  const pmBefore = databaseUrl ? null : await postmasterPid(dataDir);
  const killed = load.run(server.baseUrl, settings.killAfter + 120);
  await sleep(settings.killAfter * 1000);
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGKILL');
  load.cut();
  const loadBeforeKill = await killed;
  await exited;
  const serverErrorLines = errorLines(server.output());
  undo();
  printLoad(`${label} until kill -9`, loadBeforeKill);

  t0 = performance.now();
  server = await startServe(dataDir, env);
  const restartMs = performance.now() - t0;
  undo = onCleanup(`${label} restarted server`, killServer(server));
  const pmAfter = databaseUrl ? null : await postmasterPid(dataDir);
  const orphanReused = databaseUrl ? null : pmBefore !== null && pmBefore === pmAfter;
  const codeLoad = codeLoadSeconds();
  log(`${label}: restarted after kill -9, ready in ${(restartMs / 1000).toFixed(2)} s${orphanReused === null ? '' : orphanReused ? ' (the orphaned postmaster reused)' : ' (a new postmaster)'}`);

  const verify = await verifyLedger(server.baseUrl, ledger, fixture.writers);
  log(`${label}: acknowledged ${verify.acknowledged.total} (creates ${verify.acknowledged.creates}, edits ${verify.acknowledged.edits}, comments ${verify.acknowledged.comments}, follows ${verify.acknowledged.follows}), present ${verify.present}, lost ${verify.lost} (checked in ${(verify.ms / 1000).toFixed(1)} s)`);
  for (const p of verify.problems.slice(0, 20)) log(`  ${p}`);

  const after = settings.afterSeconds > 0 ? await load.run(server.baseUrl, settings.afterSeconds) : null;
  if (after) printLoad(`${label} after restart`, after);
  serverErrorLines.push(...errorLines(server.output()));
  const stopCode = await stopGracefully(server);
  undo();
  let postmasterStopped: boolean | null = null;
  if (pmAfter !== null) {
    const deadline = Date.now() + 10_000;
    while (_internals.pidAlive(pmAfter) && Date.now() < deadline) await sleep(100);
    postmasterStopped = !_internals.pidAlive(pmAfter);
  }
  return {
    label,
    version,
    fixture: { writers: fixture.writers.length, publishedCases: fixture.caseIds.length, cases },
    seedSeconds,
    coldStartMs,
    load: [loadBefore, loadAfter],
    cpu,
    activity,
    poolSize,
    main,
    serverErrorLines,
    kill: { loadBeforeKill, restartMs, codeLoadSeconds: codeLoad, orphanReused, verify, after, stopCode, postmasterStopped },
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const int = (n: number) => n.toLocaleString('en').replace(/,/g, ' ');

function kindRow(k: KindFigures): string {
  const name = k.kind === 'all' ? '**all**' : KIND_LABELS[k.kind];
  return `| ${name} | ${int(k.requests)} | ${k.errors} | ${f1(k.p50)} | ${f1(k.p95)} | ${f1(k.p99)} | ${f1(k.max)} | ${k.rps.toFixed(1)} |`;
}

function roundMarkdown(r: Round): string[] {
  const k = r.kill;
  const v = k.verify;
  const lines = [
    `## ${r.label}: ${r.version}`,
    '',
    `- data: ${int(r.fixture.cases)} cases (${int(r.fixture.publishedCases)} published and public, read by the anonymous clients), ${r.fixture.writers} writers with API tokens; seeded in ${r.seedSeconds.toFixed(1)} s; server cold start ${(r.coldStartMs / 1000).toFixed(1)} s`,
    `- load average (1 min) ${r.load[0].toFixed(2)} before the measured minute, ${r.load[1].toFixed(2)} after`,
    `- CPU during the measured load, % of one core (2 cores = 200 %): whole machine ${r.cpu.machine.toFixed(0)}, the app ${r.cpu.app.toFixed(0)}, all postgres processes on the machine ${r.cpu.postgres.toFixed(0)}, the load generator ${r.cpu.loader.toFixed(0)}; the rest (${Math.max(0, r.cpu.machine - r.cpu.app - r.cpu.postgres - r.cpu.loader).toFixed(0)}) is other work on the machine`,
    `- the app's ${r.poolSize} pool connections (pg_stat_activity every 250 ms): on average ${r.activity.active.toFixed(1)} running a statement (${r.activity.lockWaits.toFixed(2)} of them waiting on a lock), ${r.activity.idleInTransaction.toFixed(1)} idle inside a transaction; all ${r.poolSize} busy in ${(r.activity.allBusy * 100).toFixed(0)} % of the samples`,
    '',
    `### ${r.main.clients} clients, ${r.main.seconds.toFixed(0)} s`,
    '',
    '| request | requests | errors | p50 ms | p95 ms | p99 ms | max ms | per s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.main.kinds.map(kindRow),
    kindRow(r.main.total),
    '',
    r.main.errors.length === 0 ? '**Errors: 0.**' : `**Errors: ${r.main.total.errors}.** ${r.main.errors.map((e) => `${e.count} × ${e.reason}`).join('; ')}`,
    Object.keys(r.main.substituted).length
      ? `Drawn kinds that ran as another: ${Object.entries(r.main.substituted).map(([k2, n]) => `${k2} ${n}`).join(', ')} (a client's writers at the comment limit of ${'10 per 10 min'} follow instead; an edit before the client has a case creates one).`
      : '',
    `Server log lines at level error or fatal (the whole round, both processes): ${r.serverErrorLines.length}.`,
    '',
    `### kill -9 of the server mid-load`,
    '',
    '| | |',
    '|---|---|',
    `| load before the kill | ${r.main.clients} clients, ${k.loadBeforeKill.seconds.toFixed(1)} s, ${int(k.loadBeforeKill.total.requests)} requests, ${k.loadBeforeKill.total.errors} errors before the kill |`,
    `| requests in flight, cut by the kill (not acknowledged) | ${k.loadBeforeKill.total.cut} |`,
    `| writes acknowledged in the round (warm-up, measured load, load until the kill) | ${int(v.acknowledged.total)}: ${int(v.acknowledged.creates)} case drafts, ${int(v.acknowledged.edits)} edits, ${int(v.acknowledged.comments)} comments, ${int(v.acknowledged.follows)} follows |`,
    `| present after the restart (read back through the API) | ${int(v.present)} |`,
    `| **lost** | **${v.lost}** |`,
    `| cases showing an edit cut by the kill (committed, never acknowledged) | ${v.unacknowledgedEditsCommitted} |`,
    `| restart to /health/ready 200 (process start included; loading the code alone, \`nytenk --help\`, takes ${k.codeLoadSeconds.toFixed(1)} s) | ${(k.restartMs / 1000).toFixed(2)} s${k.orphanReused === null ? '' : k.orphanReused ? '; the embedded postmaster orphaned by the kill was found and reused' : '; a new postmaster'} |`,
    k.after ? `| after the restart: ${r.main.clients} clients for ${k.after.seconds.toFixed(0)} s | ${int(k.after.total.requests)} requests, ${k.after.total.errors} errors, p50 ${f1(k.after.total.p50)} / p95 ${f1(k.after.total.p95)} / p99 ${f1(k.after.total.p99)} ms |` : '',
    `| SIGTERM of the restarted server | exit code ${k.stopCode}${k.postmasterStopped === null ? '' : k.postmasterStopped ? '; the embedded postmaster stopped with it' : '; **the embedded postmaster was left running**'} |`,
    '',
  ];
  if (v.problems.length) lines.push('Lost writes:', '', ...v.problems.slice(0, 30).map((p) => `- ${p}`), '');
  return lines.filter((l, i, a) => !(l === '' && a[i - 1] === ''));
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const targets: ('embedded' | 'server')[] = [];
  if (settings.embedded) targets.push('embedded');
  if (settings.serverUrl) targets.push('server');
  if (targets.length === 0) throw new Error('Nothing to do: SOAK_EMBEDDED=0 and no SOAK_DATABASE_URL.');
  const perRound = 240 + Math.ceil(settings.size / 1000) * 6 + settings.warmup + settings.seconds + settings.killAfter + settings.afterSeconds;
  const watchdog = setTimeout(() => exitAfterCleanup(3, `over the time budget of ${targets.length * perRound} s: stopping`), targets.length * perRound * 1000);
  watchdog.unref();

  const cpus = os.cpus();
  const loadStart = os.loadavg();
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  log(`${cpus[0]?.model.trim()}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; load average ${loadStart.map((l) => l.toFixed(2)).join(' ')}`);

  const rounds: Round[] = [];
  for (const target of targets) {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-soak-'));
    await fs.chmod(dataDir, 0o755);
    const removeDir = async () => {
      // A postmaster left by a failure (kill -9 of the server, then an error) would hold the folder.
      const pm = await postmasterPid(dataDir);
      if (pm !== null && _internals.pidAlive(pm)) {
        log(`stopping a postmaster left running in ${dataDir} (pid ${pm})`);
        process.kill(pm, 'SIGINT');
        for (let i = 0; i < 100 && _internals.pidAlive(pm); i++) await sleep(100);
      }
      await fs.rm(dataDir, { recursive: true, force: true });
    };
    const undoDir = onCleanup('data dir', removeDir);
    const name = `nytenk_soak_${process.pid}`;
    const adminQuery = async (text: string) => {
      const admin = new pg.Client(settings.serverUrl);
      await admin.connect();
      try {
        await admin.query(text);
      } finally {
        await admin.end();
      }
    };
    const dropDb = () => adminQuery(`drop database if exists ${name} with (force)`);
    let undoDb: (() => void) | undefined;
    let databaseUrl: string | undefined;
    if (target === 'server') {
      await dropDb();
      await adminQuery(`create database ${name}`);
      undoDb = onCleanup('database', dropDb);
      databaseUrl = withDatabase(settings.serverUrl!, name);
    }
    try {
      rounds.push(await round(target === 'embedded' ? 'Embedded PostgreSQL' : 'PostgreSQL server', dataDir, databaseUrl));
    } finally {
      if (undoDb) {
        undoDb();
        await dropDb();
      }
      undoDir();
      await removeDir();
    }
  }

  const loadEnd = os.loadavg();
  const failed = rounds.filter((r) => r.main.total.errors > 0 || r.kill.verify.lost > 0 || (r.kill.after?.total.errors ?? 0) > 0 || r.kill.stopCode !== 0 || r.kill.postmasterStopped === false);
  const md = [
    '# Soak: load and faults (`npm run soak`)',
    '',
    `- run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}; machine: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}; node ${process.version}`,
    `- load average (1 / 5 / 15 min) at the start ${loadStart.map((l) => l.toFixed(2)).join(' / ')}, at the end ${loadEnd.map((l) => l.toFixed(2)).join(' / ')} (other sessions' work on the machine counts in it)`,
    `- ${settings.clients} concurrent clients on loopback (closed loops, no think time, keep-alive; one process, node:http), ${settings.warmup} s warm-up, then ${settings.seconds} s measured; the server is \`node bin/nytenk.js serve\` as a child process with LOG_LEVEL=warn, background jobs on, WRITE_RATE_LIMIT raised for the writers, DB_POOL_SIZE ${settings.poolSize ?? '10 (default)'}`,
    `- mix: about 55 % anonymous page reads, 23 % API reads, 19 % API writes by ${settings.writersPerClient} writers per client (members of Oslo, Asker, Bergen, NAV and Bærum, each with a token): case drafts, edits of the client's own drafts, questions on published cases, follows`,
    `- an error is any answer other than the route's success status, a network error or a 30 s timeout; the kill -9 phase's requests in flight at the kill are counted apart (cut, not acknowledged)`,
    `- result: ${failed.length === 0 ? '**passed** (zero errors, no acknowledged write lost)' : `**failed** (${failed.map((r) => r.label).join(', ')})`}`,
    '',
    ...rounds.flatMap(roundMarkdown),
  ].join('\n');
  await fs.writeFile(path.join(ROOT, 'bench/results/latest-soak.md'), md + '\n');
  console.log(md);
  log(failed.length === 0 ? 'passed' : `FAILED: ${failed.map((r) => r.label).join(', ')}`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => exitAfterCleanup(code, 'done'),
  (err: unknown) => exitAfterCleanup(1, `failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
);
