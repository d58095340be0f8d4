import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { acquireEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded.js';
import type { DerivedFunction } from './derived.js';
import { migrate, type MigrationResult } from './migrate.js';
import { PreparingClient } from './prepared.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;
/** Query modules take either the database or a transaction. */
export type DbOrTrx = Kysely<DB> | Transaction<DB>;

// bigint (int8) ids come back as strings by default; counts and ids fit in a JS number only up
// to 2^53, so ids stay strings and counts are cast to int in SQL.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// A calendar date stays the string PostgreSQL gives ('2026-11-27'): no time zone may shift it.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/**
 * Counts the SQL statements issued inside a scope and the time they took (tests assert list pages
 * make a fixed number; the search reports its SQL time in a Server-Timing header). Scopes nest:
 * a statement counts in every enclosing scope.
 */
export interface QueryScope {
  count: number;
  ms?: number;
  parent?: QueryScope | undefined;
}
export const queryCounter = new AsyncLocalStorage<QueryScope>();

/** Runs `fn`, counting its statements and their time (round trips included). */
export async function countQueries<T>(fn: () => Promise<T>): Promise<{ value: T; count: number; ms: number }> {
  const scope: QueryScope = { count: 0, ms: 0, parent: queryCounter.getStore() };
  const value = await queryCounter.run(scope, fn);
  return { value, count: scope.count, ms: scope.ms ?? 0 };
}

export interface Database {
  db: Db;
  pool: pg.Pool;
  /** Where the data lives, for logs: "embedded (<dir>)" or the server's host. */
  description: string;
  embedded: EmbeddedPostgresHandle | undefined;
  migrations: MigrationResult;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** The functions the migrator installs after the migrations (the registry's `derivedFunctions`). */
  derived: readonly DerivedFunction[];
  log?: (message: string) => void;
  runMigrations?: boolean;
  applicationName?: string;
}

/** Opens the configured database (server or embedded), runs pending migrations, returns handles. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'>,
  options: OpenOptions,
): Promise<Database> {
  const log = options.log ?? (() => undefined);
  let embedded: EmbeddedPostgresHandle | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await acquireEmbeddedPostgres({ dataDir: config.dataDir, log });
    url = embedded.url;
  }
  try {
    const database = await connect(url, config.dbPoolSize, options.applicationName ?? `nytenk:${process.pid}`);
    const migrations =
      options.runMigrations === false ? { applied: [], alreadyApplied: 0 } : await migrate(database.pool, options.derived);
    if (migrations.applied.length > 0) log(`applied migrations: ${migrations.applied.join(', ')}`);
    const description = embedded ? `embedded PostgreSQL (${config.dataDir})` : redact(url);
    return {
      ...database,
      description,
      embedded,
      migrations,
      close: async () => {
        await database.db.destroy();
        await embedded?.release();
      },
    };
  } catch (err) {
    await embedded?.release();
    throw err;
  }
}

/** A Kysely instance over a pg pool for `url`. */
export async function connect(url: string, poolSize = 10, applicationName = 'nytenk'): Promise<{ db: Db; pool: pg.Pool }> {
  const pool = new pg.Pool({
    // Sends the queries marked with prepare() as named prepared statements (db/prepared.ts).
    Client: PreparingClient,
    connectionString: url,
    max: poolSize,
    application_name: applicationName,
    connectionTimeoutMillis: 5_000,
    // A runaway query must not hold a connection for ever.
    statement_timeout: 30_000,
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      for (let scope = queryCounter.getStore(); scope; scope = scope.parent) {
        scope.count++;
        scope.ms = (scope.ms ?? 0) + event.queryDurationMillis;
      }
    },
  });
  return { db, pool };
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
