import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Db } from '../../src/db/database.js';
import { withDatabase } from '../../src/db/embedded.js';
import type { DataTarget } from '../global-setup.js';

export type { DataTarget };

/** Every database target of this run: always the embedded PostgreSQL, plus TEST_DATABASE_URL's server. */
export function dataTargets(): DataTarget[] {
  return inject('dataTargets');
}

export interface TestDatabase {
  url: string;
  db: Db;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template (reference data loaded), private to the caller. */
export async function createTestDatabase(target: DataTarget): Promise<TestDatabase> {
  const name = `nytenk_t_${randomBytes(4).toString('hex')}_${inject('dataTargets').length ? process.ppid : 0}`;
  const admin = new pg.Client(target.adminUrl);
  await admin.connect();
  try {
    await admin.query(`create database ${admin.escapeIdentifier(name)} template ${admin.escapeIdentifier(target.template)}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(target.adminUrl, name);
  const { db, pool } = await connect(url, 5);
  return {
    url,
    db,
    pool,
    drop: async () => {
      await db.destroy();
      const a = new pg.Client(target.adminUrl);
      await a.connect();
      try {
        await a.query(`drop database if exists ${a.escapeIdentifier(name)} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
