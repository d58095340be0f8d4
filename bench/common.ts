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

/**
 * Clean-up on every way out of a benchmark (done, Ctrl-C, the watchdog, a failure): servers,
 * postmasters, databases, folders. `onCleanup` registers (and returns the undo of the
 * registration); `cleanupAll` runs what is registered, newest first, each once, a failure logged
 * and never fatal; `exitAfterCleanup` cleans up and exits (hard after 30 s). SIGINT, SIGTERM and
 * SIGHUP exit through it.
 */
export function cleanupRegistry(log: (message: string) => void) {
  const cleanups: { name: string; fn: () => Promise<void> }[] = [];
  let cleaning: Promise<void> | undefined;
  const onCleanup = (name: string, fn: () => Promise<void>): (() => void) => {
    const entry = { name, fn };
    cleanups.push(entry);
    return () => {
      const i = cleanups.indexOf(entry);
      if (i >= 0) cleanups.splice(i, 1);
    };
  };
  const cleanupAll = (): Promise<void> => {
    cleaning ??= (async () => {
      while (cleanups.length > 0) {
        const { name, fn } = cleanups.pop()!;
        await fn().catch((err: unknown) => log(`clean-up "${name}" failed: ${String(err)}`));
      }
    })();
    return cleaning;
  };
  const exitAfterCleanup = (code: number, why: string): void => {
    log(why);
    setTimeout(() => process.exit(code), 30_000).unref();
    void cleanupAll().finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => exitAfterCleanup(130, `${signal}: stopping and cleaning up`));
  return { onCleanup, cleanupAll, exitAfterCleanup };
}
