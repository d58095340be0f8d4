import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrUpdateUser, issueToken } from '../../src/auth/auth.service.js';
import { recordEvent } from '../../src/core/events.js';
import { findOrganisation, grantMembership } from '../../src/orgs/orgs.service.js';
import { createTestDatabase, dataTargets, type TestDatabase } from '../helpers/db.js';
import { startServe, type ServerProcess } from '../helpers/processes.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { untilMailSettled } from '../helpers/mail-pipeline.js';

const FOLLOWERS = 20;
const PASSWORD = 'et langt og trygt passord';

/**
 * Two `nytenk serve` processes on one database, as behind a load balancer: a session made on one
 * is valid on the other, both write, and their background jobs (both running) send each queued
 * message once.
 */
describe.each(dataTargets())('two app instances on one $name PostgreSQL', (target) => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  let token = '';

  beforeAll(async () => {
    database = await createTestDatabase(target);
    smtp = await startSmtpServer();
    const db = database.db;
    const writer = await createOrUpdateUser(db, { email: 'skriver@bergen.kommune.no', name: 'Berit Bergen', password: PASSWORD });
    if (!writer.ok) throw new Error('writer');
    const bergen = await findOrganisation(db, '964338531');
    if (!bergen.ok) throw new Error('bergen');
    await grantMembership(db, writer.user.id, bergen.org.id, 'member');
    token = (await issueToken(db, writer.user.id, 'test')).token;
    const challenge = await db.insertInto('challenges').values({ owner_org_id: bergen.org.id, created_by: writer.user.id, title: 'Delt behov', description: 'Tekst' }).returning('id').executeTakeFirstOrThrow();
    for (let i = 0; i < FOLLOWERS; i++) {
      const u = await createOrUpdateUser(db, { email: `folger${i}@stavanger.kommune.no`, name: `Følger ${i}`, password: PASSWORD });
      if (!u.ok) throw new Error('follower');
      await db.updateTable('users').set({ email_frequency: 'instant' }).where('id', '=', u.user.id).execute();
      await db.insertInto('follows').values({ user_id: u.user.id, target_kind: 'challenge', target_key: challenge.id, created_at: new Date(Date.now() - 60_000) }).execute();
    }
    await recordEvent(db, { kind: 'challenge.state', subjects: [`challenge:${challenge.id}`], actorUserId: writer.user.id, title: 'Delt behov', path: `/challenges/${challenge.id}`, visibility: 'public', ownerOrgIds: [bergen.org.id] });
    for (let i = 0; i < 2; i++) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-two-'));
      await fs.chmod(dir, 0o755);
      dirs.push(dir);
      servers.push(await startServe(dir, { DATABASE_URL: database.url, SMTP_URL: smtp.url, JOB_INTERVAL_MS: '100', PUBLIC_URL: 'http://nytenk.test' }));
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await smtp?.close();
    await database?.drop();
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it('shares sessions, takes writes on both, and sends each queued message once', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    // Sign in on A (the real form: CSRF cookie and token, then the session cookie).
    const form = await fetch(`${a.baseUrl}/signin`);
    const csrfCookie = (form.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const signedIn = await fetch(`${a.baseUrl}/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'skriver@bergen.kommune.no', password: PASSWORD, _csrf: csrf }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const session = (signedIn.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
    // The session made on A is valid on B.
    const profileOnB = await fetch(`${b.baseUrl}/profile`, { headers: { cookie: session }, redirect: 'manual' });
    expect(profileOnB.status).toBe(200);
    expect(await profileOnB.text()).toContain('Berit Bergen');

    // Writes through both; each sees the other's.
    const post = (base: string, title: string) =>
      fetch(`${base}/api/v1/challenges`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title, description: 'Behov', lookingFor: ['peers'], themes: ['https://psi.norge.no/los/tema/helse-og-omsorg'] }),
      });
    const onA = await post(a.baseUrl, 'Skrevet via A');
    const onB = await post(b.baseUrl, 'Skrevet via B');
    expect([onA.status, onB.status]).toEqual([201, 201]);
    const idA = ((await onA.json()) as { id: string }).id;
    const idB = ((await onB.json()) as { id: string }).id;
    expect((await fetch(`${b.baseUrl}/api/v1/challenges/${idA}`)).status).toBe(200);
    expect((await fetch(`${a.baseUrl}/api/v1/challenges/${idB}`)).status).toBe(200);

    // Both instances run the jobs: every follower gets one message, none gets two.
    await smtp.waitFor(FOLLOWERS, 30_000);
    // Until nothing is left to send: a message sent by both would have arrived twice by then.
    await untilMailSettled(database.db, smtp, { state: () => `${a.output()}\n${b.output()}` });
    const to = smtp.received.map((m) => m.to).sort();
    expect(to).toHaveLength(FOLLOWERS);
    expect(new Set(to).size).toBe(FOLLOWERS);
    const rows = await sql<{ n: number }>`select count(*)::int as n from outbox where sent_at is not null`.execute(database.db);
    expect(rows.rows[0]!.n).toBe(FOLLOWERS);
  }, 120_000);
});
