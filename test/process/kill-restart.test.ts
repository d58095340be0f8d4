import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, SoakLoad, seedSoak, verifyLedger, type SoakFixture } from '../../bench/soak-client.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { _internals } from '../../src/db/embedded.js';
import { createTestDatabase, dataTargets, type TestDatabase } from '../helpers/db.js';
import { startServe, stopGracefully, type ServerProcess } from '../helpers/processes.js';
import { registry } from '../../src/modules.js';

const CLIENTS = 20;
/** Writes acknowledged before the kill: enough that every kind of write is in the ledger. */
const WRITES_BEFORE_KILL = 80;
/** Write-heavy, with some reads so the kill also cuts pages and API reads. */
const MIX = { 'page-case': 3, 'page-home': 1, 'api-case': 3, 'write-create': 5, 'write-patch': 5, 'write-comment': 4, 'write-follow': 4 };

const postmasterOf = async (dir: string) => (await _internals.readPostmaster(_internals.layout(dir)))?.pid ?? null;

/**
 * The real `nytenk serve` under 20 concurrent clients (bench/soak-client.ts, the load of `npm run
 * soak`), killed with SIGKILL mid-load and started again on the same data: every write it had
 * answered with success (case drafts, edits, comments, follows) reads back through the API. On the
 * embedded database the server owns its PostgreSQL (a fresh data dir), so the restart must find and
 * reuse the postmaster the kill orphaned.
 */
describe.each(dataTargets())('kill -9 of the server mid-load ($name PostgreSQL)', (target) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let fixture: SoakFixture;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-kill-'));
    await fs.chmod(dataDir, 0o755);
    env = { WRITE_RATE_LIMIT: '100000' };
    if (target.name === 'embedded') {
      // Seeded through the same data dir; closing it stops the postmaster, so the server starts its own.
      const opened = await openDatabase(loadConfig({ NYTENK_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { derived: registry().derivedFunctions });
      try {
        fixture = await seedSoak(opened.db, { size: 100, writers: CLIENTS });
      } finally {
        await opened.close();
      }
    } else {
      database = await createTestDatabase(target);
      fixture = await seedSoak(database.db, { size: 100, writers: CLIENTS });
      env.DATABASE_URL = database.url;
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    const pm = await postmasterOf(dataDir);
    if (pm !== null && _internals.pidAlive(pm)) {
      process.kill(pm, 'SIGINT');
      await expect.poll(() => _internals.pidAlive(pm), { timeout: 10_000 }).toBe(false);
    }
    await fs.rm(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('keeps every acknowledged write, restarts on the same data and serves the same load again', async () => {
    const first = await startServe(dataDir, env);
    servers.push(first);
    const postmaster = await postmasterOf(dataDir);
    if (target.name === 'embedded') expect(postmaster).not.toBeNull();

    const ledger = new Ledger();
    const load = new SoakLoad({ clients: CLIENTS, fixture, ledger, mix: MIX, writersPerClient: 1 });
    const running = load.run(first.baseUrl, 60);
    await expect.poll(() => ledger.total, { timeout: 45_000, interval: 10 }).toBeGreaterThanOrEqual(WRITES_BEFORE_KILL);
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    load.cut();
    const beforeKill = await running;
    await exited;

    // No error before the kill; requests were in flight when it came (they are not acknowledged).
    expect(beforeKill.errors).toEqual([]);
    expect(beforeKill.total.cut).toBeGreaterThan(0);
    const acknowledged = ledger.acknowledged;
    for (const kind of ['creates', 'edits', 'comments', 'follows'] as const) expect(acknowledged[kind], kind).toBeGreaterThan(0);

    // Started again with no manual step; the embedded postmaster left running by the kill is reused.
    const again = await startServe(dataDir, env);
    servers.push(again);
    if (target.name === 'embedded') expect(await postmasterOf(dataDir)).toBe(postmaster);

    const verify = await verifyLedger(again.baseUrl, ledger, fixture.writers);
    expect(verify.problems).toEqual([]);
    expect(verify.lost).toBe(0);
    expect(verify.present).toBe(ledger.total);
    // The check notices a loss: told of a comment that was never written and of a later edit that never was.
    const invented = new Ledger();
    invented.comments.set('999999999', { caseId: fixture.caseIds[0]!, body: 'Finnes ikke' });
    const real = [...ledger.cases.values()][0]!;
    invented.cases.set(real.id, { ...real, titles: [...real.titles, 'Aldri lagret'], acked: [...real.acked, real.titles.length] });
    expect((await verifyLedger(again.baseUrl, invented, fixture.writers)).lost).toBe(2);

    const after = await load.run(again.baseUrl, 2);
    expect(after.errors).toEqual([]);
    expect(after.total.requests).toBeGreaterThan(0);

    expect(await stopGracefully(again)).toBe(0);
    if (postmaster !== null) await expect.poll(() => _internals.pidAlive(postmaster), { timeout: 10_000 }).toBe(false);
  }, 150_000);
});
