import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';

/**
 * Issue 14, finding 13: registration and password reset answer the same whether or not the address
 * has an account; the mail says the rest, and an account exists only once its address is proved.
 */
describe.each(dataTargets())('registration and password reset on $name PostgreSQL', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target, { publicUrl: 'https://nytenk.example.no' });
  }, 60_000);
  afterAll(async () => t?.close());

  const mailsTo = (address: string) =>
    t.database.db.selectFrom('outbox').select(['subject', 'text_body as text']).where('to_address', '=', address).orderBy('id').execute();
  /** A page as an observer compares it: per-request tokens and the typed address taken out. */
  const shape = (body: string, address: string) => body.replace(/name="_csrf" value="[^"]+"/g, '').replaceAll(address, 'ADDRESS');
  const register = (b: Browser, email: string, password = 'my own long password') =>
    b.submit('/register', '/register', { name: 'Nora Ny', email, password });

  it('registering sends a one-time link; the account exists only after it is followed', async () => {
    const email = `nora.${Date.now()}@example.no`;
    const b = new Browser(t);
    const res = await register(b, email);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Vi har sendt en e-post til ${email}.`);
    expect(await t.database.db.selectFrom('users').select('id').where('email', '=', email).execute()).toEqual([]);
    expect((await new Browser(t).submit('/signin', '/signin', { email, password: 'my own long password' })).statusCode).toBe(401);

    const [mail] = await mailsTo(email);
    expect(mail!.subject).toBe('Fullfør registreringen i Nytenk');
    const link = /https:\/\/nytenk\.example\.no(\/register\/confirm\/[A-Za-z0-9_-]{43})\?lang=nb/.exec(mail!.text)![1]!;
    // Opening the link (as a mail scanner would) does not use it up; the button does.
    const page = await b.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Opprett kontoen for ${email}.`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const done = await b.submit(link, link, {});
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/profile');
    const profile = await b.get('/profile');
    expect(profile.body).toContain('Kontoen er opprettet.');
    expect(profile.body).toContain(email);
    // Used up.
    const again = await new Browser(t).get(link);
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain('Lenken er utløpt eller allerede brukt.');
  });

  it('answers the same for an address that has an account, whose owner gets a mail saying so, and changes nothing', async () => {
    const existing = await createUser(t, { name: 'Eva Eksisterer' });
    const fresh = `fresh.${Date.now()}@example.no`;
    const forExisting = await register(new Browser(t), existing.email, 'an attacker password');
    const forFresh = await register(new Browser(t), fresh, 'an attacker password');
    expect(forExisting.statusCode).toBe(forFresh.statusCode);
    expect(shape(forExisting.body, existing.email)).toBe(shape(forFresh.body, fresh));

    const [mail] = await mailsTo(existing.email);
    expect(mail!.subject).toBe('Du har allerede en konto i Nytenk');
    expect(mail!.text).toContain('https://nytenk.example.no/signin?lang=nb');
    expect(mail!.text).toContain('https://nytenk.example.no/password/forgot?lang=nb');
    expect(mail!.text).not.toMatch(/register\/confirm/);
    expect(await t.database.db.selectFrom('email_links').select('purpose').where('email', '=', existing.email).execute()).toEqual([]);
    // The owner's password still works; the one typed into the form does not.
    await new Browser(t).signIn(existing.email, existing.password);
    expect((await new Browser(t).submit('/signin', '/signin', { email: existing.email, password: 'an attacker password' })).statusCode).toBe(401);
  });

  it('still names form errors (they say nothing about accounts)', async () => {
    const res = await register(new Browser(t), 'not-an-address', 'short');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#field-email"');
    expect(res.body).toContain('href="#field-password"');
  });

  it('a password reset answers the same for any address, mails only an account, and ends every session and token', async () => {
    const user = await createUser(t, { name: 'Glemsk Gunn' });
    const elsewhere = new Browser(t);
    await elsewhere.signIn(user.email, user.password);
    const token = await createToken(t, user.id);
    const nobody = `nobody.${Date.now()}@example.no`;

    const forUser = await new Browser(t).submit('/password/forgot', '/password/forgot', { email: user.email });
    const forNobody = await new Browser(t).submit('/password/forgot', '/password/forgot', { email: nobody });
    expect(forUser.statusCode).toBe(200);
    expect(forNobody.statusCode).toBe(200);
    expect(shape(forUser.body, user.email)).toBe(shape(forNobody.body, nobody));
    expect(forUser.body).toContain(`Hvis det finnes en konto for ${user.email}, har vi sendt en lenke dit.`);
    expect(await mailsTo(nobody)).toEqual([]);

    const [mail] = await mailsTo(user.email);
    expect(mail!.subject).toBe('Lag nytt passord i Nytenk');
    const link = /https:\/\/nytenk\.example\.no(\/password\/reset\/[A-Za-z0-9_-]{43})\?lang=nb/.exec(mail!.text)![1]!;
    const b = new Browser(t);
    const short = await b.submit(link, link, { password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('href="#field-password"');
    const done = await b.submit(link, link, { password: 'my reset long password' });
    expect(done.statusCode).toBe(303);
    expect((await b.get('/profile')).body).toContain('Passordet er byttet, og du er logget inn.');

    const old = await elsewhere.get('/profile');
    expect(old.statusCode).toBe(401);
    expect(old.body).toContain('href="/signin?next=%2Fprofile"');
    const api = await t.app.inject({ url: '/api/v1/notifications', headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(401);
    expect(api.json().detail).toMatch(/expired or revoked/);
    expect((await new Browser(t).submit('/signin', '/signin', { email: user.email, password: user.password })).statusCode).toBe(401);
    await new Browser(t).signIn(user.email, 'my reset long password');
    expect((await new Browser(t).get(link)).statusCode).toBe(404);
  });
});
