import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _internals, withDatabase } from '../../src/db/embedded.js';
import { hasExited, runNytenk, startServe, stopGracefully, type ServerProcess } from '../helpers/processes.js';
import { until } from '../helpers/wait.js';

/**
 * The move from the embedded default to a PostgreSQL server as the README tells it, with the real
 * `nytenk`: back up the embedded data dir (while the app runs), restore into a server database
 * (TEST_DATABASE_URL's server when there is one, else a second embedded data dir), start on it.
 */
describe('nytenk backup from the embedded database, nytenk restore onto a server', () => {
  let root: string;
  let source: string;
  let target: string;
  let serverDb: { url: string; drop: () => Promise<void> } | undefined;
  const running: ServerProcess[] = [];

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-move-'));
    await fs.chmod(root, 0o755);
    source = path.join(root, 'embedded');
    target = path.join(root, 'target');
    const admin = process.env.TEST_DATABASE_URL;
    if (admin) {
      const name = `nytenk_t_move_${randomBytes(4).toString('hex')}_${process.ppid}`;
      const c = new pg.Client(admin);
      await c.connect();
      // As the README says: UTF-8, from template0.
      await c.query(`create database ${c.escapeIdentifier(name)} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
      await c.end();
      serverDb = {
        url: withDatabase(admin, name),
        drop: async () => {
          const a = new pg.Client(admin);
          await a.connect();
          await a.query(`drop database if exists ${a.escapeIdentifier(name)} with (force)`);
          await a.end();
        },
      };
    }
  });
  afterAll(async () => {
    for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    const postmasters: number[] = [];
    for (const dir of [source, target]) {
      const pm = dir ? await _internals.readPostmaster(_internals.layout(dir)) : null;
      if (pm && _internals.pidAlive(pm.pid)) {
        process.kill(pm.pid, 'SIGINT');
        postmasters.push(pm.pid);
      }
    }
    await serverDb?.drop();
    // The folder goes once nothing writes in it any more.
    await until(() => running.every(hasExited) && !postmasters.some(_internals.pidAlive), { what: 'the servers and the embedded PostgreSQL to exit', timeout: 10_000 });
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('moves every case to the server, which then serves the case pages', async () => {
    const env: Record<string, string> = serverDb ? { DATABASE_URL: serverDb.url } : {};
    const t0 = performance.now();
    const demo = await runNytenk(source, ['demo']);
    expect(demo.code, demo.stderr).toBe(0);
    const user = await runNytenk(source, ['user', 'create', '--email', 'kari@baerum.kommune.no', '--name', 'Kari Nordmann', '--org', '935478715', '--role', 'org_admin', '--password-stdin'], 'et langt og trygt passord\n');
    expect(user.code, user.stderr).toBe(0);

    // The backup is taken while the app runs on the data dir (a consistent snapshot).
    const app = await startServe(source);
    running.push(app);
    const before = await fetch(`${app.baseUrl}/api/v1/cases?per_page=100`).then((r) => r.json());
    expect(before.total).toBeGreaterThanOrEqual(20);
    const file = path.join(root, 'nytenk.backup');
    const t1 = performance.now();
    const backup = await runNytenk(source, ['backup', file]);
    const backupMs = performance.now() - t1;
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up embedded PostgreSQL .*: \d+ tables, [\d\s\u00a0\u202f]+ rows, \d+ sequences, \d+ migrations to .*nytenk\.backup/);
    expect(backup.stdout).toMatch(/Not included: .*sessions/);
    expect(await stopGracefully(app)).toBe(0);

    const t2 = performance.now();
    const restore = await runNytenk(target, ['restore', file], undefined, env);
    const restoreMs = performance.now() - t2;
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stderr).not.toMatch(/Warning/);
    expect(restore.stdout).toMatch(/Restored .* into .*: \d+ tables, [\d\s\u00a0\u202f]+ rows, \d+ sequences, all checksums match/);
    if (serverDb) expect(restore.stdout).toContain(new URL(serverDb.url).pathname.slice(1));

    // A second restore finds a database with content, and leaves it alone.
    const again = await runNytenk(target, ['restore', file], undefined, env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty.*--force.*Nothing was changed/s);

    const moved = await startServe(target, env);
    running.push(moved);
    const after = await fetch(`${moved.baseUrl}/api/v1/cases?per_page=100`).then((r) => r.json());
    expect(after.total).toBe(before.total);
    expect(after.items.map((i: { id: string; title: string }) => [i.id, i.title])).toEqual(before.items.map((i: { id: string; title: string }) => [i.id, i.title]));
    const first = after.items[0] as { id: string; title: string };
    const page = await fetch(`${moved.baseUrl}/cases/${first.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(first.title.replaceAll('&', '&amp;'));
    // The organisation admin is there too (the server answers "on the team" from the membership).
    const org = await fetch(`${moved.baseUrl}/api/v1/organisations/935478715`).then((r) => r.json());
    expect(org.onTeam).toBe(true);
    expect(await stopGracefully(moved)).toBe(0);
    console.log(
      `move to ${serverDb ? 'server' : 'embedded'}: setup ${((t1 - t0) / 1000).toFixed(1)} s, backup ${(backupMs / 1000).toFixed(1)} s, restore ${(restoreMs / 1000).toFixed(1)} s (processes included)`,
    );
  }, 180_000);
});
