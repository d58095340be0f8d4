import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { messages } from '../i18n/index.js';

const OSLO = '958935420';

/**
 * Issue 14, finding 13: adding someone to an organisation is an invitation the person accepts; the
 * admin's answer is the same whether or not the address has an account.
 */
describe.each(dataTargets())('membership invitations on $name PostgreSQL', (target) => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof createUser>>;
  let adminToken: string;
  beforeAll(async () => {
    t = await createTestApp(target, { publicUrl: 'https://nytenk.example.no' });
    admin = await createUser(t, { name: 'Ada Admin', org: OSLO, role: 'org_admin' });
    adminToken = await createToken(t, admin.id);
  }, 60_000);
  afterAll(async () => t?.close());

  const mailsTo = (address: string) =>
    t.database.db.selectFrom('outbox').select(['subject', 'text_body as text']).where('to_address', '=', address).orderBy('id').execute();
  const asToken = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, ...(payload ? { payload } : {}) });
  const isMember = async (userId: string) =>
    (await t.database.db
      .selectFrom('memberships')
      .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
      .select(['memberships.role', 'memberships.status'])
      .where('memberships.user_id', '=', userId)
      .where('organisations.orgnr', '=', OSLO)
      .executeTakeFirst()) ?? null;
  const invite = async (email: string, role = 'member') => {
    const b = new Browser(t);
    await b.signIn(admin.email, admin.password);
    const res = await b.submit(`/organisations/${OSLO}/members`, `/organisations/${OSLO}/members`, { email, role });
    return { res, after: await b.get(`/organisations/${OSLO}/members`) };
  };

  it('the members form answers the same whether or not the address has an account, and nobody becomes a member unasked', async () => {
    const person = await createUser(t, { name: 'Per Person' });
    const stranger = `stranger.${Date.now()}@example.no`;
    const forPerson = await invite(person.email);
    const forStranger = await invite(stranger);
    expect(forPerson.res.statusCode).toBe(303);
    expect(forStranger.res.statusCode).toBe(303);
    expect(forPerson.res.headers.location).toBe(forStranger.res.headers.location);
    const notice = (html: string, email: string) => /<div class="ds-alert" data-color="success" role="status">[\s\S]*?<\/div>/.exec(html)?.[0]?.replaceAll(email, 'ADDRESS');
    expect(forPerson.after.body).toContain(`Invitasjonen er sendt til ${person.email}.`);
    expect(notice(forPerson.after.body, person.email)).toBe(notice(forStranger.after.body, stranger));
    // Not a member: not in the members table, no membership row.
    expect(await isMember(person.id)).toBeNull();
    const membersTable = /<h2[^>]*>Medlemmer<\/h2>[\s\S]*?<\/table>/.exec(forStranger.after.body)?.[0] ?? '';
    expect(membersTable).not.toContain('Per Person');
    expect(forStranger.after.body).toContain('Sendte invitasjoner');

    // An account also gets the notice in the app (not mailed again by a digest).
    const notices = await asToken(await createToken(t, person.id), 'GET', '/api/v1/notifications');
    expect(notices.json().items).toEqual([expect.objectContaining({ kind: 'membership.invited', title: 'Oslo kommune', path: '/profile#invitations', actorName: 'Ada Admin' })]);
    const [toPerson] = await mailsTo(person.email);
    expect(toPerson!.subject).toBe('Invitasjon til Oslo kommune i Nytenk');
    expect(toPerson!.text).toContain('Logg inn og svar på invitasjonen');
    const [toStranger] = await mailsTo(stranger);
    expect(toStranger!.text).toContain('Opprett en konto med denne e-postadressen');
    expect(toStranger!.text).toContain('https://nytenk.example.no/register?lang=nb');
  });

  it('the invited person accepts on their profile page and only then is a member', async () => {
    const person = await createUser(t, { name: 'Aksel Aksepterer' });
    await invite(person.email, 'org_admin');
    const b = new Browser(t);
    await b.signIn(person.email, person.password);
    const profile = await b.get('/profile');
    expect(profile.body).toContain('Invitasjoner til deg');
    expect(profile.body).toContain('Oslo kommune inviterer deg som administrator.');
    const id = /action="\/invitations\/(\d+)"/.exec(profile.body)![1]!;
    // Someone else cannot answer it.
    const other = await createUser(t);
    const ob = new Browser(t);
    await ob.signIn(other.email, other.password);
    const hijack = await ob.submit('/profile', `/invitations/${id}`, { answer: 'accept' });
    expect(hijack.statusCode).toBe(404);
    expect(hijack.body).toContain(messages('nb').errors.notFoundTitle);
    expect(await isMember(other.id)).toBeNull();

    const accepted = await b.submit('/profile', `/invitations/${id}`, { answer: 'accept' });
    expect(accepted.statusCode).toBe(303);
    const after = await b.get('/profile');
    expect(after.body).toContain('Du er nå medlem av Oslo kommune.');
    expect(after.body).not.toContain('Invitasjoner til deg');
    expect(await isMember(person.id)).toEqual({ role: 'org_admin', status: 'active' });
  });

  it('the API: the same 202 for any address, a list of my invitations, and accept or decline', async () => {
    const person = await createUser(t, { name: 'Api Person' });
    const personToken = await createToken(t, person.id);
    const stranger = `api.stranger.${Date.now()}@example.no`;
    const a = await asToken(adminToken, 'POST', `/api/v1/organisations/${OSLO}/invitations`, { email: person.email });
    const b = await asToken(adminToken, 'POST', `/api/v1/organisations/${OSLO}/invitations`, { email: stranger });
    expect(a.statusCode).toBe(202);
    expect(b.statusCode).toBe(202);
    expect(a.json()).toEqual({ email: person.email, role: 'member', status: 'invited' });
    expect(b.json()).toEqual({ email: stranger, role: 'member', status: 'invited' });

    const open = await asToken(adminToken, 'GET', `/api/v1/organisations/${OSLO}/invitations`);
    expect(open.json().items.map((i: { email: string }) => i.email)).toEqual(expect.arrayContaining([person.email, stranger]));
    // A member who is not an admin may neither invite nor see the invitations.
    const plain = await createUser(t, { org: OSLO });
    const plainToken = await createToken(t, plain.id);
    const refused = await asToken(plainToken, 'POST', `/api/v1/organisations/${OSLO}/invitations`, { email: 'x@example.no' });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await asToken(plainToken, 'GET', `/api/v1/organisations/${OSLO}/invitations`)).statusCode).toBe(403);

    const mine = await asToken(personToken, 'GET', '/api/v1/invitations');
    expect(mine.json().items).toEqual([expect.objectContaining({ organisation: { orgnr: OSLO, name: 'Oslo kommune' }, role: 'member' })]);
    const id = mine.json().items[0].id;
    const wrongPerson = await asToken(plainToken, 'POST', `/api/v1/invitations/${id}`, { answer: 'accept' });
    expect(wrongPerson.statusCode).toBe(404);
    expect(wrongPerson.json().detail).toMatch(/No open invitation/);
    const declined = await asToken(personToken, 'POST', `/api/v1/invitations/${id}`, { answer: 'decline' });
    expect(declined.json()).toEqual({ answer: 'decline', organisation: { orgnr: OSLO, name: 'Oslo kommune' }, role: null });
    expect(await isMember(person.id)).toBeNull();
    expect((await asToken(personToken, 'GET', '/api/v1/invitations')).json().items).toEqual([]);
  });

  it('someone invited before having an account registers with that address and then accepts', async () => {
    const email = `newcomer.${Date.now()}@example.no`;
    await invite(email);
    const b = new Browser(t);
    await b.submit('/register', '/register', { name: 'Nina Nykommer', email, password: 'newcomer long password' });
    const mail = (await mailsTo(email)).find((m) => m.subject === 'Fullfør registreringen i Nytenk')!;
    const link = /https:\/\/nytenk\.example\.no(\/register\/confirm\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
    await b.submit(link, link, {});
    const profile = await b.get('/profile');
    const id = /action="\/invitations\/(\d+)"/.exec(profile.body)![1]!;
    await b.submit('/profile', `/invitations/${id}`, { answer: 'accept' });
    const user = await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    expect(await isMember(user.id)).toEqual({ role: 'member', status: 'active' });
  });

  it('an admin withdraws an invitation, after which it cannot be accepted', async () => {
    const person = await createUser(t);
    const { after } = await invite(person.email);
    const escaped = person.email.replace(/[.]/g, '\\.');
    const action = new RegExp(`<tr>(?:(?!</tr>)[\\s\\S])*?${escaped}(?:(?!</tr>)[\\s\\S])*?action="([^"]+/withdraw)"`).exec(after.body)![1]!;
    const ab = new Browser(t);
    await ab.signIn(admin.email, admin.password);
    const res = await ab.submit(`/organisations/${OSLO}/members`, action, {});
    expect(res.statusCode).toBe(303);
    expect((await ab.get(`/organisations/${OSLO}/members`)).body).not.toContain(person.email);
    const b = new Browser(t);
    await b.signIn(person.email, person.password);
    expect((await b.get('/profile')).body).not.toContain('Invitasjoner til deg');
  });
});
