import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { installDerivedSql, type DerivedFunction } from './derived.js';

/** The folder of timestamped plain-SQL migrations; forward only, never edited once landed. */
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Any fixed number: every Nytenk process takes the same advisory lock, so two processes starting at
// once never apply the same migration twice.
export const MIGRATION_LOCK = 4_711_2026;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await fs.readFile(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {}

/**
 * Applies every pending migration, each in its own transaction, under an advisory lock, then
 * installs the derived functions (the features' `database.derived`, from the registry: the caller,
 * a composition root, passes them).
 */
export async function migrate(pool: pg.Pool, derived: readonly DerivedFunction[], dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = await listMigrations(dir);
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`create table if not exists schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations')).rows.map(
        (r) => [r.name, r.checksum],
      ),
    );
    for (const [name, checksum] of done) {
      const file = files.find((f) => f.name === name);
      if (file && file.checksum !== checksum) {
        throw new MigrationError(`Migration ${name} was changed after it was applied; add a new migration instead.`);
      }
    }
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file.name)) continue;
      try {
        await client.query('begin');
        await client.query(file.sql);
        await client.query('insert into schema_migrations (name, checksum) values ($1, $2)', [file.name, file.checksum]);
        await client.query('commit');
        applied.push(file.name);
      } catch (err) {
        await client.query('rollback');
        throw new MigrationError(`Migration ${file.name} failed: ${(err as Error).message}`);
      }
    }
    // Functions derived from TypeScript rules (src/db/derived.ts), once the schema they read is there.
    if (dir === MIGRATIONS_DIR) await installDerivedSql(client, derived);
    return { applied, alreadyApplied: done.size };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** True when every migration file has been applied (readiness). */
export async function isMigrated(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<boolean> {
  const files = await listMigrations(dir);
  const rows = await pool
    .query<{ name: string }>('select name from schema_migrations')
    .then((r) => r.rows)
    .catch(() => [] as { name: string }[]);
  const done = new Set(rows.map((r) => r.name));
  return files.every((f) => done.has(f.name));
}
