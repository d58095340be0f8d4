import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { acquireEmbeddedPostgres, withDatabase, type EmbeddedPostgresHandle } from '../src/db/embedded.js';
import { connect } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { loadReferenceData } from '../src/orgs/reference.js';
import { loadLosConcepts } from '../src/themes/themes.service.js';
import { registry } from '../src/modules.js';

/** A database server the data tests run against: the embedded one always, a server when configured. */
export interface DataTarget {
  name: 'embedded' | 'server';
  /** Connection string to a maintenance database on the server (creates and drops test databases). */
  adminUrl: string;
  /** A migrated database with the reference data and the LOS themes loaded, cloned for every test file. */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    dataTargets: DataTarget[];
    embeddedDataDir: string;
  }
}

async function prepareTemplate(adminUrl: string, template: string): Promise<void> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${admin.escapeIdentifier(template)}`);
    await admin.query(`create database ${admin.escapeIdentifier(template)}`);
  } finally {
    await admin.end();
  }
  const { db, pool } = await connect(withDatabase(adminUrl, template), 2);
  try {
    await migrate(pool, registry().derivedFunctions);
    await loadReferenceData(db);
    await loadLosConcepts(db);
  } finally {
    await db.destroy();
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-test-'));
  await fs.chmod(dataDir, 0o755);
  let embedded: EmbeddedPostgresHandle | undefined = await acquireEmbeddedPostgres({ dataDir, database: 'postgres' });
  const targets: DataTarget[] = [];
  const template = `nytenk_template_${process.pid}`;
  const embeddedAdmin = withDatabase(embedded.url, 'postgres');
  await prepareTemplate(embeddedAdmin, template);
  targets.push({ name: 'embedded', adminUrl: embeddedAdmin, template });

  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    await prepareTemplate(serverUrl, template);
    targets.push({ name: 'server', adminUrl: serverUrl, template });
  }
  project.provide('dataTargets', targets);
  project.provide('embeddedDataDir', dataDir);

  return async () => {
    if (serverUrl) {
      const admin = new pg.Client(serverUrl);
      await admin.connect();
      try {
        // Test databases left behind by a failed file, and the template.
        const { rows } = await admin.query<{ datname: string }>(
          `select datname from pg_database where datname like 'nytenk_t%' and datname like $1`,
          [`%_${process.pid}%`],
        );
        for (const { datname } of rows) await admin.query(`drop database if exists ${admin.escapeIdentifier(datname)} with (force)`);
      } finally {
        await admin.end();
      }
    }
    await embedded?.release();
    embedded = undefined;
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
