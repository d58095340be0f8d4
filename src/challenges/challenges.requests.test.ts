import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { createCaseViaApi } from '../../test/helpers/cases.js';
import { viewerOf } from '../core/viewer.js';
import { fanOutPending, queueDigests } from '../notifications/index.js';
import { can, type ResponseAccessFacts } from './challenges.access.js';
import { BAERUM, BERGEN, PARTNER_ORGNR, STAVANGER, bearer, createChallengeViaApi, createPartnerOrg, decideViaApi, respondViaApi } from '../../test/fixtures/challenges.js';
import * as q from './challenges.queries.js';

type User = Awaited<ReturnType<typeof createUser>>;
const site = { baseUrl: 'http://nytenk.test' };

/**
 * Issue 14, finding 7: joining as co-owner and «we solved this» are requests the owners accept or
 * decline, both sides are told, and a private proposal stays with the owners it was sent to.
 * Finding 9 (second half): the open-data responses name no hidden case. Checked in response and
 * e-mail bodies, where a reader would see a leak.
 */
describe.each(dataTargets())('challenge requests and private proposals on $name PostgreSQL', (target) => {
  let t: TestApp;
  const users = {} as Record<'bergen' | 'stavanger' | 'baerum' | 'partner', User>;
  const tokens = {} as Record<keyof typeof users, string>;
  const browsers = {} as Record<keyof typeof users, Browser>;

  beforeAll(async () => {
    t = await createTestApp(target);
    const seed = await createUser(t);
    await createPartnerOrg(t.app, await createToken(t, seed.id));
    users.bergen = await createUser(t, { org: BERGEN, name: 'Berit Bergen' });
    users.stavanger = await createUser(t, { org: STAVANGER, name: 'Stian Stavanger' });
    users.baerum = await createUser(t, { org: BAERUM, name: 'Bård Bærum' });
    users.partner = await createUser(t, { org: PARTNER_ORGNR, name: 'Pia Hemmeligsen' });
    for (const k of Object.keys(users) as (keyof typeof users)[]) {
      tokens[k] = await createToken(t, users[k].id);
      browsers[k] = new Browser(t);
      await browsers[k].signIn(users[k].email, users[k].password);
    }
  }, 60_000);
  afterAll(async () => t?.close());

  const api = (who: keyof typeof users | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(who ? tokens[who] : undefined), ...(payload ? { payload } : {}) });
  /** Everything a user is told, in the app and by e-mail (the digest written now). */
  const toldIn = async (who: keyof typeof users) => {
    const list = await api(who, 'GET', '/api/v1/notifications?per_page=100');
    const page = await browsers[who].get('/notifications');
    return { api: list.body, page: page.body, kinds: (list.json().items as { kind: string }[]).map((n) => n.kind) };
  };
  const mailTo = async (who: keyof typeof users) =>
    (await t.database.db.selectFrom('outbox').select(['text_body', 'html_body']).where('to_address', '=', users[who].email).orderBy('id').execute()).map((m) => `${m.text_body}\n${m.html_body}`).join('\n');

  it('a body that joins later does not read the private proposals sent before; joining waits for the owner, who is told', async () => {
    const id = await createChallengeViaApi(t.app, tokens.bergen, { title: 'Trygg hjemkomst fra sykehus' });
    const secret = await respondViaApi(t.app, tokens.partner, id, { kind: 'proposal', body: 'Pris 4711 kroner per bruker og måned' });

    // Stavanger asks to join: a request. It is no owner yet, may not edit, and the page says it waits.
    const join = await respondViaApi(t.app, tokens.stavanger, id, { kind: 'same_need', body: 'Samme behov i Stavanger.', joinAsCoOwner: true });
    expect(join.request).toEqual({ status: 'pending', canDecide: false });
    expect((await api(null, 'GET', `/api/v1/challenges/${id}`)).json().coOwners).toEqual([]);
    expect((await api('stavanger', 'PATCH', `/api/v1/challenges/${id}`, { title: 'Overtatt' })).statusCode).toBe(403);
    expect((await browsers.stavanger.get(`/challenges/${id}`)).body).toContain('Venter på svar fra eierne');
    // The public sees the «same need», not the request.
    const publicPage = (await t.app.inject(`/challenges/${id}`)).body;
    expect(publicPage).toContain('Samme behov i Stavanger.');
    expect(publicPage).not.toContain('Venter på svar fra eierne');
    expect((await api(null, 'GET', `/api/v1/challenges/${id}/responses`)).json().items.find((r: { id: string }) => r.id === join.id).request).toBeNull();
    // Only an owner decides: not the requester, not another body, not anonymous.
    expect((await api('stavanger', 'POST', `/api/v1/challenges/${id}/responses/${join.id}/accept`)).statusCode).toBe(403);
    expect((await api('baerum', 'POST', `/api/v1/challenges/${id}/responses/${join.id}/accept`)).statusCode).toBe(403);
    expect((await api(null, 'POST', `/api/v1/challenges/${id}/responses/${join.id}/accept`)).statusCode).toBe(401);

    // Bergen follows nothing, yet is told of the request, in the app and by e-mail.
    await fanOutPending(t.database.db);
    const bergenTold = await toldIn('bergen');
    expect(bergenTold.kinds).toContain('challenge.join_requested');
    expect(bergenTold.page).toContain('Ber om å bli medeier av utfordring');
    await t.database.db.updateTable('users').set({ email_frequency: 'instant' }).where('id', 'in', [users.bergen.id, users.stavanger.id]).execute();
    await queueDigests(t.database.db, site, { force: true });
    expect(await mailTo('bergen')).toContain('Ber om å bli medeier av utfordring: Trygg hjemkomst fra sykehus');

    // Bergen accepts on the page; Stavanger is told, in the app and by e-mail.
    const requests = /data-testid="requests">([\s\S]*?)<\/ul>/.exec((await browsers.bergen.get(`/challenges/${id}`)).body)![1]!;
    expect(requests).toContain('Stavanger');
    expect((await browsers.bergen.submit(`/challenges/${id}`, `/challenges/${id}/responses/${join.id}/accept`, {})).statusCode).toBe(303);
    expect((await api('bergen', 'POST', `/api/v1/challenges/${id}/responses/${join.id}/decline`)).statusCode).toBe(409);
    await fanOutPending(t.database.db);
    expect((await toldIn('stavanger')).kinds).toContain('challenge.join_accepted');
    await queueDigests(t.database.db, site, { force: true });
    expect(await mailTo('stavanger')).toContain('Ny medeier av utfordring: Trygg hjemkomst fra sykehus');

    // Now a co-owner: it edits, but the proposal sent before it joined, and who sent it, stay hidden.
    expect((await api('stavanger', 'PATCH', `/api/v1/challenges/${id}`, { usersConcerned: 'Også i Stavanger' })).statusCode).toBe(200);
    const seenByStavanger = [(await api('stavanger', 'GET', `/api/v1/challenges/${id}/responses`)).body, (await browsers.stavanger.get(`/challenges/${id}`)).body, (await api('stavanger', 'GET', `/api/v1/challenges/${id}`)).body];
    for (const body of seenByStavanger) {
      expect(body).not.toContain('4711');
      expect(body).not.toContain('Pia Hemmeligsen');
      expect(body).not.toContain(users.partner.email);
    }
    // Stavanger was not told of it either.
    expect((await toldIn('stavanger')).kinds).not.toContain('challenge.response');
    // Bergen (owner when it was sent) reads it and who sent it, and may share it.
    const bergenSees = (await api('bergen', 'GET', `/api/v1/challenges/${id}/responses`)).json().items.find((r: { id: string }) => r.id === secret.id);
    expect(bergenSees).toMatchObject({ body: 'Pris 4711 kroner per bruker og måned', sender: { name: 'Pia Hemmeligsen', email: users.partner.email }, canShare: true });
    expect((await api('stavanger', 'POST', `/api/v1/challenges/${id}/responses/${secret.id}/share`)).statusCode).toBe(404);

    // A proposal sent after it joined is Stavanger's to read at once.
    await respondViaApi(t.app, tokens.partner, id, { kind: 'proposal', body: 'Nytt tilbud etter at Stavanger kom med' });
    expect((await browsers.stavanger.get(`/challenges/${id}`)).body).toContain('Nytt tilbud etter at Stavanger kom med');

    // Bergen shares the old one (on the page): now Stavanger reads it.
    expect((await browsers.bergen.submit(`/challenges/${id}`, `/challenges/${id}/responses/${secret.id}/share`, {})).statusCode).toBe(303);
    const afterShare = (await browsers.stavanger.get(`/challenges/${id}`)).body;
    expect(afterShare).toContain('Pris 4711 kroner per bruker og måned');
    expect(afterShare).toContain('Pia Hemmeligsen');
  });

  it('a declined request changes nothing but is answered; the requester is told', async () => {
    const id = await createChallengeViaApi(t.app, tokens.bergen, { title: 'Digitale trygghetsalarmer' });
    const join = await respondViaApi(t.app, tokens.baerum, id, { kind: 'same_need', joinAsCoOwner: true });
    const declined = await decideViaApi(t.app, tokens.bergen, id, join.id, 'decline');
    expect(declined.request).toEqual({ status: 'declined', canDecide: false });
    expect((await api(null, 'GET', `/api/v1/challenges/${id}`)).json().coOwners).toEqual([]);
    expect((await api('baerum', 'PATCH', `/api/v1/challenges/${id}`, { title: 'x' })).statusCode).toBe(403);
    expect((await browsers.baerum.get(`/challenges/${id}`)).body).toContain('Avslått');
    expect((await t.app.inject(`/challenges/${id}`)).body).not.toContain('Avslått');
    await fanOutPending(t.database.db);
    const told = await toldIn('baerum');
    expect(told.kinds).toContain('challenge.join_declined');
    expect(told.page).toContain('Forespørsel om å bli medeier er avslått');
    // Declined is final: a second answer is a conflict (a page shows it as a notice).
    expect((await api('bergen', 'POST', `/api/v1/challenges/${id}/responses/${join.id}/accept`)).statusCode).toBe(409);
  });

  it('«we solved this» is shown only once accepted, and never with a case that is hidden since (page, API, open data, case page)', async () => {
    const id = await createChallengeViaApi(t.app, tokens.bergen, { title: 'Fallforebygging hjemme' });
    const caseId = await createCaseViaApi(t, tokens.baerum, { title: 'Sensorgulv i Bærum' });
    const link = await respondViaApi(t.app, tokens.baerum, id, { kind: 'solved', caseId, body: 'Løsningsmarkør Bærum' });
    expect(link.request.status).toBe('pending');
    const shown = async () => {
      const csv = (await t.app.inject('/open-data/challenge-responses.csv')).body;
      return {
        api: (await api(null, 'GET', `/api/v1/challenges/${id}`)).json().solvedBy.length > 0,
        page: (await t.app.inject(`/challenges/${id}`)).body.includes('Løsningsmarkør Bærum'),
        csv: csv.includes('Løsningsmarkør Bærum'),
        casePage: (await t.app.inject(`/cases/${caseId}`)).body.includes(`/challenges/${id}"`),
      };
    };
    expect(await shown()).toEqual({ api: false, page: false, csv: false, casePage: false });
    // The owner sees it to decide; accepted, it is public everywhere.
    expect((await api('bergen', 'GET', `/api/v1/challenges/${id}/responses`)).json().items.find((r: { id: string }) => r.id === link.id).request).toEqual({ status: 'pending', canDecide: true });
    await decideViaApi(t.app, tokens.bergen, id, link.id);
    expect(await shown()).toEqual({ api: true, page: true, csv: true, casePage: true });
    // Bærum hides the case: the response goes from the open data, the page and the API (finding 9).
    const hidden = await api('baerum', 'PATCH', `/api/v1/cases/${caseId}`, { visibility: 'own_org' });
    expect(hidden.statusCode, hidden.body).toBe(200);
    const after = await shown();
    expect(after.api || after.page || after.csv).toBe(false);
    expect((await t.app.inject('/open-data/challenge-responses.json')).body).not.toContain('Løsningsmarkør Bærum');
  });

  it('the SQL and the TypeScript forms of the read rules agree for every response and viewer', async () => {
    const id = await createChallengeViaApi(t.app, tokens.bergen, { title: 'Regelsjekk' });
    const caseId = await createCaseViaApi(t, tokens.baerum, { title: 'Offentlig sak' });
    const sectorCase = await createCaseViaApi(t, tokens.baerum, { title: 'Sektorsak', visibility: 'public_sector' });
    await respondViaApi(t.app, tokens.partner, id, { kind: 'proposal', body: 'Før' });
    await respondViaApi(t.app, tokens.partner, id, { kind: 'proposal', body: 'Offentlig', public: true });
    const join = await respondViaApi(t.app, tokens.stavanger, id, { kind: 'same_need', joinAsCoOwner: true });
    await respondViaApi(t.app, tokens.baerum, id, { kind: 'solved', caseId });
    const declined = await respondViaApi(t.app, tokens.baerum, id, { kind: 'solved', caseId: sectorCase });
    await decideViaApi(t.app, tokens.bergen, id, declined.id, 'decline');
    await decideViaApi(t.app, tokens.bergen, id, join.id);
    await respondViaApi(t.app, tokens.partner, id, { kind: 'proposal', body: 'Etter' });
    const db = t.database.db;
    const all = await db.selectFrom('challenge_responses').select('id').where('challenge_id', '=', id).orderBy('id').execute();
    const stored = (await q.loadChallenge(db, id))!;
    const facts = { ownerOrgId: stored.owner_org_id, coOwnerIds: stored.coOwnerIds };
    const memberships = async (u: User | null) => {
      if (!u) return [];
      const rows = await sql<{ organisationId: string; kind: string; role: string }>`
        select m.organisation_id::text as "organisationId", o.kind, m.role from memberships m join organisations o on o.id = m.organisation_id where m.user_id = ${u.id} and m.status = 'active'`.execute(db);
      return rows.rows.map((r) => ({ ...r, status: 'active' as const, orgnr: null, name: '' }));
    };
    for (const who of [null, users.bergen, users.stavanger, users.baerum, users.partner]) {
      const auth = who ? ({ user: { id: who.id, platformRole: null }, memberships: await memberships(who) } as unknown as Parameters<typeof viewerOf>[0]) : null;
      const viewer = viewerOf(auth);
      const viaSql = await q.listResponses(db, id, viewer);
      for (const { id: rid } of all) {
        const r = (await q.loadResponse(db, id, rid))!;
        const rf: ResponseAccessFacts = {
          kind: r.kind,
          public: r.public,
          requestStatus: r.requestStatus,
          orgId: r.orgId,
          readerOrgIds: r.readerOrgIds.map(String),
          case: r.caseId && r.caseOwnerOrgId ? { ownerOrgId: r.caseOwnerOrgId, coOwnerIds: r.caseCoOwnerIds, published: r.casePublished, visibility: r.caseVisibility as 'public' } : null,
        };
        const row = viaSql.find((x) => x.id === rid);
        const label = `${who?.email ?? 'anonymous'} × response ${rid} (${r.kind})`;
        expect(row !== undefined, label).toBe(can('readResponse', viewer, facts, rf));
        if (row) {
          expect(row.senderName !== null, `${label}: sender`).toBe(can('readSender', viewer, facts, rf));
          expect(row.requestStatus !== null, `${label}: request`).toBe(can('readRequest', viewer, facts, rf) && rf.requestStatus !== null);
          expect(row.canDecide, `${label}: decide`).toBe(can('decideRequest', viewer, facts, rf));
          expect(row.canShare, `${label}: share`).toBe(can('shareProposal', viewer, facts, rf));
        }
      }
    }
  });
});
