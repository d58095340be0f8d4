import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrUpdateUser } from '../../src/auth/auth.service.js';
import type { AuthContext } from '../../src/http/context.js';
import { inviteWorkplaces, openRound } from '../../src/barometer/barometer.service.js';
import { addDays, osloToday } from '../../src/barometer/barometer.validation.js';
import { BARRIERS, BACKGROUND, DRIVERS, INNOVATION_YES, LATEST, tokenFromText } from '../fixtures/barometer.js';
import { createTestDatabase, dataTargets, type TestDatabase } from '../helpers/db.js';
import { startServe, type ServerProcess } from '../helpers/processes.js';

/** A browser without an account, over real HTTP: cookies kept, redirects not followed. */
class HttpRespondent {
  cookies = new Map<string, string>();
  constructor(public baseUrl: string) {}

  private remember(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(p: string) {
    const res = await fetch(this.baseUrl + p, { redirect: 'manual', headers: { cookie: this.cookieHeader(), accept: 'text/html' } });
    this.remember(res);
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }
  async post(p: string, fields: [string, string][]) {
    const page = await this.get(p);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!csrf) throw new Error(`no form on ${p}: ${page.status}`);
    const res = await fetch(this.baseUrl + p, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams([...fields, ['_csrf', csrf]]).toString(),
    });
    this.remember(res);
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }
}

/**
 * The real `nytenk serve`: a respondent fills the first page over HTTP, the server is killed with
 * SIGKILL, started again, and the same link resumes where they left off with the saved answers.
 */
describe.each(dataTargets())('barometer questionnaire across a crash on $name PostgreSQL', (target) => {
  let database: TestDatabase;
  let dataDir: string;
  const servers: ServerProcess[] = [];
  let token = '';

  beforeAll(async () => {
    database = await createTestDatabase(target);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-barometer-'));
    const u = await createOrUpdateUser(database.db, { email: 'analytiker@ks.no', name: 'Ana Lytiker', password: 'et langt og trygt passord', platformRole: 'analyst' });
    if (!u.ok) throw new Error('analyst');
    const auth: AuthContext = { user: { id: u.user.id, email: u.user.email, name: u.user.name, platformRole: 'analyst' }, memberships: [], via: 'token' };
    const round = await openRound(database.db, auth, { title: 'Barometeret 2026', year: 2026, closesOn: addDays(osloToday(), 20) });
    if (!round.ok) throw new Error(JSON.stringify(round));
    const invited = await inviteWorkplaces(database.db, auth, round.roundId, '964338531', { text: 'Årstad skole; kommunal; 10-49; leder@bergen.kommune.no', language: 'nb' }, { baseUrl: 'http://nytenk.test' });
    if (!invited.ok) throw new Error(JSON.stringify(invited));
    const mail = await database.db.selectFrom('outbox').select('text_body').executeTakeFirstOrThrow();
    token = tokenFromText(mail.text_body);
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await database?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('resumes a half-filled questionnaire after kill -9 of the server', async () => {
    // No background jobs: the outbox is not the point here, and mail would only wait for SMTP.
    const env = { DATABASE_URL: database.url, BACKGROUND_JOBS: 'false', LOG_LEVEL: 'warn' };
    const first = await startServe(dataDir, env);
    servers.push(first);
    const r = new HttpRespondent(first.baseUrl);
    const open = await r.get(`/barometer/answer/${token}`);
    expect(open.status).toBe(303);
    expect(open.location).toBe(`/barometer/answer/${token}/innovation`);
    const saved = await r.post(`/barometer/answer/${token}/innovation`, INNOVATION_YES);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/barometer/answer/${token}/latest`);

    const exited = new Promise((res) => first.child.once('exit', res));
    first.child.kill('SIGKILL');
    await exited;

    const second = await startServe(dataDir, env);
    servers.push(second);
    // A new browser (the old cookies are gone with it): the link alone resumes.
    const again = new HttpRespondent(second.baseUrl);
    const resumed = await again.get(`/barometer/answer/${token}`);
    expect(resumed.status).toBe(303);
    expect(resumed.location).toBe(`/barometer/answer/${token}/latest`);
    const page1 = await again.get(`/barometer/answer/${token}/innovation`);
    expect(page1.body).toMatch(/name="innovated" value="yes" checked/);
    expect(page1.body).toMatch(/name="innovationCount" value="2-3" checked/);
    // And it can be finished.
    for (const [page, fields] of [['latest', LATEST], ['drivers', DRIVERS], ['barriers', BARRIERS], ['background', BACKGROUND]] as const) {
      expect((await again.post(`/barometer/answer/${token}/${page}`, [...fields])).status).toBe(303);
    }
    const review = await again.get(`/barometer/answer/${token}/review`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(review.body)![1]!;
    const submit = await fetch(`${second.baseUrl}/barometer/answer/${token}/submit`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: [...again.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(submit.status).toBe(303);
    const answers = await database.db.selectFrom('barometer_answers').select(['innovated', 'innovation_count']).execute();
    expect(answers).toEqual([{ innovated: true, innovation_count: '2-3' }]);
    second.child.kill('SIGTERM');
  }, 180_000);
});
