import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createToken, createUser, csrfFrom, mergeCookies, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { createCaseViaApi, THEME_SCHOOL } from '../../test/helpers/cases.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/helpers/smtp.js';
import { BERGEN, STAVANGER, bearer, createChallengeViaApi, createPartnerOrg, decideViaApi, respondViaApi, PARTNER_ORGNR } from '../../test/fixtures/challenges.js';
import { smtpMailer } from './mailer.js';
import { fanOutPending, queueDigests, sendDue } from './notifications.service.js';

const OSLO = '958935420';
const site = { baseUrl: 'http://nytenk.test' };

describe.each(dataTargets())('following and notifications on $name PostgreSQL', (target) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  const tokens: Record<string, string> = {};
  const users: Record<string, { id: string; email: string; password: string }> = {};

  const signIn = async (email: string, password: string) => {
    const page = await t.app.inject({ method: 'GET', url: '/signin' });
    let cookies = mergeCookies('', page);
    const res = await t.app.inject({ method: 'POST', url: '/signin', headers: { cookie: cookies }, payload: { email, password, _csrf: csrfFrom(page.body) } });
    cookies = mergeCookies(cookies, res);
    return cookies;
  };
  const follow = (who: string, kind: string, key: string) => t.app.inject({ method: 'POST', url: '/api/v1/following', headers: bearer(tokens[who]), payload: { kind, key } });
  const notificationsOf = async (who: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: bearer(tokens[who]) })).json();

  beforeAll(async () => {
    t = await createTestApp(target);
    smtp = await startSmtpServer();
    for (const [name, org] of [['bergen', BERGEN], ['stavanger', STAVANGER], ['oslo', OSLO], ['partner', PARTNER_ORGNR]] as const) {
      if (org === PARTNER_ORGNR) await createPartnerOrg(t.app, tokens.bergen!);
      const u = await createUser(t, { name: `${name} bruker`, org });
      users[name] = u;
      tokens[name] = await createToken(t, u.id);
    }
  }, 60_000);
  afterAll(async () => {
    await smtp?.close();
    await t?.close();
  });

  it('follows what exists and the user may see; refuses the rest with problem+json naming the field', async () => {
    const challengeId = await createChallengeViaApi(t.app, tokens.bergen!);
    expect((await follow('stavanger', 'challenge', challengeId)).statusCode).toBe(201);
    expect((await follow('stavanger', 'challenge', challengeId)).statusCode).toBe(200); // already followed: no second row
    const missing = await follow('stavanger', 'challenge', '999999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    const bad = await follow('stavanger', 'planet', 'mars');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors?.[0]?.field ?? bad.json().detail).toMatch(/kind/);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/following', payload: { kind: 'challenge', key: challengeId } });
    expect(anonymous.statusCode).toBe(401);
    // A draft case of Oslo's is not Stavanger's to follow.
    const draft = await createCaseViaApi(t, tokens.oslo!, { title: 'Oslos kladd om skolevei' }, false);
    expect((await follow('stavanger', 'case', draft)).statusCode).toBe(404);
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/following', headers: bearer(tokens.stavanger) })).json();
    expect(list.items).toEqual([expect.objectContaining({ kind: 'challenge', key: challengeId, label: 'Færre fall blant hjemmeboende eldre' })]);
  });

  it('follows an organisation by its organisation number (spaces allowed) and stops by the same number', async () => {
    const byOrgnr = await follow('stavanger', 'organisation', '964 338 531');
    expect(byOrgnr.statusCode, byOrgnr.body).toBe(201);
    expect(byOrgnr.json()).toMatchObject({ kind: 'organisation', label: expect.stringMatching(/Bergen/) });
    // The same organisation by its internal id (as the page's follow form sends it) is the same follow.
    expect((await follow('stavanger', 'organisation', byOrgnr.json().key)).statusCode).toBe(200);
    expect((await follow('stavanger', 'organisation', '999999999')).statusCode).toBe(404);
    const stop = await t.app.inject({ method: 'DELETE', url: '/api/v1/following?kind=organisation&key=964338531', headers: bearer(tokens.stavanger) });
    expect(stop.statusCode, stop.body).toBeLessThan(300);
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/following', headers: bearer(tokens.stavanger) })).json();
    expect(list.items.filter((i: { kind: string }) => i.kind === 'organisation')).toEqual([]);
  });

  it('tells followers what happened, not the one who did it, and a private proposal only to the owners', async () => {
    const challengeId = await createChallengeViaApi(t.app, tokens.bergen!, { title: 'Smart vannmåling' });
    for (const who of ['stavanger', 'oslo', 'bergen']) expect((await follow(who, 'challenge', challengeId)).statusCode).toBe(201);
    // Stavanger asks to join as co-owner and Bergen accepts; the partner sends a private proposal; Bergen moves it to dialogue.
    const join = await respondViaApi(t.app, tokens.stavanger!, challengeId, { kind: 'same_need', body: 'Vi også', joinAsCoOwner: true });
    await decideViaApi(t.app, tokens.bergen!, challengeId, join.id);
    await respondViaApi(t.app, tokens.partner!, challengeId, { kind: 'proposal', body: 'Vi har målere' });
    const moved = await t.app.inject({ method: 'POST', url: `/api/v1/challenges/${challengeId}/state`, headers: bearer(tokens.bergen), payload: { state: 'dialogue', reason: 'Vi snakker med Stavanger' } });
    expect(moved.statusCode, moved.body).toBe(200);

    // Nothing yet: the fan-out runs in the background, not in the request.
    expect((await notificationsOf('oslo')).total).toBe(0);
    const fanned = await fanOutPending(t.database.db);
    expect(fanned.events).toBeGreaterThanOrEqual(4);

    const kinds = async (who: string) => ((await notificationsOf(who)).items as { kind: string; path: string }[]).filter((n) => n.path.startsWith(`/challenges/${challengeId}`)).map((n) => n.kind).sort();
    // Oslo follows but owns nothing: hears of the new co-owner and the state change, not of the request or the private proposal.
    expect(await kinds('oslo')).toEqual(['challenge.join_accepted', 'challenge.state']);
    // Stavanger hears it was accepted, then (a co-owner when it was sent) of the proposal, and the move.
    expect(await kinds('stavanger')).toEqual(['challenge.join_accepted', 'challenge.response', 'challenge.state']);
    // Bergen hears of the request and the proposal, not of its own acceptance or state change.
    expect(await kinds('bergen')).toEqual(['challenge.join_requested', 'challenge.response']);
    // Fanning out again makes nothing new.
    expect((await fanOutPending(t.database.db)).notifications).toBe(0);
  });

  it('shows the unread count in the menu, lists the notifications on a page and marks them read', async () => {
    const cookies = await signIn(users.oslo!.email, users.oslo!.password);
    const unread = (await notificationsOf('oslo')).unread as number;
    expect(unread).toBeGreaterThan(0);
    const page = await t.app.inject({ method: 'GET', url: '/notifications', headers: { cookie: cookies } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Varsler (${unread} uleste)`);
    expect(page.body).toContain('Utfordring har ny status');
    const read = await t.app.inject({ method: 'POST', url: '/notifications/read', headers: { cookie: cookies }, payload: { all: 'true', _csrf: csrfFrom(page.body) } });
    expect(read.statusCode).toBe(303);
    expect((await notificationsOf('oslo')).unread).toBe(0);
    const after = await t.app.inject({ method: 'GET', url: '/notifications', headers: { cookie: cookies } });
    expect(after.body).toMatch(/>Varsler</);
    // Without the CSRF token the form is refused.
    expect((await t.app.inject({ method: 'POST', url: '/notifications/read', headers: { cookie: cookies }, payload: { all: 'true' } })).statusCode).toBe(403);
  });

  it('follows and unfollows with the forms on the pages (organisation, search), and refuses a form without CSRF', async () => {
    const cookies = await signIn(users.partner!.email, users.partner!.password);
    const orgPage = await t.app.inject({ method: 'GET', url: `/organisations/${BERGEN}`, headers: { cookie: cookies } });
    expect(orgPage.body).toContain('action="/follow"');
    const key = /name="kind" value="organisation"\/><input type="hidden" name="key" value="(\d+)"/.exec(orgPage.body)?.[1];
    expect(key).toBeTruthy();
    const csrf = csrfFrom(orgPage.body);
    expect((await t.app.inject({ method: 'POST', url: '/follow', headers: { cookie: cookies }, payload: { kind: 'organisation', key: key! } })).statusCode).toBe(403);
    const followed = await t.app.inject({ method: 'POST', url: '/follow', headers: { cookie: cookies }, payload: { kind: 'organisation', key: key!, return: `/organisations/${BERGEN}`, _csrf: csrf } });
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toBe(`/organisations/${BERGEN}`);
    const after = await t.app.inject({ method: 'GET', url: `/organisations/${BERGEN}`, headers: { cookie: mergeCookies(cookies, followed) } });
    expect(after.body).toContain('action="/unfollow"');
    expect(after.body).toContain('1 følger');
    // A return address elsewhere is not followed.
    const offsite = await t.app.inject({ method: 'POST', url: '/unfollow', headers: { cookie: cookies }, payload: { kind: 'organisation', key: key!, return: '//evil.example/', _csrf: csrf } });
    expect(offsite.headers.location).toBe('/notifications/settings');
    // The search page offers to follow the search, and the theme when one is chosen.
    const searchPage = await t.app.inject({ method: 'GET', url: `/search?q=vann&theme=${encodeURIComponent(THEME_SCHOOL)}`, headers: { cookie: cookies } });
    expect(searchPage.body).toContain('name="kind" value="search"');
    expect(searchPage.body).toContain('name="kind" value="theme"');
    // Signed out: a link to sign in instead.
    expect((await t.app.inject({ method: 'GET', url: `/organisations/${BERGEN}` })).body).toContain(`/signin?next=${encodeURIComponent(`/organisations/${BERGEN}`)}`);
  });

  it('tells those who follow a saved search, a theme or an organisation of a newly published case that matches', async () => {
    expect((await follow('stavanger', 'search', 'q=skolevei  trygg&type=service')).statusCode).toBe(201);
    expect((await follow('bergen', 'theme', THEME_SCHOOL)).statusCode).toBe(201);
    const osloOrg = await sql<{ id: string }>`select id::text as id from organisations where orgnr = ${OSLO}`.execute(t.database.db);
    expect((await follow('partner', 'organisation', osloOrg.rows[0]!.id)).statusCode).toBe(201);
    await fanOutPending(t.database.db);
    const before = { stavanger: (await notificationsOf('stavanger')).total, bergen: (await notificationsOf('bergen')).total, partner: (await notificationsOf('partner')).total };
    const caseId = await createCaseViaApi(t, tokens.oslo!, { title: 'Trygg skolevei med app', types: ['service'] });
    const other = await createCaseViaApi(t, tokens.oslo!, { title: 'Lekkasjesøk i vannledninger', summary: 'Akustiske sensorer finner lekkasjer.', types: ['product'], themes: ['https://psi.norge.no/los/tema/natur-klima-og-miljo'] });
    await fanOutPending(t.database.db);
    const newFor = async (who: 'stavanger' | 'bergen' | 'partner') => ((await notificationsOf(who)).items as { path: string; kind: string }[]).slice(0, (await notificationsOf(who)).total - before[who]);
    expect((await newFor('stavanger')).map((n) => n.path)).toEqual([`/cases/${caseId}`]);
    expect((await newFor('bergen')).map((n) => n.path)).toEqual([`/cases/${caseId}`]);
    expect((await newFor('partner')).map((n) => n.path).sort()).toEqual([`/cases/${caseId}`, `/cases/${other}`].sort());
  });

  it('e-mails a digest through a real SMTP server once, with a one-click unsubscribe that works without a session', async () => {
    await t.database.db.updateTable('users').set({ email_frequency: 'daily' }).where('id', '=', users.stavanger!.id).execute();
    await fanOutPending(t.database.db);
    const queued = await queueDigests(t.database.db, site, { force: true });
    expect(queued).toBeGreaterThanOrEqual(1);
    // Queuing again finds nothing new: each notification goes out in one digest only.
    expect(await queueDigests(t.database.db, site, { force: true })).toBe(0);

    const mailer = smtpMailer(smtp.url, 'Nytenk <ikke-svar@nytenk.test>');
    try {
      const sent = await sendDue(t.database.db, mailer);
      expect(sent.failed).toBe(0);
      expect(sent.sent).toBe(queued);
      expect((await sendDue(t.database.db, mailer)).sent).toBe(0);
    } finally {
      mailer.close();
    }
    const received = await smtp.waitFor(queued);
    const mail = received.find((m) => m.to === users.stavanger!.email)!;
    expect(mail.subject).toMatch(/^Nytenk: \d+ nye? varsler?$/);
    expect(mail.text).toContain('Smart vannmåling');
    expect(mail.text).toContain('http://nytenk.test/challenges/');
    expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = /^<(http:\/\/nytenk\.test\/unsubscribe\/[0-9a-f]{32})>$/.exec(mail.header('List-Unsubscribe') ?? '')?.[1];
    expect(unsubscribe).toBeTruthy();
    // Sent once: one message per Message-ID.
    expect(new Set(received.map((m) => m.messageId)).size).toBe(received.length);

    // The mail program's one-click POST: no cookie, no CSRF token.
    const path = new URL(unsubscribe!).pathname;
    const asked = await t.app.inject({ method: 'GET', url: path });
    expect(asked.statusCode).toBe(200);
    expect((await t.database.db.selectFrom('users').select('email_frequency').where('id', '=', users.stavanger!.id).executeTakeFirstOrThrow()).email_frequency).toBe('daily');
    const oneClick = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(200);
    expect((await t.database.db.selectFrom('users').select('email_frequency').where('id', '=', users.stavanger!.id).executeTakeFirstOrThrow()).email_frequency).toBe('never');
    expect((await t.app.inject({ method: 'POST', url: '/unsubscribe/0123456789abcdef0123456789abcdef', payload: {} })).statusCode).toBe(404);
  });

  it('e-mails a weekly reader at most once a week, and not at once for the first news', async () => {
    const reader = await createUser(t, { name: 'Vera Ukentlig', org: STAVANGER });
    const readerToken = await createToken(t, reader.id);
    const challengeId = await createChallengeViaApi(t.app, tokens.bergen!, { title: 'Ukentlig sammendrag' });
        expect((await t.app.inject({ method: 'POST', url: '/api/v1/following', headers: bearer(readerToken), payload: { kind: 'challenge', key: challengeId } })).statusCode).toBe(201);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/challenges/${challengeId}`, headers: bearer(tokens.bergen), payload: { description: 'Første endring.' } });
    await fanOutPending(t.database.db);
    const outboxFor = async () => (await t.database.db.selectFrom('outbox').select('id').where('to_address', '=', reader.email).execute()).length;
    // Weekly by default; fresh news: not yet.
    await queueDigests(t.database.db, site, { frequencies: ['weekly'] });
    expect(await outboxFor()).toBe(0);
    // A week later it goes, once.
    await sql`update notifications set created_at = now() - interval '8 days' where user_id = ${reader.id}::bigint`.execute(t.database.db);
    await queueDigests(t.database.db, site, { frequencies: ['weekly'] });
    expect(await outboxFor()).toBe(1);
    // More news the next day waits for next week.
    await t.app.inject({ method: 'PATCH', url: `/api/v1/challenges/${challengeId}`, headers: bearer(tokens.bergen), payload: { description: 'Andre endring.' } });
    await fanOutPending(t.database.db);
    await sql`update notifications set created_at = now() - interval '8 days' where user_id = ${reader.id}::bigint and emailed_in is null`.execute(t.database.db);
    await queueDigests(t.database.db, site, { frequencies: ['weekly'] });
    expect(await outboxFor()).toBe(1);
    await sql`update users set last_digest_at = now() - interval '7 days' where id = ${reader.id}::bigint`.execute(t.database.db);
    await queueDigests(t.database.db, site, { frequencies: ['weekly'] });
    expect(await outboxFor()).toBe(2);
  });

  it('keeps a message and retries later when the SMTP server is down; nothing is lost', async () => {
    const challengeId = await createChallengeViaApi(t.app, tokens.bergen!, { title: 'Digital postkasse for eldre' });
    await t.database.db.updateTable('users').set({ email_frequency: 'instant' }).where('id', '=', users.oslo!.id).execute();
    expect((await follow('oslo', 'challenge', challengeId)).statusCode).toBe(201);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/challenges/${challengeId}`, headers: bearer(tokens.bergen), payload: { description: 'Ny tekst om digital post.' } });
    await fanOutPending(t.database.db);
    expect(await queueDigests(t.database.db, site)).toBeGreaterThanOrEqual(1);
    const down = await startSmtpServer();
    const downUrl = down.url;
    await down.close();
    const mailer = smtpMailer(downUrl, 'Nytenk <ikke-svar@nytenk.test>');
    try {
      const result = await sendDue(t.database.db, mailer);
      expect(result.sent).toBe(0);
      expect(result.failed).toBeGreaterThanOrEqual(1);
    } finally {
      mailer.close();
    }
    const pending = await t.database.db.selectFrom('outbox').select(['attempts', 'last_error', 'sent_at']).where('to_address', '=', users.oslo!.email).where('sent_at', 'is', null).execute();
    expect(pending.length).toBeGreaterThanOrEqual(1);
    expect(pending[0]!.attempts).toBe(1);
    expect(pending[0]!.last_error).toBeTruthy();
    // When it is due again and the server is back, it goes out.
    await t.database.db.updateTable('outbox').set({ next_attempt_at: new Date(Date.now() - 1000) }).where('sent_at', 'is', null).execute();
    const good = smtpMailer(smtp.url, 'Nytenk <ikke-svar@nytenk.test>');
    try {
      expect((await sendDue(t.database.db, good)).sent).toBeGreaterThanOrEqual(1);
    } finally {
      good.close();
    }
    expect(smtp.received.some((m) => m.to === users.oslo!.email && m.text.includes('Digital postkasse for eldre'))).toBe(true);
  });
});
