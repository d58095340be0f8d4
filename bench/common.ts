/** What the benchmarks share: settings from the environment, the machine line, one round per database. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { withDatabase } from '../src/db/embedded.js';

/** An integer setting from the environment, within bounds; a bad value stops the run with its name. */
export function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer in ${min}..${max}, not "${raw}"`);
  return v;
}

/** «AMD EPYC …, 2 cores, 23.5 GiB RAM; node v20…»: the machine every figure of a run belongs to. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; node ${process.version}`;
}

/**
 * Runs `round` on the embedded PostgreSQL (a fresh data dir, unless BENCH_EMBEDDED=0) and then on
 * the server in BENCH_DATABASE_URL when set (a database `<prefix>_<hex>` created for it and dropped
 * afterwards). `round` gets the label, the database URL (undefined: embedded) and a data dir.
 */
export async function eachDatabase<T>(prefix: string, round: (label: string, databaseUrl: string | undefined, dataDir: string) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  if (process.env.BENCH_EMBEDDED !== '0') {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), `${prefix.replace(/_/g, '-')}-`));
    await fs.chmod(dir, 0o755);
    try {
      out.push(await round('embedded PostgreSQL', undefined, dir));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) {
    const name = `${prefix}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client(serverUrl);
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      out.push(await round('PostgreSQL server', withDatabase(serverUrl, name), os.tmpdir()));
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
  return out;
}
