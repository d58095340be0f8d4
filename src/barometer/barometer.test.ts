import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, csrfFrom, mergeCookies, type TestApp } from '../../test/helpers/app.js';
import { createCaseViaApi } from '../../test/helpers/cases.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/helpers/smtp.js';
import { smtpMailer } from '../notifications/index.js';
import { sendDue } from '../notifications/index.js';
import { addDays, osloToday } from './barometer.validation.js';
import { answerAll, BACKGROUND, BARRIERS, BERGEN, bearer, DRIVERS, INNOVATION_NO, INNOVATION_YES, LATEST, openRoundViaApi, Respondent, STAVANGER, tokenFromText } from '../../test/fixtures/barometer.js';

describe.each(dataTargets())('barometer collection on $name PostgreSQL', (target) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let analystToken = '';
  let bergenAdmin: Awaited<ReturnType<typeof createUser>>;
  let bergenToken = '';
  let roundId = '';
  let caseId = '';
  const tokens = new Map<string, string>();

  /** Sends the outbox through the real SMTP server; returns the link token for each address. */
  const deliver = async () => {
    const mailer = smtpMailer(smtp.url, 'Nytenk <ikke-svar@nytenk.test>');
    try {
      await sendDue(t.database.db, mailer);
    } finally {
      mailer.close();
    }
    for (const m of smtp.received) tokens.set(m.to, tokenFromText(m.text));
  };

  const invitePage = () => `/barometer/rounds/${roundId}/invitations/${BERGEN}`;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(target, { publicUrl: 'http://nytenk.test' });
    analystToken = await createToken(t, (await createUser(t, { platformRole: 'analyst' })).id);
    bergenAdmin = await createUser(t, { org: BERGEN, role: 'org_admin' });
    bergenToken = await createToken(t, bergenAdmin.id);
    caseId = await createCaseViaApi(t, bergenToken, { title: 'Digital skoleskyss' });
    roundId = await openRoundViaApi(t.app, analystToken);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('lists the round and gives its questionnaire in the language asked for', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/barometer/rounds' });
    expect(list.statusCode).toBe(200);
    const round = list.json().items.find((r: { id: string }) => r.id === roundId);
    expect(round).toMatchObject({ state: 'open', questionnaireVersion: 1, periodTo: addDays(osloToday(), -1) });
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${roundId}` });
    expect(one.json().title).toBe('Innovasjonsbarometeret 2026');
    for (const lang of ['nb', 'nn', 'en']) {
      const q = await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${roundId}/questionnaire?lang=${lang}` });
      expect(q.statusCode).toBe(200);
      const body = q.json();
      expect(body.language).toBe(lang);
      expect(body.items.find((i: { id: string }) => i.id === 'latest.initiators')).toMatchObject({ kind: 'multi_choice', max: 3, condition: 'innovated' });
    }
    const en = (await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${roundId}/questionnaire?lang=en` })).json();
    expect(en.items[0].question).toMatch(/^Has your workplace introduced/);
  });

  it('refuses a round with wrong dates, naming the fields (API and page, input kept)', async () => {
    const today = osloToday();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/barometer/rounds', headers: bearer(analystToken), payload: { title: 'X', year: 2026, key: 'x-round', opensOn: today, closesOn: addDays(today, -3) } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['closesOn']);
    const taken = await t.app.inject({ method: 'POST', url: '/api/v1/barometer/rounds', headers: bearer(analystToken), payload: { title: 'Igjen', year: 2026, closesOn: addDays(today, 5) } });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().errors[0].field).toBe('key');

    const analyst = await createUser(t, { platformRole: 'analyst' });
    const b = new Browser(t);
    await b.signIn(analyst.email, analyst.password);
    const page = await b.submit('/barometer/rounds', '/barometer/rounds', { title: 'Runde med feil', year: '2026', key: 'feil', periodFrom: '2024-01-01', periodTo: '2025-12-31', opensOn: today, closesOn: 'i morgen' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('ds-error-summary');
    expect(page.body).toContain('href="#field-closesOn"');
    expect(page.body).toContain('value="Runde med feil"');
    expect(page.body).toContain('value="i morgen"');
  });

  it('names every wrong line of the workplaces and keeps what was typed', async () => {
    const b = new Browser(t);
    await b.signIn(bergenAdmin.email, bergenAdmin.password);
    const text = 'Navn; Sektor; Størrelse; E-post\nÅrstad skole; kommunal; 10-49; leder@arstad\n; ; 7; \nLandås skole; kommunal; 50-249\n';
    const res = await b.submit(invitePage(), invitePage(), { workplaces: text, language: 'nb' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Linje 2 har en ugyldig e-postadresse.');
    expect(res.body).toContain('Linje 3 mangler navn på arbeidsplassen, har en ukjent størrelse');
    expect(res.body).toContain('Linje 4 har ikke fire felt');
    expect(res.body).toContain('href="#field-workplaces"');
    expect(res.body).toContain('Årstad skole; kommunal; 10-49; leder@arstad');
    const api = await t.app.inject({
      method: 'POST',
      url: `/api/v1/barometer/rounds/${roundId}/invitations/${BERGEN}`,
      headers: bearer(bergenToken),
      payload: { workplaces: [{ unitName: 'A', sizeBand: '10-49', email: 'a@bergen.kommune.no' }, { unitName: 'B', sizeBand: 'stor', email: 'b@bergen.kommune.no' }] },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().errors).toEqual([{ field: 'workplaces[1]', message: 'Line 2 has an unknown size (use 1-9, 10-49, 50-249 or 250+).' }]);
    expect(await t.database.db.selectFrom('barometer_invitations').selectAll().execute()).toHaveLength(0);
  });

  it('invites workplaces and e-mails each leader a working one-time link through the outbox', async () => {
    const b = new Browser(t);
    await b.signIn(bergenAdmin.email, bergenAdmin.password);
    const text = ['Årstad skole\tkommunal\t10–49\tleder.arstad@bergen.kommune.no', 'Landås skole;;50-249;leder.landas@bergen.kommune.no', 'Fana sykehjem; kommune; 250+; leder.fana@bergen.kommune.no', 'Bergen bibliotek; kommunal; 1-9; leder.bibliotek@bergen.kommune.no'].join('\n');
    const res = await b.submit(invitePage(), invitePage(), { workplaces: text, language: 'nb' });
    expect(res.statusCode).toBe(303);
    const outbox = await t.database.db.selectFrom('outbox').select(['kind', 'to_address', 'user_id']).execute();
    expect(outbox.map((o) => o.kind)).toEqual(['system', 'system', 'system', 'system']);
    // The same workplace twice is refused.
    const again = await b.submit(invitePage(), invitePage(), { workplaces: 'Fana sykehjem; kommunal; 250+; LEDER.fana@bergen.kommune.no', language: 'nb' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Linje 1 er allerede invitert i denne runden.');

    await deliver();
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['leder.arstad@bergen.kommune.no', 'leder.bibliotek@bergen.kommune.no', 'leder.fana@bergen.kommune.no', 'leder.landas@bergen.kommune.no']);
    const mail = smtp.received.find((m) => m.to === 'leder.arstad@bergen.kommune.no')!;
    expect(mail.subject).toBe('Invitasjon: Innovasjonsbarometeret 2026');
    expect(mail.text).toContain('Årstad skole i Bergen kommune');
    expect(mail.text).toMatch(/http:\/\/nytenk\.test\/barometer\/answer\/[A-Za-z0-9_-]{43}\?lang=nb/);
    // Only the hash of the link's secret is stored.
    const stored = await t.database.db.selectFrom('barometer_invitation_tokens').select('token_hash').execute();
    expect(stored).toHaveLength(4);
    for (const s of stored) expect(s.token_hash.length).toBe(32);
    const token = tokens.get('leder.arstad@bergen.kommune.no')!;
    expect(JSON.stringify(await t.database.db.selectFrom('barometer_invitations').selectAll().execute())).not.toContain(token);
    // The link opens the questionnaire without an account.
    const r = new Respondent(t.app, token);
    const open = await r.get(`/barometer/answer/${token}`);
    expect(open.statusCode).toBe(303);
    expect(open.headers.location).toBe(`/barometer/answer/${token}/innovation`);
    const first = await r.get(open.headers.location as string);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Årstad skole i Bergen kommune');
    // The invitation page lists them, with the response rate.
    const page = await b.get(invitePage());
    expect(page.body).toContain('leder.landas@bergen.kommune.no');
    expect(page.body).toContain('0 / 4');
  });

  it('validates a page with the error summary and keeps the answers given', async () => {
    const r = new Respondent(t.app, tokens.get('leder.landas@bergen.kommune.no')!);
    const res = await r.post('innovation', [['innovated', 'yes']]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('ds-error-summary');
    expect(res.body).toContain('href="#field-innovationCount"');
    expect(res.body).toMatch(/name="innovated" value="yes" checked/);
    const tooMany = await r.post('innovation', INNOVATION_YES);
    expect(tooMany.statusCode).toBe(303);
    const latest = await r.post('latest', [...LATEST.filter(([k]) => k !== 'latest.initiators'), ['latest.initiators', 'leaders'], ['latest.initiators', 'employees'], ['latest.initiators', 'users'], ['latest.initiators', 'business']]);
    expect(latest.statusCode).toBe(400);
    expect(latest.body).toContain('Velg høyst 3.');
  });

  it('asks the latest-innovation block of innovators, offers the organisation’s cases and links the chosen one', async () => {
    const token = tokens.get('leder.arstad@bergen.kommune.no')!;
    const r = new Respondent(t.app, token);
    expect((await r.post('innovation', INNOVATION_YES)).headers.location).toBe(`/barometer/answer/${token}/latest`);
    const latest = await r.get(`/barometer/answer/${token}/latest`);
    expect(latest.body).toContain('Digital skoleskyss');
    const res = await answerAll(r, true, [['latest.caseId', caseId]]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/barometer/answered');
    const answers = await t.database.db.selectFrom('barometer_answers').selectAll().execute();
    expect(answers).toHaveLength(1);
    const a = answers[0]!;
    expect(a).toMatchObject({ round_id: roundId, questionnaire_version: 1, org_kind: 'municipality', county_number: '46', sector: 'municipal', size_band: '10-49', language: 'nb', innovated: true, innovation_count: '2-3', under_development: null, case_id: caseId, submitted_on: addDays(osloToday(), 30) });
    expect(a.latest).toEqual({ types: ['service', 'process'], origin: 'inspired', initiators: ['leaders', 'employees'], developedWith: ['other_agencies'], values: ['quality'], evaluated: 'yes', activelySpread: 'dont_know' });
    expect((a.drivers as Record<string, unknown>).leadership_support).toBeNull();
    expect((a.drivers as Record<string, unknown>).employee_ideas).toBe(2);
    // The link is spent.
    const again = await r.get(`/barometer/answer/${token}`);
    expect(again.statusCode).toBe(404);
    expect((await r.get(`/barometer/answer/${token}/review`)).statusCode).toBe(404);
  });

  it('skips the latest-innovation block for those who did not innovate and asks about work under development', async () => {
    const token = tokens.get('leder.fana@bergen.kommune.no')!;
    const r = new Respondent(t.app, token);
    const first = await r.post('innovation', INNOVATION_NO);
    expect(first.headers.location).toBe(`/barometer/answer/${token}/drivers`);
    const latest = await r.get(`/barometer/answer/${token}/latest`);
    expect(latest.statusCode).toBe(303);
    expect((await r.post('drivers', DRIVERS)).statusCode).toBe(303);
    expect((await r.post('barriers', BARRIERS)).statusCode).toBe(303);
    const review = await r.get(`/barometer/answer/${token}/review`);
    expect(review.body).not.toContain('Den siste innovasjonen');
    expect((await r.post('background', [['sector', 'municipal'], ['sizeBand', '250+']])).statusCode).toBe(303);
    expect((await r.post('submit', [])).statusCode).toBe(303);
    const row = await t.database.db.selectFrom('barometer_answers').selectAll().where('innovated', '=', false).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ latest: null, innovation_count: null, under_development: true, size_band: '250+', case_id: null });
  });

  it('resumes a half-filled questionnaire from a new browser, with the saved answers', async () => {
    const token = tokens.get('leder.bibliotek@bergen.kommune.no')!;
    const first = new Respondent(t.app, token);
    expect((await first.post('innovation', INNOVATION_YES)).statusCode).toBe(303);
    expect((await first.post('latest', LATEST)).statusCode).toBe(303);
    const later = new Respondent(t.app, token);
    const open = await later.get(`/barometer/answer/${token}`);
    expect(open.headers.location).toBe(`/barometer/answer/${token}/drivers`);
    const page1 = await later.get(`/barometer/answer/${token}/innovation`);
    expect(page1.body).toMatch(/name="innovated" value="yes" checked/);
    expect(page1.body).toMatch(/name="innovationCount" value="2-3" checked/);
    // A submit before every page is answered goes to the first missing page.
    const early = await later.post('submit', []);
    expect(early.headers.location).toBe(`/barometer/answer/${token}/drivers`);
  });

  it('sends reminders only to those who have not answered, with a new link; the first link still works', async () => {
    const before = smtp.received.length;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/barometer/rounds/${roundId}/invitations/${BERGEN}/reminders`, headers: bearer(bergenToken) });
    expect(res.statusCode).toBe(200);
    expect(res.json().reminded).toBe(2);
    await deliver();
    const reminders = smtp.received.slice(before);
    expect(reminders.map((m) => m.to).sort()).toEqual(['leder.bibliotek@bergen.kommune.no', 'leder.landas@bergen.kommune.no']);
    expect(reminders[0]!.subject).toBe('Påminnelse: Innovasjonsbarometeret 2026');
    const old = new Respondent(t.app, smtp.received.find((m) => m.to === 'leder.landas@bergen.kommune.no')!.text.match(/answer\/([A-Za-z0-9_-]+)/)![1]!);
    expect((await old.get(`/barometer/answer/${old.token}`)).statusCode).toBe(303);
    const rates = await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${roundId}/response-rates`, headers: bearer(analystToken) });
    expect(rates.json().items).toEqual([{ orgnr: BERGEN, name: 'Bergen kommune', invited: 4, answered: 2, rate: 0.5 }]);
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${roundId}/invitations/${BERGEN}`, headers: bearer(bergenToken) });
    expect(list.json()).toMatchObject({ invited: 4, answered: 2 });
  });

  it('shows the organisation how many workplaces answered, never which (API and page)', async () => {
    // Two of Bergen's four have answered (Årstad and Fana), two have not and were reminded.
    const answeredUnits = ['Årstad skole', 'Fana sykehjem'];
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${roundId}/invitations/${BERGEN}`, headers: bearer(bergenToken) });
    const body = list.json();
    expect(body).toMatchObject({ invited: 4, answered: 2 });
    expect(body.items).toHaveLength(4);
    // Each item says the same of every workplace: take away its name, address and id and they are equal.
    const rest = body.items.map(({ unitName: _u, email: _e, id: _i, ...r }: Record<string, unknown>) => JSON.stringify(r));
    expect(new Set(rest).size).toBe(1);
    expect(Object.keys(body.items[0]).sort()).toEqual(['email', 'id', 'sentAt', 'unitName']);
    expect(list.body).not.toMatch(/answered":(true|false)|reminder|sector|sizeBand|language/i);

    const b = new Browser(t);
    await b.signIn(bergenAdmin.email, bergenAdmin.password);
    const page = await b.get(invitePage());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Svarprosent: 2 / 4 (50 %)');
    expect(page.body).toContain('Lista viser ikke hvem som har svart');
    const rows = [...page.body.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => m[1]!).filter((r) => r.includes('<td'));
    expect(rows).toHaveLength(4);
    // A row of a workplace that answered and one that did not differ only in name and address.
    const masked = rows.map((r) => r.replace(/<td>[^<]*<\/td><td class="break-anywhere">[^<]*<\/td>/, 'UNIT'));
    expect(new Set(masked).size).toBe(1);
    for (const word of ['Ikke ennå', 'Påminnet', '1 gang']) expect(page.body).not.toContain(word);
    expect(rows.some((r) => answeredUnits.some((u) => r.includes(u)))).toBe(true);
    // The reminder button is there while someone has not answered; which ones is the system's business.
    expect(page.body).toContain(`action="${invitePage()}/reminders"`);
  });

  it('stores nothing that joins an answer to its invitation or e-mail address', async () => {
    const db = t.database.db;
    // The answer table has no column for the invitation, the address or a moment finer than the round.
    const cols = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns where table_name = 'barometer_answers' order by ordinal_position`.execute(db);
    expect(cols.rows.map((c) => c.column_name)).toEqual(['id', 'round_id', 'questionnaire_version', 'org_id', 'org_kind', 'county_number', 'sector', 'size_band', 'language', 'innovated', 'innovation_count', 'under_development', 'latest', 'drivers', 'barriers', 'case_id', 'submitted_on']);
    expect(cols.rows.filter((c) => /timestamp|time/.test(c.data_type))).toEqual([]);
    expect(cols.rows.find((c) => c.column_name === 'id')!.data_type).toBe('uuid');
    // No foreign key from or to the answers joins them to invitations, tokens or drafts.
    const fks = await sql<{ src: string; dst: string }>`
      select conrelid::regclass::text as src, confrelid::regclass::text as dst from pg_constraint
      where contype = 'f' and (conrelid = 'barometer_answers'::regclass or confrelid = 'barometer_answers'::regclass)`.execute(db);
    expect(fks.rows.map((f) => f.dst).sort()).toEqual(['barometer_rounds', 'cases', 'organisations']);

    const answers = await db.selectFrom('barometer_answers').selectAll().execute();
    expect(answers).toHaveLength(2);
    const invitations = await db.selectFrom('barometer_invitations').selectAll().execute();
    const answeredIds = invitations.filter((i) => i.answered).map((i) => i.id);
    expect(answeredIds).toHaveLength(2);
    // The drafts and link secrets of the answered invitations are gone.
    expect(await db.selectFrom('barometer_drafts').select('invitation_id').where('invitation_id', 'in', answeredIds).execute()).toEqual([]);
    expect(await db.selectFrom('barometer_invitation_tokens').select('invitation_id').where('invitation_id', 'in', answeredIds).execute()).toEqual([]);
    // No stored row of any barometer table, nor the audit log, mentions an answer's id; no answer holds an address.
    // Every answer is dated the round's last day, and the answered invitations keep no sector, size band or language.
    expect(new Set(answers.map((a) => a.submitted_on))).toEqual(new Set([addDays(osloToday(), 30)]));
    for (const i of invitations.filter((x) => x.answered)) expect([i.sector, i.size_band, i.language]).toEqual([null, null, null]);
    for (const i of invitations.filter((x) => !x.answered)) expect(i.sector).toBe('municipal');
    // The organisation's answers were written again at each submission: one transaction id for all of them.
    const answerXmins = await sql<{ xmin: string }>`select distinct xmin::text as xmin from barometer_answers`.execute(db);
    expect(answerXmins.rows).toHaveLength(1);
    const answerIds = answers.map((a) => a.id);
    const everything = JSON.stringify([
      invitations,
      await db.selectFrom('barometer_drafts').selectAll().execute(),
      await db.selectFrom('barometer_invitation_tokens').selectAll().execute(),
      await db.selectFrom('barometer_rounds').selectAll().execute(),
      await db.selectFrom('audit_log').selectAll().execute(),
      await db.selectFrom('outbox').selectAll().execute(),
    ]);
    for (const id of answerIds) expect(everything).not.toContain(id);
    // The links of the answered invitations are gone from the e-mails kept in the outbox too.
    expect(everything).not.toContain(tokens.get('leder.arstad@bergen.kommune.no')!);
    expect(everything).not.toContain(tokens.get('leder.fana@bergen.kommune.no')!);
    expect(everything).toContain(tokens.get('leder.bibliotek@bergen.kommune.no')!);
    const answerText = JSON.stringify(answers);
    for (const i of invitations) expect(answerText).not.toContain(i.email);
    // The audit log says nothing about submissions.
    const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'barometer.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['barometer.invitations.sent', 'barometer.reminders.sent', 'barometer.round.opened']);
    // Even the rows' transaction ids do not pair an answer with one invitation: an answer's xmin is
    // shared by every invitation of its organisation in the round, or by none.
    const xmins = await sql<{ kind: string; xmin: string; org_id: string; round_id: string }>`
      select 'answer' as kind, xmin::text as xmin, org_id::text as org_id, round_id::text as round_id from barometer_answers
      union all select 'invitation', xmin::text, org_id::text, round_id::text from barometer_invitations`.execute(db);
    // Likewise the e-mails kept in the outbox: an answer's xmin is on the mails to every invited address of the organisation, or on none.
    const mails = await sql<{ xmin: string; to_address: string }>`select xmin::text as xmin, to_address from outbox`.execute(db);
    for (const a of xmins.rows.filter((x) => x.kind === 'answer')) {
      const addresses = new Set(mails.rows.filter((m) => m.xmin === a.xmin).map((m) => m.to_address)).size;
      expect([0, invitations.filter((i) => i.org_id === a.org_id).length]).toContain(addresses);
      const same = xmins.rows.filter((x) => x.kind === 'invitation' && x.xmin === a.xmin);
      const orgRound = xmins.rows.filter((x) => x.kind === 'invitation' && x.org_id === a.org_id && x.round_id === a.round_id);
      expect([0, orgRound.length]).toContain(same.length);
    }
  });

  it('freezes answers and drafts after the round closes', async () => {
    const token = tokens.get('leder.bibliotek@bergen.kommune.no')!;
    const r = new Respondent(t.app, token);
    expect((await r.post('drivers', DRIVERS)).statusCode).toBe(303);
    const draftBefore = await t.database.db.selectFrom('barometer_drafts').select(['answers', 'pages_done']).executeTakeFirstOrThrow();
    const form = await r.get(`/barometer/answer/${token}/barriers`);
    await t.database.db.updateTable('barometer_rounds').set({ closes_on: addDays(osloToday(), -1), opens_on: addDays(osloToday(), -40) }).where('id', '=', roundId).execute();
    const closed = await r.get(`/barometer/answer/${token}`);
    expect(closed.statusCode).toBe(409);
    expect(closed.body).toContain('Runden er avsluttet');
    const post = await t.app.inject({
      method: 'POST',
      url: `/barometer/answer/${token}/barriers`,
      headers: { cookie: mergeCookies(r.cookies, form), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([...BARRIERS, ['_csrf', csrfFrom(form.body)]]).toString(),
    });
    expect(post.statusCode).toBe(409);
    const submit = await t.app.inject({ method: 'POST', url: `/barometer/answer/${token}/submit`, headers: { cookie: r.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrfFrom(form.body))}` });
    expect(submit.statusCode).toBe(409);
    expect(await t.database.db.selectFrom('barometer_drafts').select(['answers', 'pages_done']).executeTakeFirstOrThrow()).toEqual(draftBefore);
    expect(await t.database.db.selectFrom('barometer_answers').selectAll().execute()).toHaveLength(2);
    // No new invitations or reminders either.
    const invite = await t.app.inject({ method: 'POST', url: `/api/v1/barometer/rounds/${roundId}/invitations/${BERGEN}`, headers: bearer(bergenToken), payload: { csv: 'Ny skole; ; 1-9; ny@bergen.kommune.no' } });
    expect(invite.statusCode).toBe(409);
    const remind = await t.app.inject({ method: 'POST', url: `/api/v1/barometer/rounds/${roundId}/invitations/${BERGEN}/reminders`, headers: bearer(bergenToken) });
    expect(remind.statusCode).toBe(409);
    void BACKGROUND;
    void STAVANGER;
  });
});
