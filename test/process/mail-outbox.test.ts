import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrUpdateUser } from '../../src/auth/auth.service.js';
import { recordEvent } from '../../src/core/events.js';
import { createTestDatabase, dataTargets, type TestDatabase } from '../helpers/db.js';
import { startServe, type ServerProcess } from '../helpers/processes.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { untilMailSettled } from '../helpers/mail-pipeline.js';
import { until } from '../helpers/wait.js';

const FOLLOWERS = 25;

/**
 * The real `nytenk serve` with its background jobs, killed with SIGKILL after it queued the
 * digests and while it was sending the first one (the SMTP server takes the data and never
 * answers), then started again with a working SMTP server: every follower gets exactly one message.
 */
describe.each(dataTargets())('e-mail outbox across a crash on $name PostgreSQL', (target) => {
  let database: TestDatabase;
  let dataDir: string;
  const servers: ServerProcess[] = [];
  const smtps: TestSmtpServer[] = [];
  const emails: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(target);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-outbox-'));
    // Followers of one challenge who want mail at once, and something that happened to it.
    const poster = await createOrUpdateUser(database.db, { email: 'poster@bergen.kommune.no', name: 'Berit Bergen', password: 'et langt og trygt passord' });
    if (!poster.ok) throw new Error('poster');
    const org = await sql<{ id: string }>`select id::text as id from organisations where orgnr = '964338531'`.execute(database.db);
    const challenge = await database.db
      .insertInto('challenges')
      .values({ owner_org_id: org.rows[0]!.id, created_by: poster.user.id, title: 'Færre fall blant eldre', description: 'Tekst' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < FOLLOWERS; i++) {
      const email = `folger${i}@stavanger.kommune.no`;
      const u = await createOrUpdateUser(database.db, { email, name: `Følger ${i}`, password: 'et langt og trygt passord' });
      if (!u.ok) throw new Error('follower');
      emails.push(email);
      await database.db.updateTable('users').set({ email_frequency: 'instant' }).where('id', '=', u.user.id).execute();
      await database.db.insertInto('follows').values({ user_id: u.user.id, target_kind: 'challenge', target_key: challenge.id, label: 'Færre fall blant eldre', created_at: new Date(Date.now() - 60_000) }).execute();
    }
    await recordEvent(database.db, {
      kind: 'challenge.state',
      subjects: [`challenge:${challenge.id}`],
      actorUserId: poster.user.id,
      title: 'Færre fall blant eldre',
      path: `/challenges/${challenge.id}`,
      visibility: 'public',
      ownerOrgIds: [org.rows[0]!.id],
    });
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    for (const s of smtps) await s.close();
    await database?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('delivers each queued message exactly once after kill -9 between queuing and sending', async () => {
    const stalled = await startSmtpServer(0, { stall: true });
    smtps.push(stalled);
    const env = { DATABASE_URL: database.url, JOB_INTERVAL_MS: '100', LOG_LEVEL: 'warn', MAIL_FROM: 'Nytenk <ikke-svar@nytenk.test>', PUBLIC_URL: 'http://nytenk.test' };
    const first = await startServe(dataDir, { ...env, SMTP_URL: stalled.url });
    servers.push(first);

    // The first server fans out, queues one message per follower, and starts sending the first.
    let queued = 0;
    await until(
      async () => {
        const outbox = await database.db.selectFrom('outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
        queued = Number(outbox.n);
        return queued === FOLLOWERS && stalled.started() >= 1;
      },
      { what: `${FOLLOWERS} messages queued and the first one being sent`, timeout: 30_000, interval: 50, state: () => `queued ${queued}, started ${stalled.started()}:\n${first.output()}` },
    );
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    const beforeRestart = await database.db.selectFrom('outbox').select(['sent_at']).execute();
    expect(beforeRestart.filter((m) => m.sent_at !== null)).toHaveLength(0);

    // Started again with an SMTP server that works.
    const good = await startSmtpServer();
    smtps.push(good);
    const second = await startServe(dataDir, { ...env, SMTP_URL: good.url });
    servers.push(second);
    await good.waitFor(FOLLOWERS, 30_000);
    // Until nothing is left to send: a duplicate would have arrived by then.
    await untilMailSettled(database.db, good, { state: () => second.output() });
    expect(good.received.map((m) => m.to).sort()).toEqual([...emails].sort());
    expect(new Set(good.received.map((m) => m.messageId)).size).toBe(FOLLOWERS);
    for (const m of good.received) expect(m.text).toContain('http://nytenk.test/challenges/');
    const after = await database.db.selectFrom('outbox').select(['sent_at', 'delivered_via']).execute();
    expect(after.every((m) => m.sent_at !== null && m.delivered_via === 'smtp')).toBe(true);
    // And the notifications were queued once: one outbox row per follower.
    expect(after).toHaveLength(FOLLOWERS);
    second.child.kill('SIGTERM');
  }, 120_000);
});
