import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { addDays, osloToday } from './barometer.validation.js';
import { BERGEN, STAVANGER, bearer, openRoundViaApi } from '../../test/fixtures/barometer.js';

/**
 * Who may open rounds, invite for which organisation, and see response rates: every role, API and
 * pages. The expectations are written out by hand, not derived from the policy they check.
 */
type Role = 'anonymous' | 'member' | 'bergenAdmin' | 'stavangerAdmin' | 'analyst' | 'platformAdmin';
const ROLES: Role[] = ['anonymous', 'member', 'bergenAdmin', 'stavangerAdmin', 'analyst', 'platformAdmin'];

const EXPECT: Record<Role, { openRound: number; bergenInvitations: number; inviteBergen: number; rates: number; ratesSeeBergen: boolean }> = {
  anonymous: { openRound: 401, bergenInvitations: 401, inviteBergen: 401, rates: 401, ratesSeeBergen: false },
  member: { openRound: 403, bergenInvitations: 403, inviteBergen: 403, rates: 403, ratesSeeBergen: false },
  bergenAdmin: { openRound: 403, bergenInvitations: 200, inviteBergen: 201, rates: 200, ratesSeeBergen: true },
  stavangerAdmin: { openRound: 403, bergenInvitations: 403, inviteBergen: 403, rates: 200, ratesSeeBergen: false },
  analyst: { openRound: 201, bergenInvitations: 200, inviteBergen: 201, rates: 200, ratesSeeBergen: true },
  platformAdmin: { openRound: 201, bergenInvitations: 200, inviteBergen: 201, rates: 200, ratesSeeBergen: true },
};

describe.each(dataTargets())('barometer access on $name PostgreSQL', (target) => {
  let t: TestApp;
  let roundId = '';
  const tokens = {} as Record<Role, string | undefined>;
  const browsers = {} as Record<Role, Browser>;

  beforeAll(async () => {
    t = await createTestApp(target, { publicUrl: 'http://nytenk.test' });
    const users = {
      member: await createUser(t, { org: BERGEN }),
      bergenAdmin: await createUser(t, { org: BERGEN, role: 'org_admin' }),
      stavangerAdmin: await createUser(t, { org: STAVANGER, role: 'org_admin' }),
      analyst: await createUser(t, { platformRole: 'analyst' }),
      platformAdmin: await createUser(t, { platformRole: 'admin' }),
    };
    browsers.anonymous = new Browser(t);
    for (const [role, user] of Object.entries(users) as [Exclude<Role, 'anonymous'>, (typeof users)['member']][]) {
      tokens[role] = await createToken(t, user.id);
      browsers[role] = new Browser(t);
      await browsers[role].signIn(user.email, user.password);
    }
    roundId = await openRoundViaApi(t.app, tokens.analyst!);
    // Stavanger has invitations too, so a rates list that leaks other organisations would show it.
    const s = await t.app.inject({ method: 'POST', url: `/api/v1/barometer/rounds/${roundId}/invitations/${STAVANGER}`, headers: bearer(tokens.stavangerAdmin), payload: { csv: 'Madla skole; ; 10-49; leder@stavanger.kommune.no' } });
    expect(s.statusCode).toBe(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each(ROLES)('API: %s', async (role) => {
    const e = EXPECT[role];
    const open = await t.app.inject({ method: 'POST', url: '/api/v1/barometer/rounds', headers: bearer(tokens[role]), payload: { title: `Runde ${role}`, year: 2026, key: `r-${role.toLowerCase()}`, closesOn: addDays(osloToday(), 10) } });
    expect(open.statusCode).toBe(e.openRound);
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${roundId}/invitations/${BERGEN}`, headers: bearer(tokens[role]) });
    expect(list.statusCode).toBe(e.bergenInvitations);
    const invite = await t.app.inject({ method: 'POST', url: `/api/v1/barometer/rounds/${roundId}/invitations/${BERGEN}`, headers: bearer(tokens[role]), payload: { workplaces: [{ unitName: `Enhet ${role}`, sizeBand: '1-9', email: `${role.toLowerCase()}@bergen.kommune.no` }] } });
    expect(invite.statusCode).toBe(e.inviteBergen);
    const rates = await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${roundId}/response-rates`, headers: bearer(tokens[role]) });
    expect(rates.statusCode).toBe(e.rates);
    if (rates.statusCode === 200) {
      const orgs = rates.json().items.map((i: { orgnr: string }) => i.orgnr);
      expect(orgs.includes(BERGEN)).toBe(e.ratesSeeBergen);
      expect(orgs.includes(STAVANGER)).toBe(role === 'stavangerAdmin' || role === 'analyst' || role === 'platformAdmin');
    }
    // Reading rounds and the questionnaire is open to all; no endpoint returns single answers.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/barometer/rounds', headers: bearer(tokens[role]) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/barometer/rounds/${roundId}/questionnaire`, headers: bearer(tokens[role]) })).statusCode).toBe(200);
  });

  it.each(ROLES)('pages: %s', async (role) => {
    const e = EXPECT[role];
    const b = browsers[role];
    const rounds = await b.get('/barometer/rounds');
    expect(rounds.statusCode).toBe(200);
    expect(rounds.body.includes('action="/barometer/rounds"')).toBe(e.openRound === 201);
    const page = await b.get(`/barometer/rounds/${roundId}/invitations/${BERGEN}`);
    expect(page.statusCode).toBe(e.bergenInvitations);
    const rates = await b.get(`/barometer/rounds/${roundId}/response-rates`);
    expect(rates.statusCode).toBe(e.rates);
    if (role !== 'anonymous' && e.inviteBergen !== 201) {
      // A form posted for an organisation one does not administer is refused (CSRF token from a page they can see).
      const res = await b.submit('/barometer/rounds', `/barometer/rounds/${roundId}/invitations/${BERGEN}`, { workplaces: 'X; ; 1-9; x@bergen.kommune.no', language: 'nb' });
      expect(res.statusCode).toBe(403);
    }
    if (role !== 'anonymous' && e.openRound !== 201) {
      const res = await b.submit('/barometer/rounds', '/barometer/rounds', { title: 'Ikke lov', year: '2026', closesOn: addDays(osloToday(), 3) });
      expect(res.statusCode).toBe(403);
    }
  });
});
