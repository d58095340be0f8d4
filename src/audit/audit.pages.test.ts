import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createToken, createUser, csrfFrom, mergeCookies, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { createCaseViaApi, OSLO } from '../../test/helpers/cases.js';

describe.each(dataTargets())('audit log viewer on $name PostgreSQL', (target) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};

  const signIn = async (email: string, password: string) => {
    const page = await t.app.inject({ method: 'GET', url: '/signin' });
    const jar = mergeCookies('', page);
    const res = await t.app.inject({ method: 'POST', url: '/signin', headers: { cookie: jar }, payload: { email, password, _csrf: csrfFrom(page.body) } });
    return mergeCookies(jar, res);
  };

  beforeAll(async () => {
    t = await createTestApp(target);
    const admin = await createUser(t, { name: 'Petra Plattform', platformRole: 'admin' });
    const orgAdmin = await createUser(t, { name: 'Åse Admin', org: OSLO, role: 'org_admin' });
    await createCaseViaApi(t, await createToken(t, orgAdmin.id), { title: 'Revidert sak' });
    cookies.admin = await signIn(admin.email, admin.password);
    cookies.orgAdmin = await signIn(orgAdmin.email, orgAdmin.password);
  }, 60_000);
  afterAll(async () => t?.close());

  it('shows who did what to platform administrators, filtered; nobody else', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/admin/audit', headers: { cookie: cookies.admin } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('case.create');
    expect(page.body).toContain('case.publish');
    const filtered = await t.app.inject({ method: 'GET', url: '/admin/audit?action=case.pub', headers: { cookie: cookies.admin } });
    expect(filtered.body).toContain('case.publish');
    expect(filtered.body).not.toContain('>case.create<');
    // A LIKE wildcard in the filter is taken literally.
    expect((await t.app.inject({ method: 'GET', url: '/admin/audit?action=%25', headers: { cookie: cookies.admin } })).body).toMatch(/0 oppføringer/);
    expect((await t.app.inject({ method: 'GET', url: '/admin/audit', headers: { cookie: cookies.orgAdmin } })).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/admin/audit' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/signin\?next=/);
  });
});
