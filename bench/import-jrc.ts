/**
 * `npm run bench:import`: the JRC import (issue 4: 853 cases in under 10 s) as a user runs it, the
 * real CLI in a child process. Per database: a first run into an empty, migrated database (every case
 * created), then a second run (nothing changes). It reports the import's own time (from the CLI's
 * summary line) and the whole command's wall time (process start, embedded PostgreSQL start and
 * stop included), and writes bench/results/latest-import.md.
 *
 * Environment (optional):
 *   BENCH_DATABASE_URL  a PostgreSQL server for a second round (a database is created and dropped)
 *   BENCH_EMBEDDED      0 to skip the embedded round
 *   BENCH_IMPORT_RUNS   first-run repetitions per database (each into a fresh database)   default 3
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDatabase } from '../src/db/embedded.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CSV = path.join(root, 'resources/cases/jrc-ips-explorer-cases.csv');
const CLI = path.join(root, 'bin/nytenk.js');

interface Run {
  wallSeconds: number;
  importSeconds: number;
  summary: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!env.DATABASE_URL) delete merged.DATABASE_URL;
    const child = spawn(process.execPath, [CLI, ...args], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`nytenk ${args.join(' ')} exited ${code}:\n${out.slice(-2000)}`));
      const summary = out.split('\n').find((l) => l.startsWith('Imported ')) ?? '';
      const importSeconds = Number(/\(([0-9.]+) s\)/.exec(summary)?.[1] ?? Number.NaN);
      resolve({ wallSeconds, importSeconds, summary });
    });
  });
}

const importArgs = ['import', 'cases', CSV, '--format', 'jrc'];

async function embeddedRound(): Promise<{ first: Run; second: Run }[]> {
  const rounds: { first: Run; second: Run }[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-bench-import-'));
    await fs.chmod(dir, 0o755); // running as root, the embedded PostgreSQL runs as "postgres" and must enter it
    try {
      const env = { NYTENK_DATA_DIR: dir };
      // Create, migrate and load reference data first, so the timed run is the import alone.
      await cli(['migrate'], env);
      const first = await cli(importArgs, env);
      const second = await cli(importArgs, env);
      rounds.push({ first, second });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
  return rounds;
}

async function serverRound(url: string): Promise<{ first: Run; second: Run }[]> {
  const rounds: { first: Run; second: Run }[] = [];
  for (let i = 0; i < runs; i++) {
    const name = `nytenk_bench_import_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client(url);
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const env = { DATABASE_URL: withDatabase(url, name) };
      await cli(['migrate'], env);
      const first = await cli(importArgs, env);
      const second = await cli(importArgs, env);
      rounds.push({ first, second });
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
  return rounds;
}

const runs = Number(process.env.BENCH_IMPORT_RUNS ?? 3);
const fmt = (n: number) => n.toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const cpus = os.cpus();
const lines: string[] = [
  '### JRC import benchmark (`npm run bench:import`)',
  '',
  `- run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  `- machine: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}; load average ${os.loadavg()[0]!.toFixed(2)} before measuring`,
  `- node ${process.version}; file: resources/cases/jrc-ips-explorer-cases.csv (853 cases); ${runs} first runs per database, each into a fresh migrated database`,
  '',
  '| database | first run: import s (median, min–max) | first run: whole command s | second run: import s | second run result |',
  '|---|---:|---:|---:|---|',
];

const targets: [string, () => Promise<{ first: Run; second: Run }[]>][] = [];
if (process.env.BENCH_EMBEDDED !== '0') targets.push(['embedded PostgreSQL', embeddedRound]);
if (process.env.BENCH_DATABASE_URL) targets.push(['PostgreSQL server', () => serverRound(process.env.BENCH_DATABASE_URL!)]);
for (const [label, round] of targets) {
  console.log(`${label}: ${runs} runs …`);
  const rs = await round();
  const firsts = rs.map((r) => r.first.importSeconds);
  const walls = rs.map((r) => r.first.wallSeconds);
  const seconds = rs.map((r) => r.second.importSeconds);
  const result = /([0-9]+ created, [0-9]+ updated, [0-9]+ unchanged)/.exec(rs[0]!.second.summary)?.[1] ?? rs[0]!.second.summary;
  lines.push(`| ${label} | ${fmt(median(firsts))} (${fmt(Math.min(...firsts))}–${fmt(Math.max(...firsts))}) | ${fmt(median(walls))} | ${fmt(median(seconds))} | ${result} |`);
}
lines.push('', `Load average after: ${os.loadavg()[0]!.toFixed(2)}.`);
const table = lines.join('\n');
console.log(table);
await fs.writeFile(path.join(root, 'bench/results/latest-import.md'), `${table}\n`);
