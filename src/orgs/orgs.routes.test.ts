import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';

describe.each(dataTargets())('organisations on $name PostgreSQL', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => t?.close());

  it('lists all 357 municipalities', async () => {
    const res = await t.app.inject('/api/v1/organisations?kind=municipality&per_page=1');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(357);
  });

  it('finds Oslo kommune by its organisation number', async () => {
    const res = await t.app.inject('/api/v1/organisations/958935420');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ orgnr: '958935420', name: 'Oslo kommune', kind: 'municipality', county: { number: '03', name: 'Oslo' }, municipalityNumber: '0301' });
  });

  it('rejects an organisation number whose check digit is wrong with problem+json', async () => {
    const res = await t.app.inject('/api/v1/organisations/123456789');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.status).toBe(400);
    expect(body.detail).toMatch(/check digit/i);
    expect(body.errors).toEqual([{ field: 'orgnr', message: expect.stringMatching(/check digit/i) }]);
  });

  it('answers 404 problem+json for a valid but unknown number', async () => {
    const res = await t.app.inject('/api/v1/organisations/991825827'.replace('991825827', '974760673'));
    // 974760673 is a valid MOD11 number; whether it is known decides 200 or 404, never 400.
    expect([200, 404]).toContain(res.statusCode);
    const unknown = await t.app.inject('/api/v1/organisations/100000008');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('filters by county and searches by name, and sorts Æ Ø Å last', async () => {
    const res = await t.app.inject('/api/v1/organisations?county=46&kind=municipality&per_page=100');
    const body = res.json();
    expect(body.total).toBe(43);
    expect(body.items.every((o: { county: { number: string } }) => o.county.number === '46')).toBe(true);
    const names = body.items.map((o: { name: string }) => o.name);
    expect(names.indexOf('Årdal kommune')).toBeGreaterThan(names.indexOf('Vik kommune'));
    const search = await t.app.inject('/api/v1/organisations?q=bærum');
    expect(search.json().items[0].name).toBe('Bærum kommune');
  });

  it('names every invalid query parameter in the problem', async () => {
    const res = await t.app.inject('/api/v1/organisations?kind=planet&per_page=1000');
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['kind', 'per_page']));
  });

  it('lets a signed-in API client add a partner organisation, with MOD11 checked', async () => {
    const user = await createUser(t);
    const token = await createToken(t, user.id);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', payload: { name: 'X', kind: 'business', orgnr: '100000008' } });
    expect(anonymous.statusCode).toBe(401);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Feil AS', kind: 'business', orgnr: '123456789' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'orgnr', message: expect.stringMatching(/check digit/) }]);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Innovasjonsbyrå AS', kind: 'business', orgnr: '100000008' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ orgnr: '100000008', kind: 'business', name: 'Innovasjonsbyrå AS' });
  });

  it('lets a user ask to join and an org admin approve', async () => {
    const admin = await createUser(t, { org: '958935420', role: 'org_admin' });
    const member = await createUser(t);
    const mb = new Browser(t);
    await mb.signIn(member.email, member.password);
    const join = await mb.submit('/organisations/958935420', '/organisations/958935420/join', {});
    expect(join.statusCode).toBe(303);
    const page = await mb.get('/organisations/958935420');
    expect(page.body).toContain('venter på godkjenning');

    const ab = new Browser(t);
    await ab.signIn(admin.email, admin.password);
    const list = await ab.get('/organisations/958935420/members');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(member.email);
    const approve = await ab.submit('/organisations/958935420/members', `/organisations/958935420/members/${member.id}`, { action: 'approve' });
    expect(approve.statusCode).toBe(303);
    const after = await mb.get('/organisations/958935420');
    expect(after.body).toContain('Du er medlem');
    // Oslo is now on the team.
    const api = await t.app.inject('/api/v1/organisations/958935420');
    expect(api.json().onTeam).toBe(true);
  });

  it('refuses the members page to someone who is not an org admin', async () => {
    const member = await createUser(t, { org: '958935420', role: 'member' });
    const b = new Browser(t);
    await b.signIn(member.email, member.password);
    expect((await b.get('/organisations/958935420/members')).statusCode).toBe(403);
  });

  it('rejects a form post without the CSRF token', async () => {
    const member = await createUser(t);
    const b = new Browser(t);
    await b.signIn(member.email, member.password);
    const res = await t.app.inject({
      method: 'POST',
      url: '/organisations/958935420/join',
      headers: { cookie: b.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(res.statusCode).toBe(403);
  });
});
