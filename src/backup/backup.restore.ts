/**
 * `nytenk restore`: a backup of backup.service.ts back into an empty database (or, with `force`, one
 * whose content is to be replaced), in ONE transaction, so a failure of any kind leaves the database
 * as it was: apply the backup's migrations, empty every table, COPY each table back with triggers off
 * (derived tables — search stamps, partner profiles, barometer counts — are restored as they were,
 * not recomputed), set every sequence to its saved value, check every table's rows and checksum
 * against the file, commit. Migrations newer than the backup are applied afterwards, as at any start.
 */
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { listMigrations, MIGRATION_LOCK, type MigrationFile } from '../db/migrate.js';
import { appliedMigrations, listForeignKeys, listTables, nonEmptyTables, qualified, setPortableFormats } from './backup.catalog.js';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupFormatError, readFrames, type BackupHeader, type Frame, type TableSummary } from './backup.format.js';
import { LOWERCASE_PROBE, type TableProgress } from './backup.service.js';

/** The restore was refused before anything was changed (wrong target, unknown migrations). */
export class RestoreRefused extends Error {}

/** The restore failed and was rolled back: the database is as it was. */
export class RestoreFailed extends Error {}

export interface RestoreOptions {
  /** Replace the content of a database that already holds data. */
  force?: boolean;
  onProgress?: (p: TableProgress) => void;
  /** Where the migrations live (tests). */
  migrations?: MigrationFile[];
}

export interface RestoreResult {
  header: BackupHeader;
  tables: TableSummary[];
  rows: number;
  sequences: number;
  /** Migrations of the backup that were applied to the target before loading. */
  migrationsApplied: string[];
  /** How triggers were kept from recomputing derived tables. */
  triggers: 'replica' | 'owner';
  /** Tables that held rows before (only with force). */
  replaced: string[];
  /** Things the operator should know; the restore went through. */
  warnings: string[];
}

/** Restores a backup (gzip'd bytes from `source`) into the database behind `pool`. */
export async function restoreBackup(pool: pg.Pool, source: Readable, options: RestoreOptions = {}): Promise<RestoreResult> {
  const gunzip = createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  const frames = readFrames(gunzip);
  try {
    return await restoreFrames(pool, frames, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new RestoreFailed(`The backup file is damaged or truncated (${(err as Error).message}).`);
    }
    throw err;
  } finally {
    source.unpipe(gunzip);
    source.destroy();
    gunzip.destroy();
  }
}

export async function restoreFromFile(pool: pg.Pool, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  if (file === '-') return restoreBackup(pool, process.stdin, options);
  await fs.access(file).catch(() => {
    throw new RestoreRefused(`No such file: ${file}`);
  });
  return restoreBackup(pool, createReadStream(file), options);
}

async function next(frames: AsyncGenerator<Frame>): Promise<Frame | undefined> {
  const r = await frames.next();
  return r.done ? undefined : r.value;
}

function checkHeader(header: BackupHeader, known: MigrationFile[]): void {
  if (header.format !== BACKUP_FORMAT) throw new RestoreRefused('This is not a Nytenk backup file.');
  if (header.version > BACKUP_VERSION) {
    throw new RestoreRefused(`The backup is in format version ${header.version}, made by a newer Nytenk; this one reads version ${BACKUP_VERSION}. Upgrade Nytenk first.`);
  }
  const byName = new Map(known.map((m) => [m.name, m]));
  const unknown = header.migrations.filter((m) => !byName.has(m.name)).map((m) => m.name);
  if (unknown.length) {
    throw new RestoreRefused(
      `The backup was made by a newer Nytenk: it has migrations this version does not know (${unknown.join(', ')}). Restore it with that version or a newer one.`,
    );
  }
  const changed = header.migrations.filter((m) => byName.get(m.name)!.checksum !== m.checksum).map((m) => m.name);
  if (changed.length) throw new RestoreRefused(`The backup's migrations differ from this version's: ${changed.join(', ')}.`);
}

async function restoreFrames(pool: pg.Pool, frames: AsyncGenerator<Frame>, options: RestoreOptions): Promise<RestoreResult> {
  const first = await next(frames);
  if (first?.kind !== 'H') throw new BackupFormatError('This is not a Nytenk backup file.');
  const header = first.header;
  const known = options.migrations ?? (await listMigrations());
  checkHeader(header, known);

  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('begin');
    await setPortableFormats(client);
    // The same lock as the migrator: no Nytenk process migrates this database while we do.
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const { encoding, lowercase } = (
      await client.query<{ encoding: string; lowercase: string }>(`select current_setting('server_encoding') as encoding, ${LOWERCASE_PROBE} as lowercase`)
    ).rows[0]!;
    if (encoding !== 'UTF8') throw new RestoreRefused(`The database's encoding is ${encoding}; Nytenk needs UTF8 (create it with ENCODING 'UTF8').`);
    const warnings: string[] = [];
    if (header.source.lowercase !== undefined && header.source.lowercase !== lowercase) {
      warnings.push(
        `This database lowercases letters differently from the one backed up (lower('ÆØÅÉ') is '${lowercase}', was '${header.source.lowercase}'): ` +
          'its locale is not UTF-8 aware, so search texts computed from names differ. Create the database with a UTF-8 locale (README: Backup and restore).',
      );
    }

    // What is there already?
    const applied = await appliedMigrations(client);
    const before = await listTables(client);
    if (!applied && before.length > 0) {
      throw new RestoreRefused(
        `The database holds tables that are not Nytenk's (${before.slice(0, 5).map((t) => t.name).join(', ')}${before.length > 5 ? ', …' : ''}). Restore into an empty database.`,
      );
    }
    const inBackup = new Set(header.migrations.map((m) => m.name));
    const newer = (applied ?? []).filter((m) => !inBackup.has(m.name)).map((m) => m.name);
    if (newer.length) {
      throw new RestoreRefused(
        `The database has migrations the backup does not (${newer.join(', ')}): it is newer than the backup. Restore into an empty database.`,
      );
    }
    const replaced = await nonEmptyTables(client, before.map((t) => t.name));
    if (replaced.length && !options.force) {
      throw new RestoreRefused(
        `The database is not empty: ${replaced.length} table(s) hold data (${replaced.slice(0, 6).join(', ')}${replaced.length > 6 ? ', …' : ''}). ` +
          'A restore replaces everything in it: run again with --force to do that, or restore into a new, empty database.',
      );
    }

    // The schema: the backup's migrations, as the migrator would apply them.
    await client.query(`create table if not exists public.schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const done = new Set((applied ?? []).map((m) => m.name));
    const migrationsApplied: string[] = [];
    for (const file of known.filter((m) => inBackup.has(m.name) && !done.has(m.name))) {
      try {
        await client.query(file.sql);
      } catch (err) {
        throw new RestoreFailed(`Migration ${file.name} failed: ${(err as Error).message}`);
      }
      await client.query('insert into public.schema_migrations (name, checksum) values ($1, $2)', [file.name, file.checksum]);
      migrationsApplied.push(file.name);
    }
    await setPortableFormats(client);

    const tables = await listTables(client);
    const byName = new Map(tables.map((t) => [t.name, t]));
    // Rows the migrations seeded (and, with force, the old content) give way to the backup's.
    if (tables.length) await client.query(`truncate ${tables.map((t) => qualified(client, t.name)).join(', ')} restart identity`);

    const triggers = await switchTriggersOff(client, tables.map((t) => t.name));

    const summaries: TableSummary[] = [];
    const seen = new Set<string>();
    let frame = await next(frames);
    while (frame?.kind === 'T') {
      const { name, columns } = frame.table;
      const index = header.tables.findIndex((t) => t.name === name) + 1;
      if (index === 0 || seen.has(name)) throw new BackupFormatError(`The backup file is damaged: table ${name} is not in its header, or appears twice.`);
      seen.add(name);
      const target = byName.get(name);
      if (!target) throw new RestoreFailed(`Table ${name}: the backup has it but the migrations did not create it.`);
      const missing = columns.filter((c) => !target.columns.includes(c));
      if (missing.length) throw new RestoreFailed(`Table ${name}: column(s) ${missing.join(', ')} are in the backup but not in the database.`);
      const { summary, after } = await copyTableIn(client, frames, name, columns, (rows, bytes) =>
        options.onProgress?.({ table: name, index, tables: header.tables.length, rows, bytes, done: false }),
      );
      summaries.push(summary);
      options.onProgress?.({ table: name, index, tables: header.tables.length, rows: summary.rows, bytes: summary.bytes, done: true });
      frame = after;
    }
    if (frame?.kind !== 'Z') {
      throw new BackupFormatError(frame ? `The backup file is damaged: an unexpected «${frame.kind}» record.` : 'The backup file is truncated: it ends before its last record.');
    }
    const trailer = frame.trailer;
    const absent = header.tables.filter((t) => !seen.has(t.name)).map((t) => t.name);
    if (absent.length) throw new BackupFormatError(`The backup file is damaged: no data for ${absent.join(', ')}.`);
    for (const s of summaries) {
      const t = trailer.tables.find((x) => x.name === s.name);
      if (!t || t.rows !== s.rows || t.sha256 !== s.sha256) throw new BackupFormatError(`The backup file is damaged: table ${s.name} does not match the file's summary.`);
    }
    for (const seq of trailer.sequences) {
      try {
        await client.query('select setval($1::regclass, $2::bigint, $3)', [qualified(client, seq.name), seq.value, seq.isCalled]);
      } catch (err) {
        throw new RestoreFailed(`Sequence ${seq.name}: ${(err as Error).message}`);
      }
    }
    // Reading to the end makes gunzip check the file's CRC, and refuses anything after the trailer.
    if (await next(frames)) throw new BackupFormatError('The backup file is damaged: there is data after its last record.');

    await switchTriggersOn(client, triggers);
    await client.query('commit');
    return {
      header,
      tables: summaries,
      rows: summaries.reduce((n, t) => n + t.rows, 0),
      sequences: trailer.sequences.length,
      migrationsApplied,
      triggers: triggers.mode,
      replaced,
      warnings,
    };
  } catch (err) {
    failure = err as Error;
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release(failure);
  }
}

/** Streams one table's data frames into COPY FROM; checks rows and checksum against its E frame. */
async function copyTableIn(
  client: pg.PoolClient,
  frames: AsyncGenerator<Frame>,
  name: string,
  columns: string[],
  progress: (rows: number, bytes: number) => void,
): Promise<{ summary: TableSummary; after: Frame | undefined }> {
  const cols = columns.map((c) => client.escapeIdentifier(c)).join(', ');
  const copy = client.query(copyFrom(`copy ${qualified(client, name)} (${cols}) from stdin`));
  const copyDone = finished(copy);
  // An error from the server may come while we are still reading the file: keep it for below.
  let serverError: (Error & { code?: string }) | undefined;
  copyDone.catch((err: Error) => {
    serverError = err;
  });
  const hash = createHash('sha256');
  let bytes = 0;
  let rows = 0;
  let lastReport = 0;
  let frame: Frame | undefined;
  try {
    for (frame = await next(frames); frame?.kind === 'D'; frame = await next(frames)) {
      hash.update(frame.data);
      bytes += frame.data.length;
      for (let i = frame.data.indexOf(10); i !== -1; i = frame.data.indexOf(10, i + 1)) rows++;
      if (!copy.write(frame.data)) await Promise.race([once(copy, 'drain'), copyDone]);
      if (bytes - lastReport > 4 * 1024 * 1024) {
        lastReport = bytes;
        progress(rows, bytes);
      }
    }
    if (frame?.kind !== 'E' || frame.summary.name !== name) {
      throw new BackupFormatError(frame ? `The backup file is damaged: table ${name} has no end record.` : `The backup file is truncated inside table ${name}.`);
    }
    const expected = frame.summary;
    const sha256 = hash.digest('hex');
    if (sha256 !== expected.sha256 || rows !== expected.rows || bytes !== expected.bytes) {
      throw new BackupFormatError(`The backup file is damaged: table ${name}'s data does not match its checksum (${rows} rows read, ${expected.rows} written).`);
    }
    copy.end();
    await copyDone;
    if (copy.rowCount !== expected.rows) throw new RestoreFailed(`Table ${name}: PostgreSQL took ${copy.rowCount} rows, the backup has ${expected.rows}.`);
    return { summary: { name, rows, bytes, sha256 }, after: await next(frames) };
  } catch (err) {
    if (!copy.destroyed && !copy.writableFinished) copy.destroy(err as Error);
    await copyDone.catch(() => undefined);
    if (err instanceof BackupFormatError || err instanceof RestoreFailed) throw err;
    if ((err as NodeJS.ErrnoException).code?.startsWith('Z_')) throw err;
    // Once the server has refused the data, the copy stream has no connection left, and our next
    // write fails with a TypeError of its own: the server's error is the one to report. Data we
    // wrote ourselves in COPY's format that PostgreSQL finds malformed (SQLSTATE class 22) means
    // the file was damaged after it was written.
    if (serverError?.code?.startsWith('22')) throw new BackupFormatError(`The backup file is damaged: PostgreSQL refused table ${name}'s data (${serverError.message}).`);
    throw new RestoreFailed(`Table ${name}: ${(serverError ?? (err as Error)).message}`);
  }
}

interface TriggerState {
  mode: 'replica' | 'owner';
  tables: string[];
  deferred: { table: string; name: string }[];
}

/**
 * Keeps triggers (derived tables, search stamps) and foreign-key checks from running on restored
 * rows. `session_replication_role = replica` does both, but needs a superuser (or, from PostgreSQL
 * 15, `GRANT SET ON PARAMETER session_replication_role`). Without it, as the tables' owner: the
 * user triggers are disabled and the foreign keys made deferred, then checked once at the end.
 */
async function switchTriggersOff(client: pg.PoolClient, tables: string[]): Promise<TriggerState> {
  await client.query('savepoint replication_role');
  try {
    await client.query('set local session_replication_role = replica');
    await client.query('release savepoint replication_role');
    return { mode: 'replica', tables, deferred: [] };
  } catch {
    await client.query('rollback to savepoint replication_role');
  }
  for (const t of tables) await client.query(`alter table ${qualified(client, t)} disable trigger user`);
  const deferred = (await listForeignKeys(client)).filter((k) => !k.deferrable);
  for (const k of deferred) {
    await client.query(`alter table ${qualified(client, k.table)} alter constraint ${client.escapeIdentifier(k.name)} deferrable initially deferred`);
  }
  await client.query('set constraints all deferred');
  return { mode: 'owner', tables, deferred };
}

async function switchTriggersOn(client: pg.PoolClient, state: TriggerState): Promise<void> {
  if (state.mode === 'replica') {
    await client.query('set local session_replication_role = origin');
    return;
  }
  try {
    await client.query('set constraints all immediate');
  } catch (err) {
    throw new RestoreFailed(`A foreign key does not hold in the restored data: ${(err as Error).message}`);
  }
  for (const k of state.deferred) {
    await client.query(`alter table ${qualified(client, k.table)} alter constraint ${client.escapeIdentifier(k.name)} not deferrable`);
  }
  for (const t of state.tables) await client.query(`alter table ${qualified(client, t)} enable trigger user`);
}
