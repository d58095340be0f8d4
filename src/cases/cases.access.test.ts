import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { createCaseViaApi } from '../../test/helpers/cases.js';

/**
 * The access matrix of the case bank: every role × every visibility × read / edit / publish,
 * asserted for the API and for the pages. The expectations are written out here by hand, not
 * derived from the policy code they check.
 */
const BAERUM = '935478715';
const ASKER = '920125298';
const PARTNER_ORGNR = '100000008';

type Role = 'anonymous' | 'partner' | 'otherPublic' | 'member' | 'orgAdmin' | 'platformAdmin';
type Visibility = 'public' | 'public_sector' | 'own_org';
const ROLES: Role[] = ['anonymous', 'partner', 'otherPublic', 'member', 'orgAdmin', 'platformAdmin'];
const VISIBILITIES: Visibility[] = ['public', 'public_sector', 'own_org'];

const canRead: Record<Visibility, Role[]> = {
  public: ROLES,
  public_sector: ['otherPublic', 'member', 'orgAdmin', 'platformAdmin'],
  own_org: ['member', 'orgAdmin', 'platformAdmin'],
};
const editors: Role[] = ['member', 'orgAdmin', 'platformAdmin'];

/** API status expected for a write by `role` on a case they may or may not see. */
function writeStatus(role: Role, readable: boolean, okStatus: number): number {
  if (editors.includes(role)) return okStatus;
  if (!readable) return 404; // existence is not revealed
  return role === 'anonymous' ? 401 : 403;
}

describe.each(dataTargets())('case access matrix on $name PostgreSQL', (target) => {
  let t: TestApp;
  const tokens = {} as Record<Role, string | undefined>;
  const browsers = {} as Record<Role, Browser>;
  const published = {} as Record<Visibility, string>;
  const drafts = {} as Record<Visibility, string>;

  beforeAll(async () => {
    t = await createTestApp(target);
    // A partner organisation (a business) for the partner user.
    const seed = await createUser(t);
    await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { authorization: `Bearer ${await createToken(t, seed.id)}` }, payload: { name: 'Partner AS', kind: 'business', orgnr: PARTNER_ORGNR } });
    const users: Record<Exclude<Role, 'anonymous'>, Awaited<ReturnType<typeof createUser>>> = {
      partner: await createUser(t, { org: PARTNER_ORGNR }),
      otherPublic: await createUser(t, { org: ASKER }),
      member: await createUser(t, { org: BAERUM, role: 'member' }),
      orgAdmin: await createUser(t, { org: BAERUM, role: 'org_admin' }),
      platformAdmin: await createUser(t, { platformRole: 'admin' }),
    };
    browsers.anonymous = new Browser(t);
    tokens.anonymous = undefined;
    for (const [role, user] of Object.entries(users) as [Exclude<Role, 'anonymous'>, (typeof users)['member']][]) {
      tokens[role] = await createToken(t, user.id);
      browsers[role] = new Browser(t);
      await browsers[role].signIn(user.email, user.password);
    }
    for (const v of VISIBILITIES) {
      published[v] = await createCaseViaApi(t, tokens.member!, { visibility: v, title: `Publisert ${v}` });
      drafts[v] = await createCaseViaApi(t, tokens.member!, { visibility: v, title: `Utkast ${v}` }, false);
    }
  });
  afterAll(async () => t?.close());

  const api = (role: Role, method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: tokens[role] ? { authorization: `Bearer ${tokens[role]}` } : {}, ...(payload ? { payload } : {}) });

  for (const role of ROLES) {
    for (const v of VISIBILITIES) {
      const readable = canRead[v].includes(role);

      it(`API: ${role} × ${v}: read ${readable ? 200 : 404}, edit ${writeStatus(role, readable, 200)}, publish a draft ${editors.includes(role) ? 200 : 404}`, async () => {
        expect((await api(role, 'GET', `/api/v1/cases/${published[v]}`)).statusCode).toBe(readable ? 200 : 404);
        expect((await api(role, 'GET', `/api/v1/cases/${drafts[v]}`)).statusCode).toBe(editors.includes(role) ? 200 : 404);
        const listed = (await api(role, 'GET', '/api/v1/cases?per_page=100')).json().items.map((c: { id: string }) => c.id);
        expect(listed.includes(published[v])).toBe(readable);
        expect(listed.includes(drafts[v])).toBe(editors.includes(role));
        expect((await api(role, 'PATCH', `/api/v1/cases/${published[v]}`, { problem: `endret av ${role}` })).statusCode).toBe(writeStatus(role, readable, 200));
        // Publishing a draft: nobody outside the owner can even see it.
        const draftReadable = editors.includes(role);
        expect((await api(role, 'POST', `/api/v1/cases/${drafts[v]}/publish`)).statusCode).toBe(writeStatus(role, draftReadable, 200));
      });

      it(`pages: ${role} × ${v}: read, edit form, publish`, async () => {
        const b = browsers[role];
        expect((await b.get(`/cases/${published[v]}`)).statusCode).toBe(readable ? 200 : 404);
        expect((await b.get(`/cases/${published[v]}/edit`)).statusCode).toBe(writeStatus(role, readable, 200));
        // A fresh draft per cell, so publishing in one cell does not change the next.
        const draft = await createCaseViaApi(t, tokens.member!, { visibility: v, title: `Side-utkast ${v} ${role}` }, false);
        const owner = browsers.member;
        const page = await owner.get(`/cases/${draft}`);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
        // The member's CSRF token only works with the member's cookie: each role posts with its own.
        const own = role === 'anonymous' ? await b.get('/signin') : await b.get('/profile');
        const token = /name="_csrf" value="([^"]+)"/.exec(own.body)?.[1] ?? csrf;
        const res = await t.app.inject({
          method: 'POST',
          url: `/cases/${draft}/publish`,
          headers: { cookie: b.cookies, 'content-type': 'application/x-www-form-urlencoded' },
          payload: `_csrf=${encodeURIComponent(token)}`,
        });
        expect(res.statusCode).toBe(editors.includes(role) ? 303 : 404);
      });
    }
  }
});
