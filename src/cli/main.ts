import fs from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { issueToken, createOrUpdateUser, findUserByEmail } from '../auth/index.js';
import { toFieldErrors } from '../core/validation.js';
import { loadDemo, removeDemo } from '../demo/index.js';
import { messages } from '../i18n/index.js';
import { importJrcCases, type ImportSummary } from '../import/index.js';
import { JrcFormatError, parseJrcCsv } from '../import/index.js';
import { findOrganisation, grantMembership } from '../orgs/index.js';
import { ensureReferenceData, loadReferenceData } from '../orgs/index.js';
import { countLosConcepts, ensureLosConcepts, loadLosConcepts } from '../themes/index.js';
import { startServer } from '../main.js';
import { registerBackupCommands } from '../backup/index.js';

/** The `nytenk` command. It calls services, never queries. */

const log = (msg: string) => process.stderr.write(`${msg}\n`);

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      log(err.message);
      process.exit(2);
    }
    throw err;
  }
}

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(config(), { log, applicationName: `nytenk-cli:${process.pid}` });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

class CliError extends Error {
  constructor(
    message: string,
    /** 1: the command ran into a problem; 2: it was called wrongly (missing file, unknown format). */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const program = new Command();
program
  .name('nytenk')
  .description('Nytenk: the Norwegian public sector’s platform for registering, finding and reusing innovations.')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

program
  .command('serve')
  .description('Run the web server (the embedded PostgreSQL unless DATABASE_URL is set).')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number 0–65535');
    return n;
  })
  .addHelpText('after', '\nEnvironment: PORT, HOST, DATABASE_URL, NYTENK_DATA_DIR, LOG_LEVEL, PUBLIC_URL (see README).')
  .action(async (opts: { port?: number }) => {
    const c = config();
    try {
      await startServer(opts.port !== undefined ? { ...c, port: opts.port } : c);
    } catch (err) {
      if (err instanceof ConfigError) {
        log(err.message);
        process.exit(2);
      }
      throw err;
    }
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit.')
  .action(async () => {
    await withDatabase(async (database) => {
      const { applied, alreadyApplied } = database.migrations;
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : `Up to date (${alreadyApplied} migrations).`);
    });
  });

const reference = program.command('reference').description('The reference data of Norway’s public bodies.');
reference
  .command('load')
  .description('Load or refresh the committed reference data (municipalities, counties, state agencies, LOS themes).')
  .action(async () => {
    await withDatabase(async (database) => {
      const r = await loadReferenceData(database.db);
      console.log(`Reference data: ${r.inserted} organisations added, ${r.updated} refreshed, ${r.counties} counties.`);
      const los = await loadLosConcepts(database.db);
      const inDb = await countLosConcepts(database.db);
      console.log(`LOS themes: ${inDb} concepts (${los.inserted} added, ${los.updated} refreshed).`);
    });
  });

program
  .command('demo')
  .description('Load realistic Norwegian demo content (cases, adoptions, trials), marked as demo; --remove deletes it again.')
  .option('--remove', 'remove every demo case, its adoptions and trials, and the demo user')
  .action(async (opts: { remove?: boolean }) => {
    await withDatabase(async ({ db }) => {
      if (opts.remove) {
        const r = await removeDemo(db);
        console.log(
          r.cases || r.users ? `Removed demo content: ${r.cases} cases, ${r.adoptions} adoptions, ${r.trials} trials, ${r.users} demo user.` : 'No demo content to remove.',
        );
        return;
      }
      // The demo names real public bodies and LOS themes: a fresh database needs them first.
      await ensureReferenceData(db);
      await ensureLosConcepts(db);
      const r = await loadDemo(db);
      console.log(
        r.alreadyLoaded
          ? `Demo content is already loaded (${r.cases} cases); nothing changed. Remove it with: nytenk demo --remove`
          : `Loaded demo content: ${r.cases} cases, ${r.adoptions} adoptions, ${r.trials} trials. Remove it with: nytenk demo --remove`,
      );
    });
  });

/** Progress on standard error: a redrawn bar on a terminal, a line every tenth otherwise (logs, CI). */
function progressReporter(label: string) {
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  let lastDraw = 0;
  return {
    update(done: number, total: number) {
      if (tty) {
        const now = Date.now();
        if (done !== total && now - lastDraw < 50) return;
        lastDraw = now;
        const width = Math.max(10, Math.min(40, (process.stderr.columns ?? 80) - label.length - 24));
        const filled = total ? Math.round((done / total) * width) : width;
        process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      } else {
        const tenth = total ? Math.floor((done / total) * 10) : 10;
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        log(`${label}: ${done}/${total}`);
      }
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}

function importSummaryLine(s: ImportSummary, seconds: number): string {
  const imported = s.created + s.updated + s.unchanged;
  return (
    `Imported ${imported} cases: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged; ` +
    `${s.norwegianMatched} matched Norwegian organisations, ${s.orgsCreated} organisations created; ` +
    `${s.bad.length} bad rows (${seconds.toFixed(1)} s).`
  );
}

const importCommand = program.command('import').description('Import data from other sources.');
importCommand
  .command('cases')
  .description('Import innovation cases from a file, published and public. Running it again updates what changed and creates nothing twice.')
  .argument('<file>', 'the file to import')
  .option('--format <format>', 'the file’s format (required): jrc, the EU JRC Innovative Public Services Explorer case list (CSV)')
  .addHelpText(
    'after',
    [
      '',
      'Example:',
      '  nytenk import cases resources/cases/jrc-ips-explorer-cases.csv --format jrc',
      '',
      'A row that cannot be imported is reported as «line N: reason» and nothing of it is written;',
      'the other rows are imported. How the columns map: resources/cases/README.md.',
      '',
      'Exit status: 0 all rows imported, 1 some rows were bad, 2 missing file or wrong format.',
    ].join('\n'),
  )
  .action(async (file: string, opts: { format?: string }) => {
    if (!opts.format) throw new CliError('Say which format the file has: --format jrc', 2);
    if (opts.format !== 'jrc') throw new CliError(`Unknown format «${opts.format}»: the formats are: jrc.`, 2);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${(err as Error).message}`, 2);
    }
    let parsed: ReturnType<typeof parseJrcCsv>;
    try {
      parsed = parseJrcCsv(text);
    } catch (err) {
      if (err instanceof JrcFormatError) throw new CliError(`${file}: ${err.message}`, 2);
      throw err;
    }
    const started = performance.now();
    const summary = await withDatabase(async ({ db }) => {
      // Owners are matched against the reference organisations and cases tagged with LOS themes.
      await ensureReferenceData(db);
      await ensureLosConcepts(db);
      const progress = progressReporter('Importing cases');
      try {
        return await importJrcCases(db, parsed, { onProgress: (done, total) => progress.update(done, total) });
      } finally {
        progress.end();
      }
    });
    for (const b of summary.bad) log(`line ${b.line}: ${b.message}`);
    console.log(importSummaryLine(summary, (performance.now() - started) / 1000));
    if (summary.bad.length > 0) process.exitCode = 1;
  });

const user = program.command('user').description('Manage users.');
user
  .command('create')
  .description('Create a user, or update one with the same e-mail address.')
  .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
  .requiredOption('--name <name>', 'full name')
  .option('--org <orgnr>', 'make the user an active member of this organisation')
  .addOption(new Option('--role <role>', 'role in --org').choices(['member', 'org_admin']).default('member'))
  .addOption(new Option('--platform-role <role>', 'platform role').choices(['admin', 'analyst']))
  .option('--password-stdin', 'read the password from standard input (first line)')
  .action(async (opts: { email: string; name: string; org?: string; role: 'member' | 'org_admin'; platformRole?: 'admin' | 'analyst'; passwordStdin?: boolean }) => {
    const password = opts.passwordStdin ? await readStdinLine() : undefined;
    await withDatabase(async ({ db }) => {
      let orgId: string | undefined;
      if (opts.org) {
        const found = await findOrganisation(db, opts.org);
        if (!found.ok) {
          throw new CliError(
            found.reason === 'not_found' ? `No organisation with organisation number ${opts.org}.` : `${opts.org} is not a valid organisation number (${found.reason === 'check_digit' ? 'check digit is wrong' : 'needs 9 digits'}).`,
          );
        }
        orgId = found.org.id;
      }
      const outcome = await createOrUpdateUser(db, { email: opts.email, name: opts.name, password, platformRole: opts.platformRole });
      if (!outcome.ok) throw new CliError(toFieldErrors(messages('en'), outcome.violations).map((e) => `--${e.field}: ${e.message}`).join('\n'));
      if (orgId) await grantMembership(db, outcome.user.id, orgId, opts.role);
      console.log(`${outcome.created ? 'Created' : 'Updated'} user ${outcome.user.email} (id ${outcome.user.id})${opts.org ? `, ${opts.role} of ${opts.org}` : ''}.`);
      if (password === undefined && outcome.created) console.log('No password set: use --password-stdin to allow password sign-in.');
    });
  });

const token = program.command('token').description('Personal API tokens.');
token
  .command('create')
  .description('Create an API token for a user; the token is printed as the last line.')
  .requiredOption('--email <email>', 'the user’s e-mail address')
  .option('--name <name>', 'a name to recognise the token by', 'cli')
  .action(async (opts: { email: string; name: string }) => {
    await withDatabase(async ({ db }) => {
      const found = await findUserByEmail(db, opts.email.trim());
      if (!found) throw new CliError(`No user with e-mail ${opts.email}.`);
      const issued = await issueToken(db, found.id, opts.name, { days: config().apiTokenDays });
      console.log(`API token "${issued.name}" for ${found.email} (use as: Authorization: Bearer <token>):`);
      console.log(issued.token);
    });
  });

registerBackupCommands(program, { config, log, fail: (message, code) => new CliError(message, code) });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CliError) {
    log(`nytenk: ${err.message}`);
    process.exit(err.exitCode);
  }
  log(`nytenk: ${(err as Error).message ?? String(err)}`);
  process.exit(1);
}
