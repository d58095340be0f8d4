import type { CliCommand, CliContext } from '../core/feature.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { BackupFormatError } from './backup.format.js';
import { RestoreFailed, RestoreRefused, restoreFromFile } from './backup.restore.js';
import { backupToFile, BackupError, type TableProgress } from './backup.service.js';

const nb = new Intl.NumberFormat('nb-NO');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** On a terminal: one line redrawn per table; otherwise (logs, CI) one line per table when done. */
function tableProgress(verb: string, log: (m: string) => void) {
  const tty = process.stderr.isTTY === true;
  return {
    update(p: TableProgress) {
      const line = `${verb} ${p.index}/${p.tables} ${p.table}: ${nb.format(p.rows)} rows (${mb(p.bytes)})`;
      if (tty) process.stderr.write(`\r\x1b[2K${line}${p.done && p.index === p.tables ? '\n' : ''}`);
      else if (p.done) log(line);
    },
  };
}

async function open(ctx: CliContext): Promise<Database> {
  // Neither command migrates on opening: a backup changes nothing, and a restore applies the
  // backup's own migrations first.
  return ctx.openDatabase({ runMigrations: false });
}

/** `nytenk backup FILE` and `nytenk restore FILE`. */
export const backupCommands: CliCommand = { name: 'backup', register: registerBackupCommands };

function registerBackupCommands(program: Parameters<CliCommand['register']>[0], deps: CliContext): void {
  const { log, fail } = deps;

  program
    .command('backup')
    .description('Write a consistent backup of the database (embedded or DATABASE_URL) to FILE, while the app may keep running.')
    .argument('<file>', 'the backup file to write (gzip; «-» for standard output)')
    .addHelpText(
      'after',
      [
        '',
        'The file holds the applied migrations and every table’s rows (not the sign-in sessions), with row',
        'counts and checksums. It contains personal data and password hashes: keep it as safe as the database.',
        'Restore it with: nytenk restore FILE',
      ].join('\n'),
    )
    .action(async (file: string) => {
      const started = performance.now();
      const database = await open(deps);
      try {
        const progress = tableProgress('Backing up', log);
        const r = await backupToFile(database.pool, file, { leaveOut: deps.features.backupLeaveOut, onProgress: (p) => progress.update(p) });
        const size = file === '-' ? '' : `, ${mb(r.fileBytes)}`;
        const summary =
          `Backed up ${database.description}: ${r.tables.length} tables, ${nb.format(r.rows)} rows, ${r.sequences} sequences, ` +
          `${r.header.migrations.length} migrations to ${file === '-' ? 'standard output' : file}${size} (${((performance.now() - started) / 1000).toFixed(1)} s).` +
          (r.header.excluded.length ? ` Not included: ${r.header.excluded.join(', ')}.` : '');
        // With the backup on standard output, the summary goes to standard error.
        if (file === '-') log(summary);
        else console.log(summary);
      } catch (err) {
        if (err instanceof BackupError) throw fail(err.message);
        throw err;
      } finally {
        await database.close();
      }
    });

  program
    .command('restore')
    .description('Restore a backup made by «nytenk backup» into an empty database (embedded or DATABASE_URL).')
    .argument('<file>', 'the backup file («-» for standard input)')
    .option('--force', 'replace the content of a database that already holds data')
    .addHelpText(
      'after',
      [
        '',
        'Everything happens in one transaction: if anything fails (a damaged file, a checksum that does not',
        'match), nothing is changed. Stop the app first. Sign-in sessions are not restored: everyone signs in again.',
        '',
        'Exit status: 0 restored, 1 failed (nothing changed), 2 refused (not empty, unknown migrations, no file).',
      ].join('\n'),
    )
    .action(async (file: string, opts: { force?: boolean }) => {
      const started = performance.now();
      const database = await open(deps);
      try {
        const progress = tableProgress('Restoring', log);
        const r = await restoreFromFile(database.pool, file, { force: opts.force === true, onProgress: (p) => progress.update(p) });
        const later = await migrate(database.pool, deps.features.derivedFunctions);
        console.log(
          `Restored ${file === '-' ? 'standard input' : file} (made ${r.header.createdAt}) into ${database.description}: ` +
            `${r.tables.length} tables, ${nb.format(r.rows)} rows, ${r.sequences} sequences, all checksums match` +
            (r.replaced.length ? `; replaced the data of ${r.replaced.length} tables` : '') +
            (later.applied.length ? `; then applied ${later.applied.length} newer migration(s): ${later.applied.join(', ')}` : '') +
            ` (${((performance.now() - started) / 1000).toFixed(1)} s).`,
        );
        for (const w of r.warnings) log(`Warning: ${w}`);
        if (r.header.excluded.length) console.log(`Not in the backup, so empty now: ${r.header.excluded.join(', ')} (everyone signs in again).`);
      } catch (err) {
        if (err instanceof RestoreRefused) throw fail(`${err.message} Nothing was changed.`, 2);
        if (err instanceof RestoreFailed || err instanceof BackupFormatError) throw fail(`${err.message} The restore was rolled back: nothing was changed.`);
        throw err;
      } finally {
        await database.close();
      }
    });
}
