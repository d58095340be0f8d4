import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireEmbeddedPostgres, _internals } from '../../src/db/embedded.js';
import { ROOT } from '../helpers/processes.js';

const pidAlive = _internals.pidAlive;

/** The embedded PostgreSQL's sharp edges (STACK-NOTES.md), each handled and checked here. */
describe('embedded PostgreSQL', () => {
  let base: string;
  beforeAll(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-embedded-'));
    await fs.chmod(base, 0o755);
  });
  afterAll(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });

  const query = async (url: string, sql: string) => {
    const c = new pg.Client(url);
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };

  it('creates a cluster with Norwegian text search on a free port, and reopens it without initdb', async () => {
    const dir = path.join(base, 'fresh');
    const tmpBefore = (await fs.readdir(os.tmpdir())).filter((f) => f.startsWith('pg-password'));
    const first = await acquireEmbeddedPostgres({ dataDir: dir });
    expect(first.started).toBe(true);
    expect(first.port).not.toBe(5432);
    const [row] = await query(first.url, "select current_setting('default_text_search_config') as ts, to_tsvector('kommunane') :: text as v");
    expect(row.ts).toBe('pg_catalog.norwegian');
    expect(row.v).toContain('kommun');
    await first.release();
    // The superuser password is kept only in a file no one else can read, and nothing in the temp folder.
    const stat = await fs.stat(path.join(dir, 'secret', 'pg-password'));
    expect(stat.mode & 0o077).toBe(0);
    const tmpAfter = (await fs.readdir(os.tmpdir())).filter((f) => f.startsWith('pg-password'));
    expect(tmpAfter).toEqual(tmpBefore);
    // PG_VERSION exists: the second start must not run initdb again (it would throw).
    const second = await acquireEmbeddedPostgres({ dataDir: dir });
    expect(second.started).toBe(true);
    await query(second.url, 'select 1');
    await second.release();
    expect(await _internals.readPostmaster(_internals.layout(dir))).toBeNull();
  });

  it('lets a second process join the running server; the last one out stops it', async () => {
    const dir = path.join(base, 'shared');
    const a = await acquireEmbeddedPostgres({ dataDir: dir });
    const b = await acquireEmbeddedPostgres({ dataDir: dir });
    expect(a.started).toBe(true);
    expect(b.started).toBe(false);
    expect(b.port).toBe(a.port);
    // Each handle registers on its own: releasing one leaves the server running for the other.
    await b.release();
    await query(a.url, 'select 1');
    await a.release();
  });

  it('reuses a postmaster orphaned by kill -9 of its Node process', async () => {
    const dir = path.join(base, 'orphan');
    const script = `
      import { acquireEmbeddedPostgres } from ${JSON.stringify(path.join(ROOT, 'src/db/embedded.ts'))};
      const h = await acquireEmbeddedPostgres({ dataDir: ${JSON.stringify(dir)} });
      console.log('READY ' + h.port);
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        const m = /READY (\d+)/.exec(c.toString());
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const orphan = await _internals.readPostmaster(_internals.layout(dir));
    expect(orphan?.port).toBe(port);
    expect(pidAlive(orphan!.pid)).toBe(true);

    const again = await acquireEmbeddedPostgres({ dataDir: dir });
    expect(again.started).toBe(false);
    expect(again.port).toBe(port);
    await query(again.url, 'select 1');
    // The dead process's registration is ignored: we are the last client, so release stops it.
    await again.release();
    await expect.poll(() => pidAlive(orphan!.pid), { timeout: 5_000 }).toBe(false);
  });

  it('surfaces the server’s own log line when it cannot start', async () => {
    const dir = path.join(base, 'broken');
    const h = await acquireEmbeddedPostgres({ dataDir: dir });
    await h.release();
    await fs.appendFile(path.join(dir, 'pg', 'postgresql.conf'), '\nshared_buffers = nonsense\n');
    await expect(acquireEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(/shared_buffers/);
  });

  it('names the folder to fix when the postgres user cannot reach the data dir', async () => {
    if (process.getuid?.() !== 0) return; // only root runs PostgreSQL as another OS user
    const locked = path.join(base, 'locked');
    await fs.mkdir(locked, { mode: 0o700 });
    await fs.chmod(locked, 0o700);
    await expect(acquireEmbeddedPostgres({ dataDir: path.join(locked, 'data') })).rejects.toThrow(new RegExp(`cannot enter ${locked}`));
  });
});
