import { BERGEN, OSLO, PARTNER_ORGNR, type Role } from './access-world.js';
import type { MarkerKind, MarkerWorld } from './marker-world.js';

/**
 * The marker sweep's expectations, written by hand from PRODUCT.md and the feature policies (never
 * derived from the code they check): which role may read which kind of secret, and which URLs each
 * GET route of the app's route table is swept with. markers.test.ts sends every URL as every role
 * and looks for every marker in the body; a GET route missing here fails it, and so does an entry
 * that is no longer a route.
 */

const SIGNED_IN: readonly Role[] = ['partner', 'otherMember', 'member', 'orgAdmin', 'analyst', 'platformAdmin'];
/** Members of Oslo, which owns the cases, and platform admins, who read and moderate everything. */
const OSLO_OWNERS: readonly Role[] = ['member', 'orgAdmin', 'platformAdmin'];
/** Signed-in public-sector users: members of public bodies, analysts, platform admins (cases.policy `publicSector`). */
const PUBLIC_SECTOR: readonly Role[] = ['otherMember', 'member', 'orgAdmin', 'analyst', 'platformAdmin'];
const NOBODY: readonly Role[] = [];

export const READERS: Record<MarkerKind, readonly Role[]> = {
  // Cases (every free-text field, trials, comments on them, and contact details): who may read the case.
  'case.draft': OSLO_OWNERS,
  'case.ownorg': OSLO_OWNERS,
  'case.psector': PUBLIC_SECTOR,
  'case.hiddenLater': OSLO_OWNERS,
  'case.bergenDraft': ['otherMember', 'platformAdmin'],
  // Contact details of a public case: signed-in public-sector users only (PRODUCT.md, capability 10).
  'contact.public': PUBLIC_SECTOR,
  // A hidden comment's text: its author (Bergen's member; the partner on the challenge) and platform admins.
  'comment.hidden': ['otherMember', 'platformAdmin'],
  'comment.hiddenOnChallenge': ['partner', 'platformAdmin'],
  // A deleted comment's text is gone, for its author and platform admins too.
  'comment.deleted': NOBODY,
  // A report's note: the one who reported (the partner) and the moderators (Oslo's org admin, platform admins).
  'flag.note': ['partner', 'orgAdmin', 'platformAdmin'],
  // A report on Bergen's challenge: the partner and platform admins (Bergen's org admin is not in the world), never Oslo's.
  'flag.noteAtBergen': ['partner', 'platformAdmin'],
  // A private proposal: the owners when it was sent (Oslo; Bergen joined later), the proposer's body, platform admins.
  'proposal.private': ['member', 'orgAdmin', 'partner', 'platformAdmin'],
  // Who sent a response (name, e-mail): the owners who follow it up, platform admins, and the sender's
  // own organisation (the partner): the sender is the partner's colleague, the proposal is their body's,
  // and they may see who in it sent it (on the challenge page, the API and in their notifications).
  'proposal.sender': ['member', 'orgAdmin', 'partner', 'platformAdmin'],
  // A pending request's text (Oslo's «we solved this» and «let us join» on Bergen's challenge): the
  // owners who decide (Bergen), the requesting body (Oslo), platform admins; never public until accepted.
  'request.pending': ['otherMember', 'member', 'orgAdmin', 'platformAdmin'],
  // The address an organisation invited (no account yet): the inviting body's org admins, platform admins.
  'invitation.email': ['orgAdmin', 'platformAdmin'],
  // A challenge's contact person: signed-in users.
  'challenge.contact': SIGNED_IN,
  // Invited workplaces (unit names, leaders' addresses): the inviting body's org admin, analysts, platform admins.
  'barometer.invitation': ['orgAdmin', 'analyst', 'platformAdmin'],
  // Secrets that no page shows after they were handed out.
  'token.api': NOBODY,
  'token.session': NOBODY,
  'token.barometer': NOBODY,
  'token.hash': NOBODY,
  // One-time links for a registration and a password reset: mailed to addresses that are not swept roles.
  'token.link': NOBODY,
  // A person's one-click unsubscribe link: in their own digests, which the outbox log shows platform
  // admins (the sweep runs with SMTP configured, as in production: system mail with one-time links is
  // hidden there, digests are not).
  'token.unsubscribe:partner': ['partner', 'platformAdmin'],
  'token.unsubscribe:otherMember': ['otherMember', 'platformAdmin'],
  'token.unsubscribe:member': ['member', 'platformAdmin'],
  'token.unsubscribe:orgAdmin': ['orgAdmin', 'platformAdmin'],
  'token.unsubscribe:analyst': ['analyst', 'platformAdmin'],
  'token.unsubscribe:platformAdmin': ['platformAdmin'],
  // Account addresses: the person, platform admins, and whoever the world gives a reason to:
  // the partner sent a public proposal and Bergen's member a «same need» to Oslo's challenge, whose
  // owners (Oslo; Bergen, a co-owner) see who sent a response; the member is the default contact
  // person of Oslo's cases without contact fields (contact details: the public sector) and «solved»
  // Bergen's challenge; Oslo's org admin sees Oslo's members and whom Oslo invited (the analyst).
  'email:partner': ['partner', 'member', 'orgAdmin', 'otherMember', 'platformAdmin'],
  'email:otherMember': ['otherMember', 'member', 'orgAdmin', 'platformAdmin'],
  'email:member': ['member', 'orgAdmin', ...PUBLIC_SECTOR],
  // Oslo's org admin asked to join Bergen's challenge: its owner (Bergen) and Oslo see who sent it.
  'email:orgAdmin': ['orgAdmin', 'otherMember', 'member', 'platformAdmin'],
  'email:analyst': ['analyst', 'orgAdmin', 'platformAdmin'],
  'email:platformAdmin': ['platformAdmin'],
};

export interface SweepEntry {
  /** The concrete URLs the route is swept with (path parameters filled, queries that find markers). */
  urls: (w: MarkerWorld) => string[];
  /** Kinds the URL itself is the credential for (a one-time link): everyone holding it may read them. */
  alsoMay?: readonly MarkerKind[];
  /**
   * No role is let in at any of the URLs (the sweep checks the others let someone in, so a mistyped
   * URL cannot pass unnoticed); «maybe» when it depends on the configuration.
   */
  refusedToAll?: true | 'maybe';
  why?: string;
}

const one = (url: string): SweepEntry => ({ urls: () => [url] });
const allCases = (w: MarkerWorld) => Object.values(w.cases);
const allChallenges = (w: MarkerWorld) => Object.values(w.challenges);
const caseUrls = (suffix: string, prefix = '/cases/') => ({ urls: (w: MarkerWorld) => allCases(w).map((id) => `${prefix}${id}${suffix}`) });
const challengeUrls = (suffix: string, prefix = '/challenges/') => ({ urls: (w: MarkerWorld) => allChallenges(w).map((id) => `${prefix}${id}${suffix}`) });
const commentUrls = (suffix: string) => ({ urls: (w: MarkerWorld) => w.comments.map((id) => `/comments/${id}${suffix}`) });
/** Both rounds: what a round shows changes when it closes. */
const round = (suffix: string, prefix = '/barometer/rounds/') => ({ urls: (w: MarkerWorld) => Object.values(w.rounds).map((id) => `${prefix}${id}${suffix}`) });
const roundUrls = (w: MarkerWorld, path: (id: string) => string[]) => Object.values(w.rounds).flatMap(path);
/** Every marker contains «mrk»; a search for it finds any marker the index lets through. */
const Q = 'q=mrk';
const THEME_SCHOOL = 'https://psi.norge.no/los/tema/skole-og-utdanning';

export const SWEEP: Record<string, SweepEntry> = {
  // Static files, API documentation, health and metrics.
  'GET /assets/*': one('/assets/app.css'),
  'GET /assets/fonts/files/*': one('/assets/fonts/files/inter-latin-400-normal.woff2'),
  'GET /assets/ds/theme.css': one('/assets/ds/theme.css'),
  'GET /assets/ds/index.css': one('/assets/ds/index.css'),
  'GET /assets/ds/web.js': one('/assets/ds/web.js'),
  'GET /assets/fonts/inter.css': one('/assets/fonts/inter.css'),
  'GET /assets/maps/norway-base.6a01b6e619ab.svg': one('/assets/maps/norway-base.6a01b6e619ab.svg'),
  'GET /api/docs': one('/api/docs'),
  'GET /api/docs/static/index.html': one('/api/docs/static/index.html'),
  'GET /api/docs/static/swagger-initializer.js': one('/api/docs/static/swagger-initializer.js'),
  'GET /api/docs/json': one('/api/docs/json'),
  'GET /api/docs/yaml': one('/api/docs/yaml'),
  'GET /api/docs/static/*': one('/api/docs/static/swagger-ui.css'),
  'GET /api/openapi.json': one('/api/openapi.json'),
  'GET /health/live': one('/health/live'),
  'GET /health/ready': one('/health/ready'),
  'GET /metrics': { ...one('/metrics'), refusedToAll: 'maybe', why: 'issue 14 (finding 14) turns it off without METRICS_TOKEN' },

  // Public pages and lists, with the search that would find markers.
  'GET /': one('/'),
  'GET /about/data': one('/about/data'),
  'GET /signin': one('/signin'),
  'GET /register': one('/register'),
  'GET /register/confirm/:secret': {
    urls: (w) => [`/register/confirm/${w.registrationSecret}`],
    alsoMay: ['token.link'],
    why: 'the mailed link is the credential of whoever registered the address (the page posts back to it)',
  },
  'GET /password/forgot': one('/password/forgot'),
  'GET /password/reset/:secret': {
    urls: (w) => [`/password/reset/${w.resetSecret}`],
    alsoMay: ['token.link'],
    why: 'as above: the link is the credential for setting a new password',
  },
  'GET /search': { urls: () => ['/search', `/search?${Q}&per_page=100`, `/search?owner=${OSLO}&sort=newest&per_page=100`, `/search?theme=${encodeURIComponent(THEME_SCHOOL)}&lessons=true&per_page=100`] },
  'GET /cases': { urls: () => ['/cases', `/cases?${Q}`] },
  'GET /trials': one('/trials'),
  'GET /challenges': one('/challenges'),
  'GET /partners': { urls: () => ['/partners', '/partners?q=mrk'] },
  'GET /organisations': one('/organisations'),
  'GET /organisations/:orgnr': { urls: () => [OSLO, BERGEN, PARTNER_ORGNR].map((o) => `/organisations/${o}`) },
  'GET /dashboard': one('/dashboard'),
  'GET /follow-up': one('/follow-up'),
  'GET /oppfolging': one('/oppfolging'),
  'GET /dashboard/participation.csv': one('/dashboard/participation.csv'),
  'GET /dashboard/levels.csv': one('/dashboard/levels.csv'),
  'GET /dashboard/indicators.csv': one('/dashboard/indicators.csv'),

  // Exporters, feeds, sitemaps.
  'GET /open-data': one('/open-data'),
  ...Object.fromEntries(
    ['cases', 'organisations', 'adoptions', 'challenges', 'challenge-responses', 'barometer-aggregates'].flatMap((n) => [
      [`GET /open-data/${n}.csv`, one(`/open-data/${n}.csv`)],
      [`GET /open-data/${n}.json`, one(`/open-data/${n}.json`)],
    ]),
  ),
  'GET /open-data/catalog.ttl': one('/open-data/catalog.ttl'),
  'GET /open-data/catalog.jsonld': one('/open-data/catalog.jsonld'),
  'GET /feeds/cases.atom': { urls: () => ['/feeds/cases.atom', `/feeds/cases.atom?theme=${encodeURIComponent(THEME_SCHOOL)}`] },
  'GET /feeds/challenges.atom': one('/feeds/challenges.atom'),
  'GET /feeds/organisations/:orgnr/cases.atom': { urls: () => [OSLO, BERGEN].map((o) => `/feeds/organisations/${o}/cases.atom`) },
  'GET /feeds/organisations/:orgnr/challenges.atom': { urls: () => [OSLO, BERGEN].map((o) => `/feeds/organisations/${o}/challenges.atom`) },
  'GET /sitemap.xml': one('/sitemap.xml'),
  'GET /sitemaps/:name': { urls: () => ['static', 'organisations', 'challenges', 'cases'].map((k) => `/sitemaps/${k}-1.xml`) },
  'GET /robots.txt': one('/robots.txt'),

  // Accounts and organisations.
  'GET /profile': one('/profile'),
  'GET /auth/oidc/:provider/start': { ...one('/auth/oidc/idporten/start'), refusedToAll: true, why: 'no OpenID provider is configured in the test app' },
  'GET /auth/oidc/:provider/callback': { ...one('/auth/oidc/idporten/callback?code=x&state=y'), refusedToAll: true, why: 'as above' },
  'GET /auth/oidc/signed-out': one('/auth/oidc/signed-out'),
  'GET /auth/oidc/confirm-email': { ...one('/auth/oidc/confirm-email'), refusedToAll: true, why: 'without the cookie of a provider callback, everyone gets the start-over page (403)' },
  'GET /api/v1/organisations': { urls: () => ['/api/v1/organisations', '/api/v1/organisations?q=oslo'] },
  'GET /api/v1/organisations/:orgnr': { urls: () => [OSLO, BERGEN, PARTNER_ORGNR].map((o) => `/api/v1/organisations/${o}`) },
  'GET /organisations/new': one('/organisations/new'),
  'GET /organisations/:orgnr/members': { urls: () => [OSLO, BERGEN, PARTNER_ORGNR].map((o) => `/organisations/${o}/members`) },
  'GET /api/v1/organisations/:orgnr/invitations': { urls: () => [OSLO, BERGEN].map((o) => `/api/v1/organisations/${o}/invitations`) },
  'GET /api/v1/invitations': one('/api/v1/invitations'),

  // Themes, cases, trials.
  'GET /api/v1/themes': one('/api/v1/themes'),
  'GET /api/v1/themes/main': one('/api/v1/themes/main'),
  'GET /api/v1/cases': { urls: () => [`/api/v1/cases?${Q}&per_page=100`, `/api/v1/cases?owner=${OSLO}&sort=newest&per_page=100`] },
  'GET /api/v1/cases/similar-to': { urls: () => ['/api/v1/cases/similar-to?text=mrk%20title%20summary%20lessons&limit=20', '/api/v1/cases/similar-to?text=Digital%20innbyggerdialog%20i%20skolen&limit=20'] },
  'GET /api/v1/cases/:id/similar': caseUrls('/similar', '/api/v1/cases/'),
  'GET /api/v1/cases/:id': caseUrls('', '/api/v1/cases/'),
  'GET /api/v1/cases/:id/history': caseUrls('/history', '/api/v1/cases/'),
  'GET /api/v1/cases/:id/adoptions': caseUrls('/adoptions', '/api/v1/cases/'),
  'GET /api/v1/trials': one('/api/v1/trials?per_page=100'),
  'GET /cases/mine': one('/cases/mine'),
  'GET /cases/new': one('/cases/new'),
  'GET /cases/:id/edit': caseUrls('/edit'),
  'GET /cases/:id': caseUrls(''),
  'GET /cases/:id/history': caseUrls('/history'),
  'GET /cases/:id/adopt': caseUrls('/adopt'),
  'GET /cases/:id/trials/new': caseUrls('/trials/new'),

  // Challenges.
  'GET /api/v1/challenges': { urls: () => ['/api/v1/challenges?per_page=100', `/api/v1/challenges?owner=${BERGEN}`] },
  'GET /api/v1/challenges/:id': challengeUrls('', '/api/v1/challenges/'),
  'GET /api/v1/challenges/:id/responses': challengeUrls('/responses', '/api/v1/challenges/'),
  'GET /challenges/new': one('/challenges/new'),
  'GET /challenges/:id/edit': challengeUrls('/edit'),
  'GET /challenges/:id': challengeUrls(''),

  // Comments.
  'GET /api/v1/cases/:id/comments': caseUrls('/comments', '/api/v1/cases/'),
  'GET /api/v1/challenges/:id/comments': challengeUrls('/comments', '/api/v1/challenges/'),
  'GET /cases/:id/comments': caseUrls('/comments'),
  'GET /challenges/:id/comments': challengeUrls('/comments'),
  'GET /comments/:id/edit': commentUrls('/edit'),
  'GET /comments/:id/flag': commentUrls('/flag'),
  'GET /comments/:id/hide': commentUrls('/hide'),
  'GET /moderation/comments': one('/moderation/comments'),

  // Partners, notifications, following, administration.
  'GET /api/v1/partners': { urls: () => ['/api/v1/partners', '/api/v1/partners?q=mrk'] },
  'GET /api/v1/notifications': one('/api/v1/notifications'),
  'GET /api/v1/notifications/settings': one('/api/v1/notifications/settings'),
  'GET /api/v1/following': one('/api/v1/following'),
  'GET /notifications': one('/notifications'),
  'GET /notifications/settings': one('/notifications/settings'),
  'GET /unsubscribe/:token': {
    urls: (w) => [`/unsubscribe/${w.unsubscribeTokenOf('member')}`],
    alsoMay: ['email:member', 'token.unsubscribe:member'],
    why: 'the link in the member’s e-mails is the credential: whoever holds it acts as the member for unsubscribing',
  },
  'GET /admin/outbox': one('/admin/outbox'),
  'GET /admin/audit': one('/admin/audit'),

  // The barometer.
  'GET /api/v1/barometer/rounds': one('/api/v1/barometer/rounds'),
  'GET /api/v1/barometer/rounds/:id': round('', '/api/v1/barometer/rounds/'),
  'GET /api/v1/barometer/rounds/:id/questionnaire': round('/questionnaire', '/api/v1/barometer/rounds/'),
  'GET /api/v1/barometer/rounds/:id/invitations/:orgnr': { urls: (w) => roundUrls(w, (id) => [OSLO, BERGEN].map((o) => `/api/v1/barometer/rounds/${id}/invitations/${o}`)) },
  'GET /api/v1/barometer/rounds/:id/response-rates': round('/response-rates', '/api/v1/barometer/rounds/'),
  'GET /api/v1/barometer/rounds/:id/aggregates': round('/aggregates', '/api/v1/barometer/rounds/'),
  'GET /barometer/rounds': one('/barometer/rounds'),
  'GET /barometer/rounds/:id/response-rates': round('/response-rates'),
  'GET /barometer/rounds/:id/invitations/:orgnr': { urls: (w) => roundUrls(w, (id) => [OSLO, BERGEN].map((o) => `/barometer/rounds/${id}/invitations/${o}`)) },
  'GET /barometer/answer/:token': {
    urls: (w) => [`/barometer/answer/${w.openAnswerToken}`],
    alsoMay: ['barometer.invitation', 'token.barometer'],
    why: 'the one-time link is the invited workplace’s credential: its holder may see its own unit (the other invitation’s markers are of the same kind, so this is coarse)',
  },
  'GET /barometer/answer/:token/:page': {
    urls: (w) => ['innovation', 'latest', 'drivers', 'barriers', 'background', 'review'].map((p) => `/barometer/answer/${w.openAnswerToken}/${p}`),
    alsoMay: ['barometer.invitation', 'token.barometer'],
    why: 'as above',
  },
  'GET /barometer/answered': one('/barometer/answered'),
  'GET /barometer/rounds/:id/statistics': { urls: (w) => roundUrls(w, (id) => ['', '?by=county'].map((q) => `/barometer/rounds/${id}/statistics${q}`)) },
  'GET /barometer/rounds/:id/statistics/:file': { urls: (w) => roundUrls(w, (id) => ['drivers', 'trend', 'innovated'].map((f) => `/barometer/rounds/${id}/statistics/${f}.csv`)) },
  'GET /barometer/rounds/:id/organisations/:orgnr': { urls: (w) => roundUrls(w, (id) => [OSLO, BERGEN].map((o) => `/barometer/rounds/${id}/organisations/${o}`)) },

  // The follow-up of the white paper.
  'GET /api/v1/indicators': one('/api/v1/indicators'),
  'GET /api/v1/participation': one('/api/v1/participation'),
};

/**
 * Leaks known and accepted for a while (a fix under way), named by their finding. Each is «route as
 * role shows a marker of kind»; the test passes while exactly these leak, and fails both on a new leak
 * and on a listed one that no longer happens (then remove it). Keep it empty: a leak found is fixed.
 */
export interface KnownLeak {
  route: string;
  role: Role;
  kind: MarkerKind;
  finding: string;
}

/** Empty: every leak the sweep found on the old main is fixed (findings 5–8; the follow labels in this branch). */
export const KNOWN_LEAKS: KnownLeak[] = [];
