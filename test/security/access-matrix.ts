import { caseBody } from '../helpers/cases.js';
import { challengeBody } from '../fixtures/challenges.js';
import { BERGEN, OSLO, ROLES, type Role, type World } from './access-world.js';

/**
 * Who may use each route: the access matrix, written out by hand from PRODUCT.md's roles and the
 * feature policies, never derived from the code it checks. access-matrix.test.ts sends every route
 * (from the app's own route table) as every role and compares; a route missing here fails it.
 *
 * `allow` lists the roles that get through (any answer but 401, 403, 404 or a redirect to sign-in:
 * a 400 about the form still means the request was let in). Everyone else must be refused; a
 * signed-in person with 403 or 404, an anonymous one with those or with 401 / «sign in first».
 * HEAD routes follow their GET. Write routes get valid input where the API schema asks for it; the
 * page forms are sent empty where the form's own validation answers after the access check.
 */
export interface Entry {
  allow: readonly Role[];
  /** The concrete URL (path parameters filled); default: the route's own URL. */
  url?: (w: World) => Promise<string> | string;
  /** The body: JSON for /api, a form otherwise. */
  body?: (w: World) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** A signed-in role acts through a second session of its own (sign-in and sign-out end sessions). */
  ownSession?: true;
  why?: string;
}

const ALL = ROLES;
const SIGNED_IN = ROLES.filter((r) => r !== 'anonymous');
const NONE: readonly Role[] = [];
/** Members of the owning body, and platform admins who moderate everything. */
const OWNERS: readonly Role[] = ['member', 'orgAdmin', 'platformAdmin'];
const OWNER_ADMINS: readonly Role[] = ['orgAdmin', 'platformAdmin'];
const PLATFORM_ADMIN: readonly Role[] = ['platformAdmin'];
const ANALYSTS: readonly Role[] = ['analyst', 'platformAdmin'];
/** Members of an organisation, whichever kind. */
const MEMBERS_OF_ANY: readonly Role[] = ['partner', 'otherMember', 'member', 'orgAdmin'];

const publicPage = { allow: ALL } as const;
const draft = (suffix = '') => async (w: World) => `/cases/${await w.draftCase()}${suffix}`;
const published = (suffix = '') => async (w: World) => `/cases/${await w.publicCase()}${suffix}`;
const apiDraft = (suffix = '') => async (w: World) => `/api/v1/cases/${await w.draftCase()}${suffix}`;
const apiPublished = (suffix = '') => async (w: World) => `/api/v1/cases/${await w.publicCase()}${suffix}`;
const challenge = (suffix = '') => async (w: World) => `/challenges/${await w.challenge()}${suffix}`;
const apiChallenge = (suffix = '') => async (w: World) => `/api/v1/challenges/${await w.challenge()}${suffix}`;
const round = (suffix = '') => async (w: World) => `/barometer/rounds/${await w.round()}${suffix}`;
const apiRound = (suffix = '') => async (w: World) => `/api/v1/barometer/rounds/${await w.round()}${suffix}`;
const answer = (suffix = '') => async (w: World) => `/barometer/answer/${await w.answerToken()}${suffix}`;

export const MATRIX: Record<string, Entry> = {
  // Static files, API documentation, health and metrics: open to all.
  'GET /assets/*': { ...publicPage, url: () => '/assets/app.css' },
  'GET /assets/fonts/files/*': { ...publicPage, url: () => '/assets/fonts/files/inter-latin-400-normal.woff2' },
  'GET /assets/ds/theme.css': publicPage,
  'GET /assets/ds/index.css': publicPage,
  'GET /assets/ds/web.js': publicPage,
  'GET /assets/fonts/inter.css': publicPage,
  'GET /assets/maps/norway-base.6a01b6e619ab.svg': publicPage,
  'GET /api/docs': publicPage,
  'GET /api/docs/static/index.html': publicPage,
  'GET /api/docs/static/swagger-initializer.js': publicPage,
  'GET /api/docs/json': publicPage,
  'GET /api/docs/yaml': publicPage,
  'GET /api/docs/static/*': { ...publicPage, url: () => '/api/docs/static/swagger-ui.css' },
  'GET /api/openapi.json': publicPage,
  'GET /health/live': publicPage,
  'GET /health/ready': publicPage,
  'GET /metrics': { allow: NONE, why: 'off (404) without METRICS_TOKEN, as here; with it, only that bearer token, which is no user’s (test/security/public-url.test.ts)' },

  // Public pages.
  'GET /': publicPage,
  'GET /about/data': publicPage,
  'GET /signin': publicPage,
  'GET /register': publicPage,
  'GET /search': { ...publicPage, url: () => '/search?q=skole' },
  'GET /cases': publicPage,
  'GET /trials': publicPage,
  'GET /challenges': publicPage,
  'GET /partners': publicPage,
  'GET /organisations': publicPage,
  'GET /organisations/:orgnr': { ...publicPage, url: () => `/organisations/${OSLO}` },
  'GET /dashboard': publicPage,
  'GET /follow-up': publicPage,
  'GET /oppfolging': publicPage,
  'GET /dashboard/participation.csv': publicPage,
  'GET /dashboard/levels.csv': publicPage,
  'GET /dashboard/indicators.csv': publicPage,
  'GET /open-data': publicPage,
  ...Object.fromEntries(
    ['cases', 'organisations', 'adoptions', 'challenges', 'challenge-responses', 'barometer-aggregates'].flatMap((n) => [
      [`GET /open-data/${n}.csv`, publicPage],
      [`GET /open-data/${n}.json`, publicPage],
    ]),
  ),
  'GET /open-data/catalog.ttl': publicPage,
  'GET /open-data/catalog.jsonld': publicPage,
  'GET /feeds/cases.atom': publicPage,
  'GET /feeds/challenges.atom': publicPage,
  'GET /feeds/organisations/:orgnr/cases.atom': { ...publicPage, url: () => `/feeds/organisations/${OSLO}/cases.atom` },
  'GET /feeds/organisations/:orgnr/challenges.atom': { ...publicPage, url: () => `/feeds/organisations/${OSLO}/challenges.atom` },
  'GET /sitemap.xml': publicPage,
  'GET /sitemaps/:name': { ...publicPage, url: () => '/sitemaps/cases-1.xml' },
  'GET /robots.txt': publicPage,

  // Accounts.
  'POST /signin': { allow: ALL, ownSession: true, body: (w) => ({ email: w.people.member.email, password: w.people.member.password }) },
  'POST /signout': { allow: ALL, ownSession: true },
  'POST /register': { allow: ALL, ownSession: true, body: () => ({ name: 'Ny Bruker', email: `ny.${Math.random().toString(36).slice(2)}@example.no`, password: 'correct horse battery staple' }) },
  'GET /register/confirm/:secret': { allow: NONE, url: () => `/register/confirm/${'x'.repeat(43)}`, why: 'the secret in the mailed link is the credential: without it 404 for all (the flow is tested in src/auth/registration.test.ts)' },
  'POST /register/confirm/:secret': { allow: NONE, url: () => `/register/confirm/${'x'.repeat(43)}`, why: 'as above' },
  'GET /password/forgot': publicPage,
  'POST /password/forgot': { allow: ALL, body: (w) => ({ email: w.people.member.email }), why: 'anyone may ask; the answer is the same for every address and the link goes only to the address' },
  'GET /password/reset/:secret': { allow: NONE, url: () => `/password/reset/${'x'.repeat(43)}`, why: 'the secret in the mailed link is the credential (flow in src/auth/registration.test.ts)' },
  'POST /password/reset/:secret': { allow: NONE, url: () => `/password/reset/${'x'.repeat(43)}`, body: () => ({ password: 'a new password for nobody' }), why: 'as above' },
  'GET /profile': { allow: SIGNED_IN },
  'POST /profile/password': { allow: SIGNED_IN, body: () => ({}), why: 'one’s own password, from a signed-in browser (sent empty here: the form’s own errors answer)' },
  'POST /profile/tokens': { allow: SIGNED_IN, body: () => ({ name: 'Skript' }) },
  'POST /profile/tokens/:id/revoke': { allow: ['member'], url: async (w) => `/profile/tokens/${await w.memberTokenId()}/revoke`, why: 'a token is its owner’s alone; not even a platform admin revokes it from the profile page' },
  'GET /auth/oidc/:provider/start': { allow: NONE, url: () => '/auth/oidc/idporten/start', why: 'no OpenID provider is configured in this app: 404 for all (the flow is tested in test/e2e/oidc-signin.test.ts)' },
  'GET /auth/oidc/:provider/callback': { allow: NONE, url: () => '/auth/oidc/idporten/callback?code=x&state=y', why: 'as above' },
  'GET /auth/oidc/signed-out': publicPage,
  'GET /auth/oidc/confirm-email': { allow: NONE, why: 'the cookie set at a provider callback (a first sign-in without a verified e-mail) is the credential: without it every role gets the start-over page, 403 (with one, the flow is tested in src/auth/oidc/oidc.test.ts)' },
  'POST /auth/oidc/confirm-email': { allow: NONE, body: () => ({ email: 'ny.adresse@example.no' }), why: 'as above; no code is sent' },
  'POST /auth/oidc/confirm-email/code': { allow: NONE, body: () => ({ code: '123456' }), why: 'as above; nothing is linked' },

  // Organisations and memberships.
  'GET /api/v1/organisations': publicPage,
  'GET /api/v1/organisations/:orgnr': { ...publicPage, url: () => `/api/v1/organisations/${OSLO}` },
  'POST /api/v1/organisations': { allow: SIGNED_IN, body: () => ({ name: `Partner ${Math.random().toString(36).slice(2, 8)} AS`, kind: 'business' }) },
  'GET /organisations/new': { allow: SIGNED_IN },
  'POST /organisations/new': { allow: SIGNED_IN, body: () => ({ name: '' }) },
  'POST /organisations/:orgnr/join': { allow: SIGNED_IN, url: () => `/organisations/${OSLO}/join` },
  'GET /organisations/:orgnr/members': { allow: OWNER_ADMINS, url: () => `/organisations/${OSLO}/members` },
  'POST /organisations/:orgnr/members': { allow: OWNER_ADMINS, url: () => `/organisations/${OSLO}/members`, body: async (w) => ({ email: (await w.loneBystander()).email, role: 'member' }) },
  'POST /organisations/:orgnr/members/invitations/:id/withdraw': { allow: OWNER_ADMINS, url: async (w) => `/organisations/${OSLO}/members/invitations/${await w.osloInvitation()}/withdraw` },
  'POST /invitations/:id': { allow: ['member'], url: async (w) => `/invitations/${await w.invitationForMember()}`, body: () => ({ answer: 'decline' }), why: 'an invitation is answered by the account of the invited address only; to anyone else it does not exist (404)' },
  'POST /api/v1/organisations/:orgnr/invitations': { allow: OWNER_ADMINS, url: () => `/api/v1/organisations/${OSLO}/invitations`, body: () => ({ email: `ny.${Math.random().toString(36).slice(2)}@example.no` }) },
  'GET /api/v1/organisations/:orgnr/invitations': { allow: OWNER_ADMINS, url: () => `/api/v1/organisations/${OSLO}/invitations` },
  'GET /api/v1/invitations': { allow: SIGNED_IN, why: 'one’s own invitations' },
  'POST /api/v1/invitations/:id': { allow: ['member'], url: async (w) => `/api/v1/invitations/${await w.invitationForMember()}`, body: () => ({ answer: 'decline' }), why: 'as the page' },
  'POST /organisations/:orgnr/members/:userId': { allow: OWNER_ADMINS, url: async (w) => `/organisations/${OSLO}/members/${(await w.osloBystander()).id}`, body: () => ({ action: 'make_admin' }) },

  // Themes, cases, trials.
  'GET /api/v1/themes': publicPage,
  'GET /api/v1/themes/main': publicPage,
  'GET /api/v1/cases': publicPage,
  'GET /api/v1/cases/similar-to': { ...publicPage, url: () => '/api/v1/cases/similar-to?title=Digital%20skolevei' },
  'GET /api/v1/cases/:id/similar': { allow: OWNERS, url: apiDraft('/similar'), why: 'a draft is seen by its owners only' },
  'POST /api/v1/cases': { allow: OWNERS, body: () => caseBody({ ownerOrgnr: OSLO }), why: 'a case is registered for a body one is a member of' },
  'GET /api/v1/cases/:id': { allow: OWNERS, url: apiDraft() },
  'PATCH /api/v1/cases/:id': { allow: OWNERS, url: apiDraft(), body: () => ({ title: 'Nytt navn på utkastet' }) },
  'POST /api/v1/cases/:id/publish': { allow: OWNERS, url: apiDraft('/publish') },
  'GET /api/v1/cases/:id/history': { allow: OWNERS, url: apiDraft('/history') },
  'POST /api/v1/cases/:id/adoptions': { allow: ['otherMember', 'platformAdmin'], url: apiPublished('/adoptions'), body: () => ({ adopterOrgnr: BERGEN, adoptedOn: '2026-01-15', changes: 'Tilpasset Bergen' }), why: 'a member records it for their own body; the owner cannot adopt its own case' },
  'GET /api/v1/cases/:id/adoptions': { allow: OWNERS, url: apiDraft('/adoptions') },
  'POST /api/v1/cases/:id/trials': { allow: OWNERS, url: apiPublished('/trials'), body: () => ({ title: 'Pilot i to skoler', hypothesis: 'Færre henvendelser blir borte' }) },
  'GET /api/v1/trials': publicPage,
  'POST /demo': { allow: PLATFORM_ADMIN, why: 'on a platform that has content, only a platform admin loads the demo' },
  'GET /cases/mine': { allow: SIGNED_IN },
  'GET /cases/new': { allow: MEMBERS_OF_ANY, why: 'a case is registered for a body one belongs to; platform roles belong to none (a platform admin can on the API, naming the body)' },
  'POST /cases/new': { allow: MEMBERS_OF_ANY, body: () => ({ title: '' }), why: 'the empty form is answered with its errors; the owner is checked when it is complete' },
  'GET /cases/:id/edit': { allow: OWNERS, url: draft('/edit') },
  'POST /cases/:id/edit': { allow: OWNERS, url: draft('/edit'), body: () => ({ title: '' }) },
  'POST /cases/:id/publish': { allow: OWNERS, url: draft('/publish') },
  'GET /cases/:id': { allow: OWNERS, url: draft() },
  'GET /cases/:id/history': { allow: OWNERS, url: draft('/history') },
  'POST /cases/:id/handover': { allow: OWNER_ADMINS, url: published('/handover'), body: (w) => ({ userId: w.people.member.id }) },
  'GET /cases/:id/adopt': { allow: ['partner', 'otherMember'], url: published('/adopt'), why: 'another body takes it into use: not the owners, not platform roles without a body' },
  'POST /cases/:id/adopt': { allow: ['partner', 'otherMember'], url: published('/adopt'), body: () => ({ adoptedOn: '' }) },
  'GET /cases/:id/trials/new': { allow: OWNERS, url: published('/trials/new') },
  'POST /cases/:id/trials/new': { allow: OWNERS, url: published('/trials/new'), body: () => ({ title: '' }) },

  // Challenges.
  'GET /api/v1/challenges': publicPage,
  'POST /api/v1/challenges': { allow: OWNERS, body: () => challengeBody({ ownerOrgnr: OSLO }) },
  'GET /api/v1/challenges/:id': { ...publicPage, url: apiChallenge() },
  'PATCH /api/v1/challenges/:id': { allow: [...OWNERS, 'otherMember'], url: apiChallenge(), body: () => ({ title: 'Færre fall – nytt navn' }), why: 'Bergen joined as co-owner' },
  'POST /api/v1/challenges/:id/state': { allow: [...OWNERS, 'otherMember'], url: apiChallenge('/state'), body: () => ({ state: 'dialogue', reason: 'Vi er i dialog med tre leverandører.' }) },
  'DELETE /api/v1/challenges/:id/co-owners/:orgnr': { allow: [...OWNERS, 'otherMember'], url: async (w) => `/api/v1/challenges/${await w.challenge()}/co-owners/${BERGEN}`, why: 'the posting body removes a co-owner; the co-owner leaves' },
  'GET /api/v1/challenges/:id/responses': { ...publicPage, url: apiChallenge('/responses') },
  'POST /api/v1/challenges/:id/responses': { allow: ['partner', 'otherMember', 'member', 'orgAdmin'], url: apiChallenge('/responses'), body: () => ({ kind: 'proposal', body: 'Vi har et forslag.', public: true }), why: 'one responds for a body one belongs to; platform roles belong to none' },
  ...Object.fromEntries(
    (['accept', 'decline'] as const).flatMap((d) => [
      [
        `POST /api/v1/challenges/:id/responses/:responseId/${d}`,
        {
          allow: ['otherMember', 'member', 'orgAdmin'],
          url: async (w: World) => `/api/v1/challenges/${await w.challenge()}/responses/${await w.solvedRequest()}/${d}`,
          why: 'the owners (Oslo, and Bergen as accepted co-owner) answer a request; a platform admin moderates but does not consent for them; the requester may not answer its own',
        },
      ],
      [`POST /challenges/:id/responses/:responseId/${d}`, { allow: ['otherMember', 'member', 'orgAdmin'], url: async (w: World) => `/challenges/${await w.challenge()}/responses/${await w.solvedRequest()}/${d}` }],
    ]),
  ),
  'POST /api/v1/challenges/:id/responses/:responseId/share': {
    allow: ['otherMember', 'member', 'orgAdmin'],
    url: async (w) => `/api/v1/challenges/${await w.challenge()}/responses/${await w.privateProposal()}/share`,
    why: 'an owner who reads a private proposal as an owner shares it with the co-owners; the proposer and moderators do not',
  },
  'POST /challenges/:id/responses/:responseId/share': { allow: ['otherMember', 'member', 'orgAdmin'], url: async (w) => `/challenges/${await w.challenge()}/responses/${await w.privateProposal()}/share` },
  'GET /challenges/new': { allow: ['otherMember', 'member', 'orgAdmin', 'platformAdmin'], why: 'challenges are posted by public bodies: their members, and platform admins for any' },
  'POST /challenges/new': { allow: ['otherMember', 'member', 'orgAdmin', 'platformAdmin'], body: () => ({ title: '' }) },
  'GET /challenges/:id/edit': { allow: [...OWNERS, 'otherMember'], url: challenge('/edit') },
  'POST /challenges/:id/edit': { allow: [...OWNERS, 'otherMember'], url: challenge('/edit'), body: () => ({ title: '' }) },
  'GET /challenges/:id': { ...publicPage, url: challenge() },
  'POST /challenges/:id/state': { allow: [...OWNERS, 'otherMember'], url: challenge('/state'), body: () => ({ state: '' }) },
  'POST /challenges/:id/co-owners/:orgnr/remove': { allow: [...OWNERS, 'otherMember'], url: async (w) => `/challenges/${await w.challenge()}/co-owners/${BERGEN}/remove` },
  'POST /challenges/:id/responses': { allow: SIGNED_IN, url: challenge('/responses'), body: () => ({ kind: '' }), why: 'the incomplete form is answered with 400; who may respond for which body is checked on the API' },

  // Comments.
  'GET /api/v1/cases/:id/comments': { ...publicPage, url: apiPublished('/comments') },
  'POST /api/v1/cases/:id/comments': { allow: SIGNED_IN, url: apiPublished('/comments'), body: () => ({ body: 'Takk for delingen!' }) },
  'GET /api/v1/challenges/:id/comments': { ...publicPage, url: apiChallenge('/comments') },
  'POST /api/v1/challenges/:id/comments': { allow: SIGNED_IN, url: apiChallenge('/comments'), body: () => ({ body: 'Vi følger med.' }) },
  'PATCH /api/v1/comments/:id': { allow: ['member'], url: async (w) => `/api/v1/comments/${await w.question()}`, body: () => ({ body: 'Rettet spørsmål' }), why: 'only the author edits' },
  'DELETE /api/v1/comments/:id': { allow: ['member'], url: async (w) => `/api/v1/comments/${await w.question()}` },
  'POST /api/v1/comments/:id/flags': { allow: SIGNED_IN, url: async (w) => `/api/v1/comments/${await w.question()}/flags`, body: () => ({ reason: 'spam' }) },
  'POST /api/v1/comments/:id/hide': { allow: OWNER_ADMINS, url: async (w) => `/api/v1/comments/${await w.reply()}/hide`, body: () => ({ reason: 'Utenfor tema' }) },
  'POST /api/v1/comments/:id/unhide': { allow: OWNER_ADMINS, url: async (w) => `/api/v1/comments/${await w.hiddenComment()}/unhide` },
  'POST /api/v1/comments/:id/answer': { allow: OWNERS, url: async (w) => `/api/v1/comments/${await w.reply()}/answer`, body: () => ({ answer: true }) },
  'GET /cases/:id/comments': { ...publicPage, url: published('/comments') },
  'POST /cases/:id/comments': { allow: SIGNED_IN, url: published('/comments'), body: () => ({ body: '' }) },
  'GET /challenges/:id/comments': { ...publicPage, url: challenge('/comments') },
  'POST /challenges/:id/comments': { allow: SIGNED_IN, url: challenge('/comments'), body: () => ({ body: '' }) },
  'GET /comments/:id/edit': { allow: ['member'], url: async (w) => `/comments/${await w.question()}/edit` },
  'POST /comments/:id/edit': { allow: ['member'], url: async (w) => `/comments/${await w.question()}/edit`, body: () => ({ body: '' }) },
  'POST /comments/:id/delete': { allow: ['member'], url: async (w) => `/comments/${await w.question()}/delete` },
  'GET /comments/:id/flag': { allow: SIGNED_IN, url: async (w) => `/comments/${await w.question()}/flag` },
  'POST /comments/:id/flag': { allow: SIGNED_IN, url: async (w) => `/comments/${await w.question()}/flag`, body: () => ({ reason: '' }) },
  'GET /comments/:id/hide': { allow: OWNER_ADMINS, url: async (w) => `/comments/${await w.reply()}/hide` },
  'POST /comments/:id/hide': { allow: OWNER_ADMINS, url: async (w) => `/comments/${await w.reply()}/hide`, body: () => ({ reason: '' }) },
  'POST /comments/:id/unhide': { allow: OWNER_ADMINS, url: async (w) => `/comments/${await w.hiddenComment()}/unhide` },
  'POST /comments/:id/dismiss': { allow: OWNER_ADMINS, url: async (w) => `/comments/${await w.flaggedComment()}/dismiss` },
  'POST /comments/:id/answer': { allow: OWNERS, url: async (w) => `/comments/${await w.reply()}/answer`, body: () => ({ answer: 'true' }) },
  'GET /moderation/comments': { allow: OWNER_ADMINS },

  // Partners, notifications, following.
  'GET /api/v1/partners': publicPage,
  'GET /api/v1/notifications': { allow: SIGNED_IN },
  'POST /api/v1/notifications/read': { allow: SIGNED_IN, body: () => ({ all: true }) },
  'GET /api/v1/notifications/settings': { allow: SIGNED_IN },
  'PUT /api/v1/notifications/settings': { allow: SIGNED_IN, body: () => ({ frequency: 'weekly' }) },
  'GET /api/v1/following': { allow: SIGNED_IN },
  'POST /api/v1/following': { allow: SIGNED_IN, body: async (w) => ({ kind: 'case', key: await w.publicCase() }) },
  'DELETE /api/v1/following': { allow: SIGNED_IN, url: async (w) => `/api/v1/following?kind=challenge&key=${await w.challengeFollowedByAll()}`, why: 'one stops following what one follows; the others get 404' },
  'GET /notifications': { allow: SIGNED_IN },
  'POST /notifications/read': { allow: SIGNED_IN, body: () => ({ all: '1' }) },
  'GET /notifications/settings': { allow: SIGNED_IN },
  'POST /notifications/settings': { allow: SIGNED_IN, body: () => ({ frequency: 'daily' }) },
  'POST /follow': { allow: SIGNED_IN, body: async (w) => ({ kind: 'case', key: await w.publicCase() }) },
  'POST /unfollow': { allow: SIGNED_IN, body: async (w) => ({ kind: 'challenge', key: await w.challengeFollowedByAll() }) },
  'GET /unsubscribe/:token': { ...publicPage, url: async (w) => `/unsubscribe/${await w.unsubscribeToken()}`, why: 'the token in the e-mail is the credential' },
  'POST /unsubscribe/:token': { ...publicPage, url: async (w) => `/unsubscribe/${await w.unsubscribeToken()}` },
  'GET /admin/outbox': { allow: PLATFORM_ADMIN },
  'POST /admin/outbox/digests': { allow: PLATFORM_ADMIN },
  'GET /admin/audit': { allow: PLATFORM_ADMIN },

  // The barometer.
  'GET /api/v1/barometer/rounds': publicPage,
  'POST /api/v1/barometer/rounds': { allow: ANALYSTS, body: () => ({ title: 'Barometer 2027', key: `m-${Math.random().toString(36).slice(2, 10)}`, year: 2027, closesOn: '2027-12-01' }) },
  'GET /api/v1/barometer/rounds/:id': { ...publicPage, url: apiRound() },
  'GET /api/v1/barometer/rounds/:id/questionnaire': { ...publicPage, url: apiRound('/questionnaire') },
  'GET /api/v1/barometer/rounds/:id/invitations/:orgnr': { allow: ['orgAdmin', ...ANALYSTS], url: apiRound(`/invitations/${OSLO}`) },
  'POST /api/v1/barometer/rounds/:id/invitations/:orgnr': { allow: ['orgAdmin', ...ANALYSTS], url: apiRound(`/invitations/${OSLO}`), body: () => ({ workplaces: [{ unitName: 'Tøyen skole', sizeBand: '10-49', email: `rektor.${Math.random().toString(36).slice(2, 8)}@oslo.kommune.no` }] }) },
  'POST /api/v1/barometer/rounds/:id/invitations/:orgnr/reminders': { allow: ['orgAdmin', ...ANALYSTS], url: apiRound(`/invitations/${OSLO}/reminders`) },
  'GET /api/v1/barometer/rounds/:id/response-rates': { allow: ['orgAdmin', ...ANALYSTS], url: apiRound('/response-rates'), why: 'an org admin sees their own body’s rate' },
  'GET /api/v1/barometer/rounds/:id/aggregates': { ...publicPage, url: apiRound('/aggregates') },
  'GET /barometer/rounds': { ...publicPage, why: 'the list of rounds and their statistics is public; the forms on it are shown to those who may use them' },
  'POST /barometer/rounds': { allow: ANALYSTS, body: () => ({ title: '' }) },
  'GET /barometer/rounds/:id/response-rates': { allow: ['orgAdmin', ...ANALYSTS], url: round('/response-rates') },
  'GET /barometer/rounds/:id/invitations/:orgnr': { allow: ['orgAdmin', ...ANALYSTS], url: round(`/invitations/${OSLO}`) },
  'POST /barometer/rounds/:id/invitations/:orgnr': { allow: ['orgAdmin', ...ANALYSTS], url: round(`/invitations/${OSLO}`), body: () => ({ csv: '' }) },
  'POST /barometer/rounds/:id/invitations/:orgnr/reminders': { allow: ['orgAdmin', ...ANALYSTS], url: round(`/invitations/${OSLO}/reminders`) },
  'GET /barometer/answer/:token': { ...publicPage, url: answer(), why: 'the one-time link is the credential; respondents have no account' },
  'GET /barometer/answer/:token/:page': { ...publicPage, url: answer('/innovation') },
  'POST /barometer/answer/:token/:page': { ...publicPage, url: answer('/innovation'), body: () => ({}) },
  'POST /barometer/answer/:token/submit': { ...publicPage, url: answer('/submit') },
  'GET /barometer/answered': publicPage,
  'GET /barometer/rounds/:id/statistics': { ...publicPage, url: round('/statistics') },
  'GET /barometer/rounds/:id/statistics/:file': { ...publicPage, url: round('/statistics/drivers.csv') },
  'GET /barometer/rounds/:id/organisations/:orgnr': {
    allow: ['member', 'orgAdmin'],
    url: round(`/organisations/${OSLO}`),
    why: 'a body’s own barometer results: its active members only; analysts and platform admins through their own memberships (issue 14, finding 2: with every body’s own table, any body is a group minus the others)',
  },

  // The follow-up of the white paper.
  'GET /api/v1/indicators': publicPage,
  'GET /api/v1/participation': publicPage,
};


