/**
 * `npm run bench:backup`: backup and restore time, file size and the process's peak memory for a
 * database of N generated cases (default 10,000; BENCH_CASES), on the embedded PostgreSQL (a
 * temporary data dir) and on BENCH_DATABASE_URL's server (a database made for the run). The peak
 * RSS shows whether backup and restore stream (it should not grow with N). Writes
 * bench/results/latest-backup.md.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect } from '../src/db/database.js';
import { acquireEmbeddedPostgres, withDatabase } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { loadReferenceData } from '../src/orgs/reference.js';
import { loadLosConcepts } from '../src/themes/themes.service.js';
import { backupToFile } from '../src/backup/backup.service.js';
import { restoreFromFile } from '../src/backup/backup.restore.js';
import { registry } from '../src/modules.js';
import { createWorld, generateCases, insertCases, insertWorld } from './generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const log = (m: string) => process.stderr.write(`[backup] ${m}\n`);

/** Peak RSS during a step, and how much it grew over the RSS at its start. */
function peakRss() {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return `${(peak / 1024 / 1024).toFixed(0)} MB (+${((peak - start) / 1024 / 1024).toFixed(0)})`;
    },
  };
}

async function createDb(adminUrl: string, name: string) {
  const a = new pg.Client(adminUrl);
  await a.connect();
  const d = (await a.query('select to_jsonb(d) as d from pg_database d where datname = current_database()')).rows[0].d;
  const lit = (v: string) => a.escapeLiteral(v);
  const provider = d.datlocprovider === 'b' ? ` locale_provider builtin builtin_locale ${lit(d.datlocale)}` : '';
  await a.query(`create database ${a.escapeIdentifier(name)} template template0 encoding 'UTF8' lc_collate ${lit(d.datcollate)} lc_ctype ${lit(d.datctype)}${provider}`);
  await a.end();
  return withDatabase(adminUrl, name);
}

async function dropDb(adminUrl: string, name: string) {
  const a = new pg.Client(adminUrl);
  await a.connect();
  await a.query(`drop database if exists ${a.escapeIdentifier(name)} with (force)`);
  await a.end();
}

async function run(label: string, adminUrl: string): Promise<string> {
  const tag = randomBytes(3).toString('hex');
  const src = `nytenk_bench_backup_src_${tag}`;
  const dst = `nytenk_bench_backup_dst_${tag}`;
  const file = path.join(os.tmpdir(), `nytenk-bench-${tag}.backup`);
  try {
    const source = await connect(await createDb(adminUrl, src), 4);
    await migrate(source.pool, registry().derivedFunctions);
    await loadReferenceData(source.db);
    await loadLosConcepts(source.db);
    const world = await createWorld({ size: CASES, seed: 'bench-backup' });
    await insertWorld(source.db, world);
    await insertCases(source.db, generateCases(world, CASES));
    log(`${label}: ${CASES} cases loaded`);

    let mem = peakRss();
    let t = performance.now();
    const made = await backupToFile(source.pool, file, { leaveOut: registry().backupLeaveOut });
    const backupS = (performance.now() - t) / 1000;
    const backupRss = mem.stop();
    await source.db.destroy();

    const target = await connect(await createDb(adminUrl, dst), 4);
    mem = peakRss();
    t = performance.now();
    const restored = await restoreFromFile(target.pool, file);
    const restoreS = (performance.now() - t) / 1000;
    const restoreRss = mem.stop();
    await target.db.destroy();

    const raw = made.tables.reduce((n, x) => n + x.bytes, 0);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    const line = `| ${label} | ${CASES} | ${made.rows} | ${mb(raw)} MB | ${mb(made.fileBytes)} MB | ${backupS.toFixed(1)} s | ${backupRss} | ${restoreS.toFixed(1)} s | ${restoreRss} | ${restored.triggers} |`;
    log(line);
    return line;
  } finally {
    await fs.rm(file, { force: true });
    await dropDb(adminUrl, src).catch(() => undefined);
    await dropDb(adminUrl, dst).catch(() => undefined);
  }
}

const lines: string[] = [];
if (process.env.BENCH_EMBEDDED !== '0') {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-bench-backup-'));
  await fs.chmod(dir, 0o755);
  const embedded = await acquireEmbeddedPostgres({ dataDir: dir, database: 'postgres' });
  try {
    lines.push(await run('embedded', withDatabase(embedded.url, 'postgres')));
  } finally {
    await embedded.release();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
if (process.env.BENCH_DATABASE_URL) lines.push(await run('server', process.env.BENCH_DATABASE_URL));

const report = [
  `# Backup and restore (${new Date().toISOString()}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)})`,
  '',
  'Peak RSS is the whole bench process (generator data included), sampled every 20 ms during the step; in brackets, its growth over the step.',
  '',
  '| database | cases | rows | COPY data | file (gzip) | backup | peak RSS | restore | peak RSS | triggers |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...lines,
  '',
].join('\n');
await fs.writeFile(path.join(ROOT, 'bench/results/latest-backup.md'), report);
process.stdout.write(report);
