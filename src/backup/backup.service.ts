/**
 * `nytenk backup` and `nytenk restore`: a logical backup written in-process, because the embedded
 * PostgreSQL ships no pg_dump (and a server's pg_dump may not match its version).
 *
 * Backup: one connection, one `repeatable read, read only` transaction (a consistent snapshot while
 * the app keeps running), the applied migrations (the schema *is* the migrations), then every
 * application table through `COPY … TO STDOUT` in text format, streamed into the framed gzip file
 * of backup.format.ts with row counts and sha256 checksums.
 *
 * Restore: backup.restore.ts.
 *
 * Not in the file: what the features' manifests leave out (`backup.leaveOut`: sign-in cookies are
 * credentials; everyone signs in again after a restore). Kept: password hashes, API token hashes and barometer link-token hashes, so accounts,
 * integrations and survey links keep working after a move — the file is as sensitive as the database.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { appliedMigrations, dependencyOrder, listForeignKeys, listTables, qualified, readSequences, setPortableFormats, type CatalogTable, type ForeignKey } from './backup.catalog.js';
import { BACKUP_FORMAT, BACKUP_VERSION, jsonFrame, TableDataEncoder, type BackupHeader, type TableSummary } from './backup.format.js';

/** How the server lowercases non-ASCII letters: a restore onto a server that does it otherwise is warned about. */
export const LOWERCASE_PROBE = `lower('ÆØÅÉ')`;

/**
 * Tables whose rows a backup leaves out (restored empty): those the features name (sign-in sessions
 * and sign-ins in flight — state, nonce, PKCE verifier — are credentials with a short life), and
 * tables that reference one of them (oidc_sessions: a session's ID token), found by their foreign keys.
 */
function excludedTables(leaveOut: readonly string[], tables: string[], keys: ForeignKey[]): Set<string> {
  const out = new Set(leaveOut.filter((t) => tables.includes(t)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const k of keys) {
      if (out.has(k.references) && !out.has(k.table)) {
        out.add(k.table);
        grew = true;
      }
    }
  }
  return out;
}

export interface TableProgress {
  table: string;
  /** 1-based position among `tables`. */
  index: number;
  tables: number;
  rows: number;
  bytes: number;
  done: boolean;
}

export interface BackupOptions {
  /** Tables whose rows are left out (the features' `backup.leaveOut`, from the registry). */
  leaveOut: readonly string[];
  onProgress?: (p: TableProgress) => void;
  /** gzip level 1–9 (default 6). */
  level?: number;
}

export interface BackupResult {
  header: BackupHeader;
  tables: TableSummary[];
  rows: number;
  sequences: number;
}

/** Writes a backup of the database behind `pool` to `destination` (which it ends). */
export async function writeBackup(pool: pg.Pool, destination: Writable, options: BackupOptions): Promise<BackupResult> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('begin isolation level repeatable read, read only');
    await setPortableFormats(client);
    const migrations = await appliedMigrations(client);
    if (!migrations) throw new BackupError('This database has no Nytenk schema (no schema_migrations table): nothing to back up.');
    const catalog = await listTables(client);
    const keys = await listForeignKeys(client);
    const byName = new Map(catalog.map((t) => [t.name, t]));
    const excluded = excludedTables(options.leaveOut, catalog.map((t) => t.name), keys);
    const order = dependencyOrder(
      catalog.map((t) => t.name).filter((n) => !excluded.has(n)),
      keys,
    );
    const { server, lowercase } = (await client.query<{ server: string; lowercase: string }>(`select current_setting('server_version') as server, ${LOWERCASE_PROBE} as lowercase`)).rows[0]!;
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      source: { server: `PostgreSQL ${server}`, lowercase },
      migrations,
      tables: order.map((name) => ({ name, columns: byName.get(name)!.columns })),
      excluded: [...excluded].sort(),
    };
    const summaries: TableSummary[] = [];
    let sequenceCount = 0;

    async function* frames(): AsyncGenerator<Buffer> {
      yield jsonFrame('H', header);
      for (const [i, { name, columns }] of header.tables.entries()) {
        yield jsonFrame('T', { name, columns });
        const table = byName.get(name)!;
        const stream = client.query(copyTo(copyOutSql(client, table)));
        const encoder = new TableDataEncoder();
        let lastReport = 0;
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          yield* encoder.push(chunk);
          if (options.onProgress && encoder.bytes - lastReport > 4 * 1024 * 1024) {
            lastReport = encoder.bytes;
            options.onProgress({ table: name, index: i + 1, tables: header.tables.length, rows: encoder.rows, bytes: encoder.bytes, done: false });
          }
        }
        const { frames: last, summary } = encoder.finish(name);
        yield* last;
        if (stream.rowCount !== summary.rows) {
          throw new BackupError(`Table ${name}: PostgreSQL sent ${stream.rowCount} rows but ${summary.rows} were counted.`);
        }
        summaries.push(summary);
        yield jsonFrame('E', summary);
        options.onProgress?.({ table: name, index: i + 1, tables: header.tables.length, rows: summary.rows, bytes: summary.bytes, done: true });
      }
      // Read last: a sequence is not part of the snapshot, and a later value is never too small
      // for the rows the snapshot holds (a gap in ids is harmless).
      const sequences = await readSequences(client);
      sequenceCount = sequences.length;
      yield jsonFrame('Z', { tables: summaries, sequences });
    }

    await pipeline(Readable.from(frames(), { objectMode: false }), createGzip({ level: options.level ?? 6 }), destination);
    await client.query('commit');
    return { header, tables: summaries, rows: summaries.reduce((n, t) => n + t.rows, 0), sequences: sequenceCount };
  } catch (err) {
    failure = err as Error;
    throw err;
  } finally {
    // A connection left in the middle of a COPY is closed, not returned to the pool.
    client.release(failure);
  }
}

function copyOutSql(client: pg.ClientBase, table: CatalogTable): string {
  const cols = table.columns.map((c) => client.escapeIdentifier(c)).join(', ');
  // In primary-key order: two backups of the same content are the same bytes.
  const order = table.primaryKey.length ? ` order by ${table.primaryKey.map((c) => client.escapeIdentifier(c)).join(', ')}` : '';
  return `copy (select ${cols} from ${qualified(client, table.name)}${order}) to stdout`;
}

/** Backs up to a file: written under a temporary name and renamed when complete, mode 0600. */
export async function backupToFile(pool: pg.Pool, file: string, options: BackupOptions): Promise<BackupResult & { fileBytes: number }> {
  if (file === '-') return { ...(await writeBackup(pool, process.stdout, options)), fileBytes: 0 };
  const partial = `${file}.partial-${process.pid}`;
  try {
    const result = await writeBackup(pool, createWriteStream(partial, { mode: 0o600 }), options);
    await fs.rename(partial, file);
    return { ...result, fileBytes: (await fs.stat(file)).size };
  } catch (err) {
    await fs.rm(partial, { force: true });
    throw err;
  }
}

/** A backup that could not be made; the message says why. */
export class BackupError extends Error {}

