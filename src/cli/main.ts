import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.js';
import type { CliContext } from '../core/feature.js';
import { openDatabase, type Database } from '../db/database.js';
import { startServer } from '../main.js';
import { registry } from '../modules.js';

/**
 * The `nytenk` command: `serve` and `migrate` here, every other command from the features'
 * manifests (`cli`). It calls services, never queries.
 */

const features = registry();

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

function openConfiguredDatabase(options: { runMigrations?: boolean } = {}): Promise<Database> {
  return openDatabase(config(), { ...options, derived: features.derivedFunctions, log, applicationName: `nytenk-cli:${process.pid}` });
}

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
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

const context: CliContext = { config, features, log, fail: (message, code) => new CliError(message, code), openDatabase: openConfiguredDatabase, withDatabase };
for (const command of features.cli) command.register(program, context);

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
