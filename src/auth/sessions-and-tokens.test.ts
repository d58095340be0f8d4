import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { formatDateTime } from '../i18n/index.js';
import { createOrUpdateUser } from './auth.service.js';

/** Issue 14, finding 13: a new password ends old sessions and tokens; tokens expire and cannot mint tokens. */
describe.each(dataTargets())('sessions and API tokens on $name PostgreSQL', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target, { apiTokenDays: 30 });
  }, 60_000);
  afterAll(async () => t?.close());

  const api = (token: string, url = '/api/v1/notifications') =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  /** What a browser holding only this cookie sees at /profile. */
  const profileFor = (b: Browser) => b.get('/profile');
  const expectSignedOut = async (b: Browser) => {
    const res = await profileFor(b);
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('href="/signin?next=%2Fprofile"');
    expect(res.body).not.toContain('/profile/password');
  };
  const expectRevoked = async (token: string) => {
    const res = await api(token);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 401, detail: expect.stringMatching(/expired or revoked/) });
  };

  it('a password change ends every other session and revokes every API token, keeping the browser that changed it', async () => {
    const user = await createUser(t, { name: 'Kari Bytter' });
    const here = new Browser(t);
    const elsewhere = new Browser(t);
    await here.signIn(user.email, user.password);
    await elsewhere.signIn(user.email, user.password);
    const token = await createToken(t, user.id);
    expect((await profileFor(elsewhere)).body).toContain('Kari Bytter');
    expect((await api(token)).statusCode).toBe(200);

    const changed = await here.submit('/profile', '/profile/password', { currentPassword: user.password, password: 'a brand new long password' });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/profile');
    const after = await profileFor(here);
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Passordet er byttet. Andre innlogginger avsluttet: 1. API-nøkler trukket tilbake: 1.');

    await expectSignedOut(elsewhere);
    await expectRevoked(token);
    // The old password no longer signs in; the new one does.
    const old = await new Browser(t).submit('/signin', '/signin', { email: user.email, password: user.password });
    expect(old.statusCode).toBe(401);
    await new Browser(t).signIn(user.email, 'a brand new long password');
  });

  it('refuses a password change without the current password, and changes nothing', async () => {
    const user = await createUser(t);
    const here = new Browser(t);
    const elsewhere = new Browser(t);
    await here.signIn(user.email, user.password);
    await elsewhere.signIn(user.email, user.password);
    const res = await here.submit('/profile', '/profile/password', { currentPassword: 'not my password at all', password: 'a brand new long password' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#field-currentPassword"');
    expect(res.body).toContain('Passordet stemmer ikke med det du har nå.');
    expect((await profileFor(elsewhere)).statusCode).toBe(200);
  });

  it('a password set from the command line ends every session and token too', async () => {
    const user = await createUser(t);
    const b = new Browser(t);
    await b.signIn(user.email, user.password);
    const token = await createToken(t, user.id);
    await createOrUpdateUser(t.database.db, { email: user.email, name: user.name, password: 'set by the operator today' });
    await expectSignedOut(b);
    await expectRevoked(token);
  });

  it('an API token cannot create tokens or change the password', async () => {
    const user = await createUser(t);
    const token = await createToken(t, user.id);
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const create = await t.app.inject({ method: 'POST', url: '/profile/tokens', headers, payload: { name: 'minted' } });
    expect(create.statusCode).toBe(403);
    expect(create.headers['content-type']).toContain('application/problem+json');
    expect(create.json().detail).toMatch(/API tokens can only be created by a user signed in/);
    expect(create.body).not.toMatch(/nytk_[A-Za-z0-9_-]{20,}/);
    const password = await t.app.inject({ method: 'POST', url: '/profile/password', headers, payload: { currentPassword: user.password, password: 'a takeover password!' } });
    expect(password.statusCode).toBe(403);
    const names = await t.database.db.selectFrom('api_tokens').select('name').where('user_id', '=', user.id).execute();
    expect(names.map((n) => n.name)).toEqual(['test']);
    // A signed-in browser still can.
    const b = new Browser(t);
    await b.signIn(user.email, user.password);
    const made = await b.submit('/profile', '/profile/tokens', { name: 'Skript' });
    expect(made.statusCode).toBe(200);
    expect(made.body).toMatch(/data-testid="new-token">nytk_[A-Za-z0-9_-]{43}</);
  });

  it('tokens expire after API_TOKEN_DAYS, are listed with expiry and last use, and an expired one gets 401 problem+json', async () => {
    const user = await createUser(t);
    const b = new Browser(t);
    await b.signIn(user.email, user.password);
    const made = await b.submit('/profile', '/profile/tokens', { name: 'Rapport' });
    const token = /data-testid="new-token">(nytk_[A-Za-z0-9_-]{43})</.exec(made.body)![1]!;
    const row = await t.database.db.selectFrom('api_tokens').select(['id', 'created_at', 'expires_at', 'last_used_at']).where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(30 * 24 * 3600 * 1000);
    expect(row.last_used_at).toBeNull();

    expect((await api(token)).statusCode).toBe(200);
    const profile = await b.get('/profile');
    expect(profile.body).toContain('En ny nøkkel virker i 30 dager.');
    expect(profile.body).toContain('<th scope="col">Utløper</th>');
    const cells = /Rapport <code>[\s\S]*?<\/tr>/.exec(profile.body)![0];
    const dates = [...cells.matchAll(/<td data-label="(Opprettet|Utløper|Sist brukt)">([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(dates.map((d) => d[0])).toEqual(['Opprettet', 'Utløper', 'Sist brukt']);
    expect(dates[2]![1]).not.toBe('aldri');
    expect(dates[1]![1]).toBe(formatDateTime('nb', row.expires_at));

    await t.database.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', row.id).execute();
    await expectRevoked(token);
    expect((await b.get('/profile')).body).toMatch(/Rapport <code>[\s\S]*?>utløpt</);
  });

  it('the command line and the test factory make tokens that expire too (a year by default)', async () => {
    const user = await createUser(t);
    await createToken(t, user.id);
    const row = await t.database.db.selectFrom('api_tokens').select(['created_at', 'expires_at']).where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(365 * 24 * 3600 * 1000);
  });
});
