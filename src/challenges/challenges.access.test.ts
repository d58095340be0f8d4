import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, csrfFrom, type TestApp } from '../../test/helpers/app.js';
import { completeOrgnr } from '../core/orgnr.js';
import { BAERUM, BERGEN, PARTNER_ORGNR, STAVANGER, bearer, createChallengeViaApi, createPartnerOrg, decideViaApi, respondViaApi } from '../../test/fixtures/challenges.js';

/**
 * The access matrix of challenges: every role × read / edit / change state / see a private
 * proposal, for the API and the pages. The expectations are written out by hand, not derived from
 * the policy they check. The private proposal comes from a second business, so «partner» here is
 * a partner who did not send it.
 */
type Role = 'anonymous' | 'partner' | 'otherPublic' | 'owner' | 'coOwner' | 'platformAdmin';
const ROLES: Role[] = ['anonymous', 'partner', 'otherPublic', 'owner', 'coOwner', 'platformAdmin'];
const EDITORS: Role[] = ['owner', 'coOwner', 'platformAdmin'];
const SEES_PRIVATE: Role[] = ['owner', 'coOwner', 'platformAdmin'];
const PROPOSER_ORGNR = completeOrgnr('10000002')!;

/** What a role gets for a write: the editors succeed, anonymous must sign in, the rest are refused. */
const writeStatus = (role: Role, ok: number) => (EDITORS.includes(role) ? ok : role === 'anonymous' ? 401 : 403);

describe.each(dataTargets())('challenge access matrix on $name PostgreSQL', (target) => {
  let t: TestApp;
  const tokens = {} as Record<Role, string | undefined>;
  const browsers = {} as Record<Role, Browser>;
  let ownerToken = '';
  let coOwnerToken = '';
  let proposerToken = '';
  let proposerBrowser: Browser;

  /** A challenge of Bergen's that Stavanger joined (Bergen accepted), with a private and a public proposal from the second business. */
  const setUp = async () => {
    const id = await createChallengeViaApi(t.app, ownerToken);
    const join = await respondViaApi(t.app, coOwnerToken, id, { kind: 'same_need', joinAsCoOwner: true });
    await decideViaApi(t.app, ownerToken, id, join.id);
    const secret = await respondViaApi(t.app, proposerToken, id, { kind: 'proposal', body: 'Hemmelig tilbud med priser' });
    const open = await respondViaApi(t.app, proposerToken, id, { kind: 'proposal', body: 'Åpent forslag til alle', public: true });
    return { id, secretId: secret.id as string, openId: open.id as string };
  };

  beforeAll(async () => {
    t = await createTestApp(target);
    const seed = await createToken(t, (await createUser(t)).id);
    await createPartnerOrg(t.app, seed, 'Nabopartner AS');
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: bearer(seed), payload: { name: 'Tilbyder AS', kind: 'business', orgnr: PROPOSER_ORGNR } });
    expect(second.statusCode).toBe(201);
    const users = {
      partner: await createUser(t, { org: PARTNER_ORGNR }),
      otherPublic: await createUser(t, { org: BAERUM }),
      owner: await createUser(t, { org: BERGEN }),
      coOwner: await createUser(t, { org: STAVANGER }),
      platformAdmin: await createUser(t, { platformRole: 'admin' }),
    };
    browsers.anonymous = new Browser(t);
    await browsers.anonymous.get('/signin');
    for (const [role, user] of Object.entries(users) as [Exclude<Role, 'anonymous'>, (typeof users)['owner']][]) {
      tokens[role] = await createToken(t, user.id);
      browsers[role] = new Browser(t);
      await browsers[role].signIn(user.email, user.password);
    }
    ownerToken = tokens.owner!;
    coOwnerToken = tokens.coOwner!;
    const proposer = await createUser(t, { org: PROPOSER_ORGNR });
    proposerToken = await createToken(t, proposer.id);
    proposerBrowser = new Browser(t);
    await proposerBrowser.signIn(proposer.email, proposer.password);
  });
  afterAll(async () => t?.close());

  const api = (role: Role, method: 'GET' | 'PATCH' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(tokens[role]), ...(payload ? { payload } : {}) });

  /** A form post with the role's own session and CSRF token (anonymous has a CSRF cookie from /signin). */
  const post = async (role: Role, url: string, fields: Record<string, string>) => {
    const b = browsers[role];
    const token = csrfFrom((await b.get(role === 'anonymous' ? '/signin' : '/profile')).body);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: b.cookies, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    });
  };

  for (const role of ROLES) {
    const editor = EDITORS.includes(role);
    const seesPrivate = SEES_PRIVATE.includes(role);

    it(`API: ${role}: read 200, edit ${writeStatus(role, 200)}, change state ${writeStatus(role, 200)}, private proposal ${seesPrivate ? 'listed' : 'not listed'}`, async () => {
      const { id, secretId, openId } = await setUp();
      expect((await api(role, 'GET', `/api/v1/challenges/${id}`)).statusCode).toBe(200);
      expect((await api(role, 'GET', '/api/v1/challenges?per_page=100')).json().items.map((c: { id: string }) => c.id)).toContain(id);
      expect((await api(role, 'PATCH', `/api/v1/challenges/${id}`, { usersConcerned: `endret av ${role}` })).statusCode).toBe(writeStatus(role, 200));
      expect((await api(role, 'POST', `/api/v1/challenges/${id}/state`, { state: 'dialogue', reason: `flyttet av ${role}` })).statusCode).toBe(writeStatus(role, 200));
      expect((await api(role, 'GET', `/api/v1/challenges/${id}`)).json().state).toBe(editor ? 'dialogue' : 'open');
      const listed = (await api(role, 'GET', `/api/v1/challenges/${id}/responses`)).json().items.map((r: { id: string }) => r.id);
      expect(listed.includes(secretId)).toBe(seesPrivate);
      expect(listed.includes(openId)).toBe(true);
    });

    it(`pages: ${role}: read, edit form, change state, private proposal ${seesPrivate ? 'shown' : 'hidden'}`, async () => {
      const { id } = await setUp();
      const b = browsers[role];
      const page = await b.get(`/challenges/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body.includes('Hemmelig tilbud med priser')).toBe(seesPrivate);
      expect(page.body).toContain('Åpent forslag til alle');
      expect(page.body.includes(`action="/challenges/${id}/state"`)).toBe(editor);
      expect((await b.get(`/challenges/${id}/edit`)).statusCode).toBe(writeStatus(role, 200));
      expect((await post(role, `/challenges/${id}/state`, { state: 'dialogue', reason: `flyttet av ${role}` })).statusCode).toBe(writeStatus(role, 303));
      expect((await post(role, `/challenges/${id}/edit`, { title: `Endret av ${role}`, description: 'Ny tekst', lookingFor: 'peers', themes: 'https://psi.norge.no/los/tema/helse-og-omsorg', language: 'nb' })).statusCode).toBe(
        writeStatus(role, 303),
      );
    });
  }

  it('the proposer’s own organisation sees its private proposal; no one else outside the owners does', async () => {
    const { id, secretId } = await setUp();
    const listed = (await t.app.inject({ url: `/api/v1/challenges/${id}/responses`, headers: bearer(proposerToken) })).json().items.map((r: { id: string }) => r.id);
    expect(listed).toContain(secretId);
    expect((await proposerBrowser.get(`/challenges/${id}`)).body).toContain('Hemmelig tilbud med priser');
  });

  it('the posting body may take a co-owner off (and a co-owner may leave); no one else may', async () => {
    const { id } = await setUp();
    const remove = (role: Role) => api(role, 'DELETE', `/api/v1/challenges/${id}/co-owners/${STAVANGER}`);
    expect((await remove('anonymous')).statusCode).toBe(401);
    expect((await remove('partner')).statusCode).toBe(403);
    expect((await remove('otherPublic')).statusCode).toBe(403);
    expect((await api('owner', 'DELETE', `/api/v1/challenges/${id}/co-owners/${BAERUM}`)).statusCode).toBe(404);
    // On the page, through the button the owner sees.
    const page = await browsers.owner.get(`/challenges/${id}`);
    expect(page.body).toContain(`action="/challenges/${id}/co-owners/${STAVANGER}/remove"`);
    expect((await browsers.otherPublic.get(`/challenges/${id}`)).body).not.toContain('/co-owners/');
    expect((await post('owner', `/challenges/${id}/co-owners/${STAVANGER}/remove`, {})).statusCode).toBe(303);
    expect((await api('owner', 'GET', `/api/v1/challenges/${id}`)).json().coOwners).toEqual([]);
    expect((await api('coOwner', 'PATCH', `/api/v1/challenges/${id}`, { title: 'Ikke lenger vår' })).statusCode).toBe(403);
    // A co-owner may leave on its own.
    const second = await setUp();
    expect((await api('coOwner', 'DELETE', `/api/v1/challenges/${second.id}/co-owners/${STAVANGER}`)).statusCode).toBe(204);
    expect((await api('coOwner', 'POST', `/api/v1/challenges/${second.id}/state`, { state: 'dialogue', reason: 'x' })).statusCode).toBe(403);
  });

  it('only members of a public body post challenges, only public bodies answer «same need», owners do not propose to themselves', async () => {
    expect((await api('anonymous', 'POST', '/api/v1/challenges', {})).statusCode).toBe(401);
    expect((await api('partner', 'POST', '/api/v1/challenges', { title: 'x' })).statusCode).toBe(403);
    expect((await browsers.partner.get('/challenges/new')).statusCode).toBe(403);
    // A member of Bærum may not post for Bergen: refused as such, as a case for another body is.
    const forOther = await api('otherPublic', 'POST', '/api/v1/challenges', { ownerOrgnr: BERGEN, title: 'x', description: 'y', lookingFor: ['peers'], themes: ['https://psi.norge.no/los/tema/helse-og-omsorg'] });
    expect(forOther.statusCode).toBe(403);
    expect(forOther.headers['content-type']).toContain('application/problem+json');
    const { id } = await setUp();
    const sameNeedByPartner = await api('partner', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'same_need' });
    expect(sameNeedByPartner.statusCode).toBe(400);
    const ownProposal = await api('owner', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'proposal', body: 'Til oss selv' });
    expect(ownProposal.statusCode).toBe(400);
    expect((await api('anonymous', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'proposal', body: 'Hei' })).statusCode).toBe(401);
    // A second «same need» from the same body is a conflict, not a duplicate entry.
    expect((await api('coOwner', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'same_need' })).statusCode).toBe(400);
    expect((await api('otherPublic', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'same_need' })).statusCode).toBe(201);
    expect((await api('otherPublic', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'same_need' })).statusCode).toBe(409);
    // Unknown challenges are 404 for reads and writes alike.
    expect((await api('owner', 'GET', '/api/v1/challenges/999999999')).statusCode).toBe(404);
    expect((await api('owner', 'PATCH', '/api/v1/challenges/999999999', { title: 'x' })).statusCode).toBe(404);
    expect((await api('owner', 'GET', '/api/v1/challenges/999999999/responses')).statusCode).toBe(404);
  });
});
