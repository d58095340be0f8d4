import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { ASKER, BAERUM, createCaseViaApi } from '../../test/helpers/cases.js';
import { PARTNER_ORGNR, createChallengeViaApi, createPartnerOrg } from '../../test/fixtures/challenges.js';
import { bearer, commentViaApi } from '../../test/fixtures/comments.js';

/**
 * The access matrix of comments: every role × read the list / post / edit own / edit another's /
 * flag / hide and unhide / mark an answer, on a public case, a case only its owner may read
 * (own_org) and a challenge, for the API and the pages. The expected answers are written out by
 * hand, not derived from the policy they check.
 */
type Role = 'anonymous' | 'partner' | 'otherPublic' | 'ownerMember' | 'ownerOrgAdmin' | 'platformAdmin';
const ROLES: Role[] = ['anonymous', 'partner', 'otherPublic', 'ownerMember', 'ownerOrgAdmin', 'platformAdmin'];
type Thing = 'public case' | 'own_org case' | 'challenge';
const THINGS: Thing[] = ['public case', 'own_org case', 'challenge'];

interface Expected {
  read: number;
  post: number;
  editOther: number;
  flag: number;
  hide: number;
  answer: number;
}

const SIGNED_IN_READER = { read: 200, post: 201, editOther: 403, flag: 201 };
const EXPECTED: Record<Thing, Record<Role, Expected>> = {
  'public case': {
    anonymous: { read: 200, post: 401, editOther: 401, flag: 401, hide: 401, answer: 401 },
    partner: { ...SIGNED_IN_READER, hide: 403, answer: 403 },
    otherPublic: { ...SIGNED_IN_READER, hide: 403, answer: 403 },
    ownerMember: { ...SIGNED_IN_READER, hide: 403, answer: 200 },
    ownerOrgAdmin: { ...SIGNED_IN_READER, hide: 200, answer: 200 },
    platformAdmin: { ...SIGNED_IN_READER, hide: 200, answer: 200 },
  },
  // Outsiders are told nothing exists: not the case, not its comments.
  'own_org case': {
    anonymous: { read: 404, post: 404, editOther: 404, flag: 404, hide: 404, answer: 404 },
    partner: { read: 404, post: 404, editOther: 404, flag: 404, hide: 404, answer: 404 },
    otherPublic: { read: 404, post: 404, editOther: 404, flag: 404, hide: 404, answer: 404 },
    ownerMember: { ...SIGNED_IN_READER, hide: 403, answer: 200 },
    ownerOrgAdmin: { ...SIGNED_IN_READER, hide: 200, answer: 200 },
    platformAdmin: { ...SIGNED_IN_READER, hide: 200, answer: 200 },
  },
  challenge: {
    anonymous: { read: 200, post: 401, editOther: 401, flag: 401, hide: 401, answer: 401 },
    partner: { ...SIGNED_IN_READER, hide: 403, answer: 403 },
    otherPublic: { ...SIGNED_IN_READER, hide: 403, answer: 403 },
    ownerMember: { ...SIGNED_IN_READER, hide: 403, answer: 200 },
    ownerOrgAdmin: { ...SIGNED_IN_READER, hide: 200, answer: 200 },
    platformAdmin: { ...SIGNED_IN_READER, hide: 200, answer: 200 },
  },
};

describe.each(dataTargets())('comment access matrix on $name PostgreSQL', (target) => {
  let t: TestApp;
  const tokens = {} as Record<Role, string | undefined>;
  const browsers = {} as Record<Role, Browser>;
  let authorToken = '';
  let authorId = '';
  const things = {} as Record<Thing, { kind: 'case' | 'challenge'; id: string; page: string }>;

  beforeAll(async () => {
    t = await createTestApp(target);
    const seed = await createToken(t, (await createUser(t)).id);
    await createPartnerOrg(t.app, seed, 'Fallvern AS');
    const users = {
      partner: await createUser(t, { org: PARTNER_ORGNR }),
      otherPublic: await createUser(t, { org: ASKER }),
      ownerMember: await createUser(t, { org: BAERUM }),
      ownerOrgAdmin: await createUser(t, { org: BAERUM, role: 'org_admin' }),
      platformAdmin: await createUser(t, { platformRole: 'admin' }),
    };
    browsers.anonymous = new Browser(t);
    await browsers.anonymous.get('/signin');
    for (const [role, user] of Object.entries(users) as [Exclude<Role, 'anonymous'>, (typeof users)['partner']][]) {
      tokens[role] = await createToken(t, user.id);
      browsers[role] = new Browser(t);
      await browsers[role].signIn(user.email, user.password);
    }
    // The author of the comments the roles act on: another member of the owner (reads every thing here).
    authorId = (await createUser(t, { org: BAERUM, name: 'Aud Author' })).id;
    authorToken = await createToken(t, authorId);
    const publicCase = await createCaseViaApi(t, authorToken, { title: 'Åpent tiltak' });
    const ownOrgCase = await createCaseViaApi(t, authorToken, { title: 'Internt tiltak', visibility: 'own_org' });
    const challenge = await createChallengeViaApi(t.app, authorToken, { title: 'Åpen utfordring' });
    things['public case'] = { kind: 'case', id: publicCase, page: `/cases/${publicCase}` };
    things['own_org case'] = { kind: 'case', id: ownOrgCase, page: `/cases/${ownOrgCase}` };
    things.challenge = { kind: 'challenge', id: challenge, page: `/challenges/${challenge}` };
  });
  afterAll(async () => t?.close());

  /** The author writes two posts per test, far more than the rate limit allows in ten minutes: age them. */
  const aged = async () => {
    await sql`update comments set created_at = created_at - interval '1 hour' where author_id = ${authorId}`.execute(t.database.db);
  };

  const api = (role: Role, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(tokens[role]), ...(payload ? { payload } : {}) });

  for (const thingName of THINGS) {
    for (const role of ROLES) {
      const e = EXPECTED[thingName][role];
      it(`API, ${thingName}, ${role}: read ${e.read}, post ${e.post}, edit another's ${e.editOther}, flag ${e.flag}, hide/unhide ${e.hide}, mark answer ${e.answer}`, async () => {
        const thing = things[thingName];
        const base = `/api/v1/${thing.kind === 'case' ? 'cases' : 'challenges'}/${thing.id}/comments`;
        const question = await commentViaApi(t.app, authorToken, thing, { kind: 'question', body: `Spørsmål til ${role}` });
        const reply = await commentViaApi(t.app, authorToken, thing, { body: `Svar for ${role}`, parentId: question.id });
        await aged();

        const list = await api(role, 'GET', base);
        expect(list.statusCode).toBe(e.read);
        if (e.read === 200) expect(list.json().items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([question.id, reply.id]));

        const posted = await api(role, 'POST', base, { body: `Innlegg fra ${role}` });
        expect(posted.statusCode).toBe(e.post);
        if (posted.statusCode === 201) {
          // Edit own: every role that may post may correct what it wrote.
          const own = await api(role, 'PATCH', `/api/v1/comments/${posted.json().id}`, { body: `Rettet av ${role}` });
          expect(own.statusCode).toBe(200);
          expect(own.json()).toMatchObject({ body: `Rettet av ${role}`, mine: true });
        }
        expect((await api(role, 'PATCH', `/api/v1/comments/${question.id}`, { body: 'Kapret' })).statusCode).toBe(e.editOther);
        expect((await api(role, 'POST', `/api/v1/comments/${question.id}/flags`, { reason: 'spam' })).statusCode).toBe(e.flag);
        expect((await api(role, 'POST', `/api/v1/comments/${reply.id}/hide`, { reason: `Skjult av ${role}` })).statusCode).toBe(e.hide);
        expect((await api(role, 'POST', `/api/v1/comments/${reply.id}/unhide`)).statusCode).toBe(e.hide);
        expect((await api(role, 'POST', `/api/v1/comments/${reply.id}/answer`, { answer: true })).statusCode).toBe(e.answer);
        const after = (await t.app.inject({ url: base, headers: bearer(authorToken) })).json().items.find((c: { id: string }) => c.id === question.id);
        expect(after).toMatchObject({ body: `Spørsmål til ${role}`, answered: e.answer === 200 });
      });

      it(`pages, ${thingName}, ${role}: the section and the forms this role may use`, async () => {
        const thing = things[thingName];
        const question = await commentViaApi(t.app, authorToken, thing, { kind: 'question', body: `Sidespørsmål til ${role}` });
        const reply = await commentViaApi(t.app, authorToken, thing, { body: `Sidesvar for ${role}`, parentId: question.id });
        await aged();
        const b = browsers[role];
        const page = await b.get(thing.page);
        expect(page.statusCode).toBe(e.read);
        expect((await b.get(`${thing.page}/comments`)).statusCode).toBe(e.read);
        if (e.read !== 200) {
          expect(page.body).not.toContain(`Sidespørsmål til ${role}`);
          return;
        }
        expect(page.body).toContain(`Sidespørsmål til ${role}`);
        expect(page.body.includes(`action="${thing.page}/comments"`)).toBe(e.post === 201);
        expect(page.body.includes(`action="/comments/${question.id}/flag"`)).toBe(e.flag === 201);
        expect(page.body.includes(`action="/comments/${reply.id}/hide"`)).toBe(e.hide === 200);
        expect(page.body.includes(`action="/comments/${reply.id}/answer"`)).toBe(e.answer === 200);
        expect(page.body.includes(`href="/comments/${question.id}/edit"`)).toBe(false);
        const moderation = await b.get('/moderation/comments');
        expect(moderation.statusCode).toBe(role === 'anonymous' ? 401 : e.hide === 200 ? 200 : 403);
      });
    }
  }
});
