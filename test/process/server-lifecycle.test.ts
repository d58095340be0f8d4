import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeOrgnr } from '../../src/core/orgnr.js';
import { _internals } from '../../src/db/embedded.js';
import { hasExited, runNytenk, startServe, stopGracefully, type ServerProcess } from '../helpers/processes.js';
import { until } from '../helpers/wait.js';

/**
 * The real `nytenk` binary as an operator runs it: two servers and the CLI on one embedded data
 * dir, and a crash (kill -9) in the middle of concurrent writes.
 */
describe('nytenk serve on the embedded database', () => {
  let dataDir: string;
  const running: ServerProcess[] = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-serve-'));
    await fs.chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    // Stop whatever postmaster is left (after kill -9 tests) so the folder can go.
    const pm = await _internals.readPostmaster(_internals.layout(dataDir));
    if (pm && _internals.pidAlive(pm.pid)) process.kill(pm.pid, 'SIGINT');
    await until(() => running.every(hasExited) && !(pm && _internals.pidAlive(pm.pid)), { what: 'the servers and the embedded PostgreSQL to exit', timeout: 10_000 });
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('shares one embedded server between two `serve` processes and the CLI, and stops it with the last', async () => {
    const first = await startServe(dataDir);
    running.push(first);
    const second = await startServe(dataDir);
    running.push(second);
    const pm = await _internals.readPostmaster(_internals.layout(dataDir));
    expect(pm).not.toBeNull();

    const created = await runNytenk(dataDir, ['user', 'create', '--email', 'admin@baerum.kommune.no', '--name', 'Kari Nordmann', '--org', '935478715', '--role', 'org_admin', '--password-stdin'], 'et langt og trygt passord\n');
    expect(created.stderr + created.stdout).toMatch(/Created user admin@baerum\.kommune\.no/);
    expect(created.code).toBe(0);
    const token = await runNytenk(dataDir, ['token', 'create', '--email', 'admin@baerum.kommune.no']);
    expect(token.code).toBe(0);
    const secret = token.stdout.trim().split('\n').at(-1)!;
    expect(secret).toMatch(/^nytk_/);

    // Both servers see the CLI's user and stay healthy; still one postmaster.
    for (const s of [first, second]) {
      expect((await fetch(`${s.baseUrl}/health/ready`)).status).toBe(200);
      const me = await fetch(`${s.baseUrl}/api/v1/organisations/935478715`).then((r) => r.json());
      expect(me.onTeam).toBe(true);
    }
    expect((await _internals.readPostmaster(_internals.layout(dataDir)))?.pid).toBe(pm!.pid);

    expect(await stopGracefully(first)).toBe(0);
    expect((await fetch(`${second.baseUrl}/health/ready`)).status).toBe(200);
    expect(await stopGracefully(second)).toBe(0);
    await expect.poll(() => _internals.pidAlive(pm!.pid), { timeout: 10_000 }).toBe(false);
  });

  it('keeps every acknowledged write when killed with -9 during 1,000 concurrent API writes', async () => {
    const server = await startServe(dataDir);
    running.push(server);
    // A user of its own: this test does not lean on the one the test before it made.
    const created = await runNytenk(dataDir, ['user', 'create', '--email', 'krasj@baerum.kommune.no', '--name', 'Krasj Testesen', '--org', '935478715', '--role', 'org_admin', '--password-stdin'], 'et langt og trygt passord\n');
    expect(created.code, created.stderr).toBe(0);
    const token = (await runNytenk(dataDir, ['token', 'create', '--email', 'krasj@baerum.kommune.no'])).stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^nytk_/);

    const orgnrs: string[] = [];
    for (let n = 20_000_000; orgnrs.length < 1000; n++) {
      const o = completeOrgnr(String(n).padStart(8, '0'));
      if (o) orgnrs.push(o);
    }
    const acknowledged: string[] = [];
    let settled = 0;
    const writes = orgnrs.map(async (orgnr, i) => {
      try {
        const res = await fetch(`${server.baseUrl}/api/v1/organisations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Krasjtest ${i} AS`, kind: 'business', orgnr }),
        });
        if (res.status >= 200 && res.status < 300) acknowledged.push(orgnr);
      } catch {
        // connection cut by the kill: not acknowledged
      } finally {
        settled++;
      }
    });
    // Kill once a good share has been acknowledged, with many still in flight.
    await expect.poll(() => acknowledged.length, { timeout: 30_000, interval: 5 }).toBeGreaterThanOrEqual(100);
    server.child.kill('SIGKILL');
    await Promise.all(writes);
    expect(settled).toBe(1000);
    expect(acknowledged.length).toBeLessThan(1000);

    // Start again with no manual steps: the orphaned postmaster is found and reused.
    const again = await startServe(dataDir);
    running.push(again);
    const missing: string[] = [];
    for (let i = 0; i < acknowledged.length; i += 50) {
      const batch = acknowledged.slice(i, i + 50);
      const results = await Promise.all(batch.map((o) => fetch(`${again.baseUrl}/api/v1/organisations/${o}`).then((r) => r.status)));
      results.forEach((status, j) => status !== 200 && missing.push(batch[j]!));
    }
    expect(missing).toEqual([]);
    expect(await stopGracefully(again)).toBe(0);
  }, 120_000);
});
