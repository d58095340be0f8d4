import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { Browser, createTestApp, createToken, csrfFrom, mergeCookies, type TestApp } from '../helpers/app.js';
import { SESSION_COOKIE } from '../../src/auth/auth.hook.js';
import { randomBytes } from 'node:crypto';
import { createOrUpdateUser, sessionIdHash, startSession } from '../../src/auth/auth.service.js';
import { insertConfirmation } from '../../src/auth/oidc/oidc.queries.js';
import { CONFIRM_COOKIE } from '../../src/auth/oidc/oidc.pages.js';
import { parseOidcProviders } from '../../src/auth/oidc/oidc.config.js';
import { providerEnv, type TestProvider } from '../helpers/oidc-provider.js';
import { dataTargets } from '../helpers/db.js';
import { BAERUM, caseBody, OSLO, THEME_SCHOOL } from '../helpers/cases.js';
import { challengeBody } from '../fixtures/challenges.js';
import { tokenFromText } from '../fixtures/barometer.js';
import { osloToday, addDays } from '../../src/barometer/barometer.validation.js';
import { findOrganisation, grantMembership } from '../../src/orgs/orgs.service.js';
import { fanOutPending, queueDigests } from '../../src/notifications/notifications.service.js';
import { analyseHtml, formsOf, invalidFields, isScriptUrl, LIVE_MARKUP, normaliseText, PAYLOADS, schemaLeaves, setAt, textsOf, xmlProblems, type PageForm, type SchemaLeaf } from '../helpers/xss.js';

/**
 * Stored XSS, for every write route in the app's route table: every payload of the corpus goes into
 * every text field of every form and API body, sent by a user allowed to (each field with its own
 * marker, so that what shows up can be traced back). Then every page of the app is fetched, with
 * every id the writes made, and must be inert; and every payload a route accepted must show up
 * somewhere as text, whole (so that the check cannot pass by dropping it). Fields that the app
 * refuses for every payload, or stores without showing, or shows changed, are listed below with
 * the reason; a new write route or field that is none of these fails the test until it is covered.
 */

// ---------------------------------------------------------------------------------------------
// The exceptions: each (route, field) here was looked at, and why it is as it is is said.

/** Write routes not driven with payloads here, and why. */
const ROUTES_NOT_DRIVEN: Record<string, string> = {
  'POST /admin/outbox/digests': 'no field but the CSRF token: queues digests (its e-mails are checked below)',
  'POST /profile/password': 'passwords only, never shown (hashed); a change would end the sessions this test drives with',
  'POST /password/forgot': 'an e-mail address only, never stored; the answer names the address typed (xss-reflected sends it every payload)',
  'POST /password/reset/:secret': 'a password only, behind the secret of a mailed link',
  'POST /api/v1/organisations/:orgnr/invitations': 'an e-mail address and a role; the page form (POST /organisations/:orgnr/members) drives the same service and its list shows the addresses',
};

/** Text fields of typed bodies that no spec drives, and why. */
const FIELDS_NOT_DRIVEN: Record<string, string> = {
  'POST /notifications/read all': 'a flag: any value marks every notification read; compared, never stored or shown (the reflected test sends it every payload)',
};

/** Text fields whose every payload the app refuses (each refusal page is checked like any other), and why. */
const ORGNR = 'an organisation number: nine digits with a MOD11 check digit (or one of the user\'s organisations)';
const DATE = 'a date, YYYY-MM-DD';
const CHOICE = 'one of a fixed list of values, checked by the service (the schema types it as any string)';
const ID = 'the number of a case, challenge or comment';
const THEME = 'a LOS theme URI from the vocabulary';
const NUMBER = 'a number';
const REFUSED_ALWAYS: Record<string, string> = {
  'POST /api/v1/organisations orgnr': ORGNR,
  'POST /api/v1/cases ownerOrgnr': ORGNR,
  'POST /api/v1/cases themes.[]': THEME,
  'POST /api/v1/cases partners.[].orgnr': ORGNR,
  'PATCH /api/v1/cases/:id themes.[]': THEME,
  'PATCH /api/v1/cases/:id partners.[].orgnr': ORGNR,
  'POST /api/v1/cases/:id/adoptions adopterOrgnr': ORGNR,
  'POST /api/v1/challenges ownerOrgnr': ORGNR,
  'POST /api/v1/challenges lookingFor.[]': CHOICE,
  'POST /api/v1/challenges themes.[]': THEME,
  'POST /api/v1/challenges deadline': DATE,
  'POST /api/v1/challenges language': CHOICE,
  'PATCH /api/v1/challenges/:id lookingFor.[]': CHOICE,
  'PATCH /api/v1/challenges/:id themes.[]': THEME,
  'PATCH /api/v1/challenges/:id deadline': DATE,
  'PATCH /api/v1/challenges/:id language': CHOICE,
  'POST /api/v1/challenges/:id/state state': CHOICE,
  'POST /api/v1/challenges/:id/state outcome': CHOICE,
  'POST /api/v1/challenges/:id/state mergedInto': ID,
  'POST /api/v1/challenges/:id/state changedOn': DATE,
  'POST /api/v1/challenges/:id/responses kind': CHOICE,
  'POST /api/v1/challenges/:id/responses caseId': ID,
  'POST /api/v1/challenges/:id/responses orgnr': ORGNR,
  'POST /api/v1/cases/:id/comments kind': CHOICE,
  'POST /api/v1/cases/:id/comments parentId': ID,
  'POST /api/v1/challenges/:id/comments kind': CHOICE,
  'POST /api/v1/challenges/:id/comments parentId': ID,
  'PATCH /api/v1/comments/:id kind': CHOICE,
  'POST /api/v1/comments/:id/flags reason': CHOICE,
  'POST /api/v1/barometer/rounds key': 'lower-case letters, digits and hyphens',
  'POST /api/v1/barometer/rounds periodFrom': DATE,
  'POST /api/v1/barometer/rounds periodTo': DATE,
  'POST /api/v1/barometer/rounds opensOn': DATE,
  'POST /api/v1/barometer/rounds closesOn': DATE,
  'POST /api/v1/barometer/rounds/:id/invitations/:orgnr workplaces.[].sector': CHOICE,
  'POST /api/v1/barometer/rounds/:id/invitations/:orgnr workplaces.[].sizeBand': CHOICE,
  'POST /organisations/new kind': CHOICE,
  'POST /organisations/new orgnr': ORGNR,
  'POST /organisations/new country': 'two letters (ISO 3166)',
  'POST /organisations/:orgnr/members role': CHOICE,
  'POST /cases/new noveltySourceCaseId': ID,
  'POST /cases/new takenIntoUseOn': DATE,
  'POST /cases/new coOwners': ORGNR,
  'POST /cases/new partners.0.orgnr': ORGNR,
  'POST /cases/new partners.1.orgnr': ORGNR,
  'POST /cases/new partners.2.orgnr': ORGNR,
  'POST /cases/new benefits.0.value': NUMBER,
  'POST /cases/new benefits.1.value': NUMBER,
  'POST /cases/new costNok': NUMBER,
  'POST /cases/:id/edit noveltySourceCaseId': ID,
  'POST /cases/:id/edit takenIntoUseOn': DATE,
  'POST /cases/:id/edit coOwners': ORGNR,
  'POST /cases/:id/edit partners.0.orgnr': ORGNR,
  'POST /cases/:id/edit partners.1.orgnr': ORGNR,
  'POST /cases/:id/edit partners.2.orgnr': ORGNR,
  'POST /cases/:id/edit benefits.0.value': NUMBER,
  'POST /cases/:id/edit benefits.1.value': NUMBER,
  'POST /cases/:id/edit costNok': NUMBER,
  'POST /cases/:id/adopt adoptedOn': DATE,
  'POST /cases/:id/trials/new startedOn': DATE,
  'POST /cases/:id/trials/new endedOn': DATE,
  'POST /challenges/new deadline': DATE,
  'POST /challenges/:id/edit deadline': DATE,
  'POST /challenges/:id/state mergedInto': ID,
  'POST /challenges/:id/state changedOn': DATE,
  'POST /challenges/:id/responses solvedCaseId': ID,
  'POST /notifications/settings frequency': CHOICE,
  'POST /barometer/rounds key': 'lower-case letters, digits and hyphens',
  'POST /barometer/rounds year': NUMBER,
  'POST /barometer/rounds periodFrom': DATE,
  'POST /barometer/rounds periodTo': DATE,
  'POST /barometer/rounds opensOn': DATE,
  'POST /barometer/rounds closesOn': DATE,
  'POST /auth/oidc/confirm-email/code code': 'six digits',
};

/** Text fields the app accepts without showing them on any page, and why. */
const NOT_SHOWN: Record<string, string> = {
  'POST /signin password': 'a password is never shown',
  'POST /register password': 'a password is never shown (it is hashed)',
  'POST /follow return': 'a same-site path, used only as the Location of the redirect (checked for script URLs)',
  'POST /unfollow return': 'a same-site path, used only as the Location of the redirect (checked for script URLs)',
  'POST /unfollow key': 'selects which follow to remove; nothing is stored',
};

/** Text fields the app shows changed (the payload is there, not character for character), and why. */
const SHOWN_CHANGED: Record<string, string> = {
  'POST /api/v1/barometer/rounds/:id/invitations/:orgnr workplaces.[].unitName': 'a workplace is a line of text: tabs, line breaks and semicolons (column separators) become spaces',
  'POST /profile/tokens name': 'a token name is cut to 100 characters',
  'POST /signin next': 'kept as a same-site path, with what a URL cannot hold as typed percent-encoded',
  'POST /cases/new themeSearch': 'a theme search is cut to its maximum length',
  'POST /cases/:id/edit themeSearch': 'a theme search is cut to its maximum length',
  'POST /challenges/new themeSearch': 'a theme search is cut to its maximum length',
  'POST /challenges/:id/edit themeSearch': 'a theme search is cut to its maximum length',
};

// ---------------------------------------------------------------------------------------------

type Body = Record<string, unknown>;
/** Who writes: the run's owner (admin of Oslo), another user (of Bærum), a new user for this route (comments are rate-limited per user), or nobody signed in. */
type Role = 'owner' | 'other' | 'fresh' | 'anonymous';

interface Actor {
  id: string;
  email: string;
  token: string;
  browser: Browser;
}

/** One payload's run: its own users (comment rate limits are per user), so runs can go side by side. */
interface Run {
  p: number;
  payload: string;
  owner: Actor;
  other: Actor;
  /** A user made for the route being driven (role `fresh`). */
  fresh?: Actor;
  /** Things made once per run and written to by several routes (a case takes any number of comments). */
  shared: Map<string, Promise<string>>;
}

interface ApiSpec {
  as: Exclude<Role, 'anonymous'>;
  /** The URL to write to; may first make what it writes to. Called again after each success. */
  url: (r: Run) => Promise<string>;
  /** A valid body; the payloads go into its string fields, one by one where refused. */
  base: (r: Run) => Body;
  /** Turns a marked value into what the field takes (e.g. a saved search as a query string). */
  shape?: Record<string, (v: string) => unknown>;
  ok?: number[];
  after?: (r: Run, res: LightMyRequestResponse) => Promise<void>;
  /** Fields left out (another spec of the route drives them: the body takes one or the other). */
  skip?: string[];
}

interface FormSpec {
  as: Role;
  /** The page that holds the form (made first if need be), for the browser that will post it. Called again after each success. */
  page: (r: Run, browser: Browser) => Promise<string>;
  /** Valid values for fields whose default would be refused (choices nobody made, required text). */
  valid?: Record<string, string | string[] | ((r: Run) => Promise<string> | string)>;
  shape?: Record<string, (v: string) => string>;
  ok?: number[];
  after?: (r: Run, res: LightMyRequestResponse, browser: Browser) => Promise<void>;
  /** No body goes through (the valid value is a secret the test cannot know): why. */
  nothingGoesThrough?: string;
  /** Only these fields get payloads (a button that does something else with the form). */
  only?: string[];
  /** The button pressed: its name and value go with the form. */
  press?: [string, string];
}

/** What went into one field for one payload. */
interface Sent {
  route: string;
  field: string;
  p: number;
  value: string;
  marker: string;
  text: boolean;
  outcome?: 'accepted' | 'refused' | 'too-long';
}

const URLISH = /(url|link|website|return|next)$/i;
/** Form controls that are text a user types (the rest are choices, hidden fields and buttons). */
const TEXT_CONTROLS = new Set(['text', 'textarea', 'email', 'url', 'search', 'tel', 'password', 'number', 'date']);
const NOT_FIELDS = new Set(['submit', 'button', 'image', 'reset', 'file']);

const contentType = (res: LightMyRequestResponse) => String(res.headers['content-type'] ?? '');

describe.each(dataTargets().slice(0, 1))('Stored XSS: every text field of every write route, shown inert everywhere ($name PostgreSQL)', (target) => {
  let t: TestApp;
  let crawler: Actor;
  let reader: Actor;
  let counter = 0;
  const unique = () => `${Date.now().toString(36)}${++counter}`;
  /** A fresh organisation number with a right check digit (MOD11). */
  const newOrgnr = (): string => {
    for (;;) {
      const head = `8${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
      const sum = [...head].reduce((acc, d, i) => acc + Number(d) * [3, 2, 7, 6, 5, 4, 3, 2][i]!, 0);
      const check = 11 - (sum % 11);
      if (check !== 10) return `${head}${check === 11 ? 0 : check}`;
    }
  };

  /** Every marked value sent, by marker. */
  const sent = new Map<string, Sent>();
  const markerOf = new Map<string, string>();
  /** How often a text field, sent alone with everything else valid, was refused. */
  const refusedAlone = new Map<string, number>();
  /** Fields each route has (schema leaves, or the controls of its form), and whether each is text. */
  const routeFields = new Map<string, Map<string, boolean>>();
  /** What the pages showed: markers seen, and markers seen with their whole payload. */
  const seen = new Set<string>();
  const whole = new Set<string>();
  const problems: string[] = [];
  const known = { cases: new Set<string>(), challenges: new Set<string>(), comments: new Set<string>(), rounds: new Set<string>(), orgnrs: new Set<string>([OSLO, BAERUM]), answers: new Set<string>(), unsubscribes: new Set<string>() };
  const personal: { browser: Browser; urls: string[] }[] = [];
  let pagesChecked = 0;
  /** Drives one route; a failure to drive it (a fixture gone wrong) is a problem, and the other routes go on. */
  const guarded = async (what: string, f: () => Promise<void>): Promise<void> => {
    try {
      await f();
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message}`);
    }
  };

  // ---- users ----

  /**
   * A user with an API token and a signed-in browser. No password: hashing one costs a quarter of a
   * second, and these tests make hundreds of users (sign-in itself is driven as a form below).
   */
  async function actor(options: { name: string; admin?: boolean; org?: string; role?: 'member' | 'org_admin'; alsoBaerum?: boolean }): Promise<Actor> {
    // (Names come through the service here, not a route: the NUL a route would drop is dropped here.)
    const made = await createOrUpdateUser(t.database.db, { email: `u${unique()}@example.no`, name: options.name.replaceAll('\u0000', ''), platformRole: options.admin ? 'admin' : undefined });
    if (!made.ok) throw new Error(JSON.stringify(made.violations));
    const user = made.user;
    for (const [orgnr, role] of [...(options.org ? [[options.org, options.role ?? 'member'] as const] : []), ...(options.alsoBaerum ? [[BAERUM, 'member'] as const] : [])]) {
      const org = await findOrganisation(t.database.db, orgnr);
      if (!org.ok) throw new Error(`no org ${orgnr}`);
      await grantMembership(t.database.db, user.id, org.org.id, role);
    }
    const browser = new Browser(t);
    browser.cookies = `${SESSION_COOKIE}=${(await startSession(t.database.db, user.id)).cookie}`;
    return { id: user.id, email: user.email, token: await createToken(t, user.id), browser };
  }

  // ---- what the writes go to, made through the API ----

  async function api(token: string, method: 'POST' | 'PATCH', url: string, payload: Body = {}, status = [200, 201]) {
    const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
    if (!status.includes(res.statusCode)) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown>;
  }
  async function newCase(r: Run): Promise<string> {
    const id = String((await api(r.owner.token, 'POST', '/api/v1/cases', caseBody({ ownerOrgnr: OSLO, title: `Sak ${unique()}` }))).id);
    await api(r.owner.token, 'POST', `/api/v1/cases/${id}/publish`);
    known.cases.add(id);
    return id;
  }
  async function newChallenge(r: Run): Promise<string> {
    const id = String((await api(r.owner.token, 'POST', '/api/v1/challenges', challengeBody({ ownerOrgnr: OSLO, title: `Utfordring ${unique()}` }))).id);
    known.challenges.add(id);
    return id;
  }
  function once(r: Run, key: string, make: () => Promise<string>): Promise<string> {
    if (!r.shared.has(key)) r.shared.set(key, make());
    return r.shared.get(key)!;
  }
  /** The run's case for comments and trials, and its challenge for comments. */
  const sharedCase = (r: Run) => once(r, 'case', () => newCase(r));
  const sharedChallenge = (r: Run) => once(r, 'challenge', () => newChallenge(r));
  /** A case of Bærum's (the run's other user), for responses that name one. */
  const baerumCase = (r: Run) =>
    once(r, 'baerum-case', async () => {
      const id = String((await api(r.other.token, 'POST', '/api/v1/cases', caseBody({ title: `Bærums sak ${unique()}` }))).id);
      await api(r.other.token, 'POST', `/api/v1/cases/${id}/publish`);
      known.cases.add(id);
      return id;
    });
  /** A comment on the run's case (or challenge), by `author` (default: a new user, as comments are rate-limited per user). */
  async function newComment(r: Run, author?: Actor, on: 'case' | 'challenge' = 'case', body: Body = { body: 'Et spørsmål', kind: 'question' }): Promise<{ id: string; thing: string }> {
    const thing = on === 'case' ? await sharedCase(r) : await sharedChallenge(r);
    const by = (author ?? (await actor({ name: `Kommentator ${r.payload}` }))).token;
    const id = String((await api(by, 'POST', `/api/v1/${on === 'case' ? 'cases' : 'challenges'}/${thing}/comments`, body)).id);
    known.comments.add(id);
    return { id, thing };
  }
  async function newRound(r: Run): Promise<string> {
    const today = osloToday();
    const id = String((await api(r.owner.token, 'POST', '/api/v1/barometer/rounds', { title: `Runde ${unique()}`, key: `r${unique()}`, year: Number(today.slice(0, 4)), closesOn: addDays(today, 30) })).id);
    known.rounds.add(id);
    return id;
  }
  async function newAnswerToken(r: Run): Promise<string> {
    const round = await newRound(r);
    const email = `leder${unique()}@example.no`;
    await api(r.owner.token, 'POST', `/api/v1/barometer/rounds/${round}/invitations/${OSLO}`, { workplaces: [{ unitName: `Skole ${unique()}`, sector: 'municipal', sizeBand: '10-49', email }] });
    const mail = await t.database.db.selectFrom('outbox').select('text_body').where('to_address', '=', email).executeTakeFirstOrThrow();
    const token = tokenFromText(mail.text_body);
    known.answers.add(token);
    return token;
  }
  /** A fuller case body than the default: every section a case page can show is switched on. */
  function fullCase(withOwner: boolean): Body {
    return {
      ...caseBody(withOwner ? { ownerOrgnr: OSLO } : {}),
      novelty: 'adapted',
      noveltySourceText: 'Inspirert av Sverige',
      status: 'stopped',
      stoppedReason: 'Midlene tok slutt',
      evaluated: true,
      evaluationHow: 'Spørreundersøkelse',
      evaluationLink: 'https://example.no/evaluering',
      activelySpread: true,
      spreadHow: 'Konferanser',
      lookingForPartners: true,
      partnerNeeds: ['business'],
      challenges: 'Utfordringer',
      lessons: 'Lærdom',
      successConditions: 'Forutsetninger',
      howToReplicate: 'Slik gjør du',
      fundingSources: ['Eget budsjett'],
      links: [{ url: 'https://example.no/lenke', label: 'Lenke' }],
      contactName: 'Kari Kontakt',
      contactEmail: 'kari@example.no',
      contactPhone: '67 50 00 00',
      partners: [{ name: 'Partner AS', orgnr: null, actorType: 'business' }],
      benefits: [{ category: 'efficiency', realised: true, description: 'Gevinst', value: 10, unit: 'timer', method: 'Måling' }],
    };
  }
  const publishFromLocation = async (r: Run, res: LightMyRequestResponse, browser: Browser) => {
    const id = /^\/cases\/(\d+)/.exec(String(res.headers.location ?? ''))?.[1];
    if (!id) return;
    known.cases.add(id);
    const page = await browser.get(`/cases/${id}`);
    const publish = await t.app.inject({ method: 'POST', url: `/cases/${id}/publish`, headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrfFrom(page.body))}` });
    if (publish.statusCode !== 303) problems.push(`publish of form case ${id}: ${publish.statusCode}`);
    void r;
  };
  const remember = (kind: 'cases' | 'challenges') => async (_r: Run, res: LightMyRequestResponse) => {
    const fromLocation = /^\/(?:cases|challenges)\/(\d+)/.exec(String(res.headers.location ?? ''))?.[1];
    const id = fromLocation ?? (res.headers['content-type']?.toString().includes('json') ? String((res.json() as { id?: unknown }).id ?? '') : '');
    if (id) known[kind].add(id);
  };

  // ---- the specs: how to write to each route as someone allowed to ----

  const API: Record<string, ApiSpec | ApiSpec[]> = {
    'POST /api/v1/organisations': {
      as: 'owner',
      url: async () => '/api/v1/organisations',
      base: () => ({ name: `Partner ${unique()} AS`, kind: 'business', orgnr: newOrgnr() }),
      after: async (_r, res) => void known.orgnrs.add(String(res.json().orgnr)),
    },
    'POST /api/v1/cases': {
      as: 'owner',
      url: async () => '/api/v1/cases',
      base: () => fullCase(true),
      after: async (r, res) => {
        const id = String(res.json().id);
        known.cases.add(id);
        await api(r.owner.token, 'POST', `/api/v1/cases/${id}/publish`);
      },
    },
    'PATCH /api/v1/cases/:id': { as: 'owner', url: async (r) => `/api/v1/cases/${await newCase(r)}`, base: () => fullCase(false) },
    'POST /api/v1/cases/:id/adoptions': {
      as: 'owner',
      url: async (r) => `/api/v1/cases/${await newCase(r)}/adoptions`,
      base: () => ({ adopterOrgnr: BAERUM, adoptedOn: '2025-03-01', changes: 'Tilpasset', result: 'Færre klager', createCase: false }),
    },
    'POST /api/v1/cases/:id/trials': {
      as: 'owner',
      url: async (r) => `/api/v1/cases/${await sharedCase(r)}/trials`,
      base: () => ({ title: 'Pilot', hypothesis: 'Hypotese', method: 'A/B-test', measure: 'Svarprosent', result: 'confirmed', decision: 'scale', startedOn: '2025-01-06', endedOn: '2025-06-20' }),
    },
    'POST /api/v1/challenges': { as: 'owner', url: async () => '/api/v1/challenges', base: () => challengeBody({ ownerOrgnr: OSLO }), after: remember('challenges') },
    'PATCH /api/v1/challenges/:id': { as: 'owner', url: async (r) => `/api/v1/challenges/${await newChallenge(r)}`, base: () => challengeBody() },
    'POST /api/v1/challenges/:id/state': { as: 'owner', url: async (r) => `/api/v1/challenges/${await newChallenge(r)}/state`, base: () => ({ state: 'closed', outcome: 'solved', reason: 'Løst' }) },
    'POST /api/v1/challenges/:id/responses': {
      as: 'other',
      url: async (r) => `/api/v1/challenges/${await newChallenge(r)}/responses`,
      base: () => ({ kind: 'proposal', body: 'Forslag', public: true, orgnr: BAERUM }),
    },
    'POST /api/v1/cases/:id/comments': { as: 'fresh', url: async (r) => `/api/v1/cases/${await sharedCase(r)}/comments`, base: () => ({ kind: 'comment', body: 'Kommentar' }) },
    'POST /api/v1/challenges/:id/comments': { as: 'fresh', url: async (r) => `/api/v1/challenges/${await sharedChallenge(r)}/comments`, base: () => ({ kind: 'comment', body: 'Kommentar' }) },
    'PATCH /api/v1/comments/:id': { as: 'fresh', url: async (r) => `/api/v1/comments/${(await newComment(r, r.fresh)).id}`, base: () => ({ body: 'Rettet' }) },
    'POST /api/v1/comments/:id/flags': { as: 'owner', url: async (r) => `/api/v1/comments/${(await newComment(r)).id}/flags`, base: () => ({ reason: 'spam', note: 'Reklame' }) },
    'POST /api/v1/comments/:id/hide': { as: 'owner', url: async (r) => `/api/v1/comments/${(await newComment(r)).id}/hide`, base: () => ({ reason: 'Personopplysninger' }) },
    'POST /api/v1/following': { as: 'owner', url: async () => '/api/v1/following', base: () => ({ kind: 'search', key: 'q=skole' }), shape: { key: (v) => `q=${encodeURIComponent(v)}` } },
    'POST /api/v1/barometer/rounds': {
      as: 'owner',
      url: async () => '/api/v1/barometer/rounds',
      base: () => ({ title: 'Runde', key: `r${unique()}`, year: Number(osloToday().slice(0, 4)), closesOn: addDays(osloToday(), 30) }),
      after: async (_r, res) => void known.rounds.add(String(res.json().id)),
    },
    'POST /api/v1/barometer/rounds/:id/invitations/:orgnr': [
    {
      as: 'owner',
      url: async (r) => `/api/v1/barometer/rounds/${await newRound(r)}/invitations/${OSLO}`,
      base: () => ({ workplaces: [{ unitName: `Enhet ${unique()}`, sector: 'municipal', sizeBand: '10-49', email: `enhet${unique()}@example.no` }], language: 'nb' }),
      skip: ['csv'],
    },
    {
      as: 'owner',
      url: async (r) => `/api/v1/barometer/rounds/${await newRound(r)}/invitations/${OSLO}`,
      base: () => ({ csv: `Enhet ${unique()}\tmunicipal\t10-49\tenhet${unique()}@example.no`, language: 'nb' }),
      shape: { csv: (v) => `${v}\tmunicipal\t10-49\tcsv${unique()}@example.no` },
      skip: ['workplaces.[].unitName', 'workplaces.[].sector', 'workplaces.[].sizeBand', 'workplaces.[].email'],
    },
    ],
  };

  /** The case form's choices, and the parts of its rows that must go with a row's text. */
  const caseForm: Record<string, string> = { title: 'Tittel', summary: 'Et sammendrag av saken.', types: 'service', themes: THEME_SCHOOL, ownerOrgnr: OSLO, stage: 'implement', status: 'in_use', visibility: 'public', language: 'nb' };
  for (const i of [0, 1, 2]) caseForm[`partners.${i}.actorType`] = 'business';
  for (const i of [0, 1]) Object.assign(caseForm, { [`benefits.${i}.category`]: 'efficiency', [`benefits.${i}.realised`]: 'true', [`links.${i}.url`]: 'https://example.no/lenke' });

  const FORMS: Record<string, FormSpec[]> = {
    // `next` is kept only as a same-site path: the payload goes in as one.
    'POST /signin': [{ as: 'anonymous', page: async () => '/signin', ok: [401], shape: { next: (v) => `/${v}` } }],
    'POST /register': [
      {
        as: 'anonymous',
        page: async () => '/register',
        // The address is kept on the run: four payloads register side by side, each follows its own mail.
        valid: { name: 'Ny Bruker', email: (r: Run) => {
            const address = `ny${unique()}@example.no`;
            r.shared.set('registered', Promise.resolve(address));
            return address;
          }, password: 'correct horse battery staple' },
        // The same page for any address; the account is made by the link in the mail.
        ok: [200],
        // The new user follows the link, then asks to join Oslo: their name is then on Oslo's member page.
        after: async (r, _res, browser) => {
          // Sent to the address the form carried: the valid one, or the payload itself when that was the field driven.
          const driven = markerOf.get(`POST /register|email|${r.p}`);
          const to = [(await r.shared.get('registered')) ?? '', ...(driven ? [sent.get(driven)!.value] : [])].filter((a) => !a.includes('\u0000'));
          const mail = await t.database.db.selectFrom('outbox').select('text_body').where('subject', '=', 'Fullfør registreringen i Nytenk').where('to_address', 'in', to).orderBy('id', 'desc').executeTakeFirst();
          const link = /https?:\/\/[^/\s]+(\/register\/confirm\/[A-Za-z0-9_-]{43})/.exec(mail?.text_body ?? '')?.[1];
          if (!link) return void problems.push(`register: no link mailed to ${to.join(' or ')} (payload ${r.p}); latest: ${JSON.stringify(await t.database.db.selectFrom('outbox').select(['to_address', 'subject']).orderBy('id', 'desc').limit(3).execute())}`);
          const confirm = await browser.get(link);
          const made = await t.app.inject({ method: 'POST', url: link, headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrfFrom(confirm.body))}` });
          browser.cookies = mergeCookies(browser.cookies, made);
          if (made.statusCode !== 303) return void problems.push(`confirm after register: ${made.statusCode}`);
          const org = await browser.get(`/organisations/${OSLO}`);
          const join = await t.app.inject({ method: 'POST', url: `/organisations/${OSLO}/join`, headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrfFrom(org.body))}` });
          if (join.statusCode !== 303) problems.push(`join after register: ${join.statusCode}`);
        },
      },
    ],
    'POST /profile/tokens': [{ as: 'owner', page: async () => '/profile', ok: [200] }],
    'POST /organisations/new': [
      {
        as: 'owner',
        page: async () => '/organisations/new',
        valid: { kind: 'business', name: () => `Partner ${unique()}`, orgnr: newOrgnr },
        after: async (_r, res) => void known.orgnrs.add(String(res.headers.location).split('/')[2] ?? ''),
      },
    ],
    'POST /organisations/:orgnr/members': [{ as: 'owner', page: async () => `/organisations/${OSLO}/members`, valid: { email: async (r) => (await actor({ name: `Medlem ${r.payload}` })).email, role: 'member' } }],
    'POST /cases/new': [
      { as: 'owner', page: async () => '/cases/new', valid: caseForm, after: publishFromLocation },
      // The theme picker's search button: the form comes back with the search and its results.
      { as: 'owner', page: async () => '/cases/new', press: ['action', 'theme-search'], only: ['themeSearch'], ok: [200] },
    ],
    'POST /cases/:id/edit': [
      { as: 'owner', page: async (r) => `/cases/${await newCase(r)}/edit`, valid: caseForm },
      { as: 'owner', page: async (r) => `/cases/${await sharedCase(r)}/edit`, press: ['action', 'theme-search'], only: ['themeSearch'], ok: [200] },
    ],
    'POST /cases/:id/adopt': [{ as: 'owner', page: async (r) => `/cases/${await newCase(r)}/adopt`, valid: { adopterOrgnr: BAERUM, adoptedOn: '2025-03-01' } }],
    'POST /cases/:id/trials/new': [
      { as: 'owner', page: async (r) => `/cases/${await sharedCase(r)}/trials/new`, valid: { title: 'Pilot', hypothesis: 'Hypotese', result: 'confirmed', decision: 'scale', startedOn: '2025-01-06' } },
    ],
    'POST /challenges/new': [
      { as: 'owner', page: async () => '/challenges/new', valid: { ...challengeForm(), ownerOrgnr: OSLO }, after: remember('challenges') },
      { as: 'owner', page: async () => '/challenges/new', press: ['action', 'theme-search'], only: ['themeSearch'], ok: [200] },
    ],
    'POST /challenges/:id/edit': [
      { as: 'owner', page: async (r) => `/challenges/${await newChallenge(r)}/edit`, valid: challengeForm() },
      { as: 'owner', page: async (r) => `/challenges/${await sharedChallenge(r)}/edit`, press: ['action', 'theme-search'], only: ['themeSearch'], ok: [200] },
    ],
    'POST /challenges/:id/state': [{ as: 'owner', page: async (r) => `/challenges/${await newChallenge(r)}`, valid: { state: 'closed', outcome: 'solved', reason: 'Løst' } }],
    'POST /challenges/:id/responses': [{ as: 'other', page: async (r) => `/challenges/${await newChallenge(r)}`, valid: { proposalBody: 'Forslag', solvedBody: 'Løst hos oss', sameNeedBody: 'Samme behov', solvedCaseId: baerumCase } }],
    'POST /cases/:id/comments': [{ as: 'fresh', page: async (r) => `/cases/${await sharedCase(r)}`, valid: { commentBody: 'Kommentar' } }],
    'POST /challenges/:id/comments': [{ as: 'fresh', page: async (r) => `/challenges/${await sharedChallenge(r)}`, valid: { commentBody: 'Kommentar' } }],
    'POST /comments/:id/edit': [{ as: 'fresh', page: async (r) => `/comments/${(await newComment(r, r.fresh)).id}/edit`, valid: { body: 'Rettet' } }],
    'POST /comments/:id/flag': [{ as: 'owner', page: async (r) => `/comments/${(await newComment(r)).id}/flag`, valid: { reason: 'spam' } }],
    'POST /comments/:id/hide': [{ as: 'owner', page: async (r) => `/comments/${(await newComment(r)).id}/hide`, valid: { reason: 'Personopplysninger' } }],
    'POST /comments/:id/answer': [
      {
        as: 'owner',
        page: async (r) => {
          const question = await newComment(r);
          const reply = String((await api(r.owner.token, 'POST', `/api/v1/cases/${question.thing}/comments`, { body: 'Svar', parentId: question.id })).id);
          known.comments.add(reply);
          return `/cases/${question.thing}`;
        },
      },
    ],
    'POST /notifications/settings': [{ as: 'owner', page: async () => '/notifications/settings', valid: { frequency: 'daily' } }],
    'POST /follow': [{ as: 'owner', page: async () => `/search?q=s${unique()}`, shape: { key: (v) => `q=${encodeURIComponent(v)}`, return: (v) => `/${v}` } }],
    'POST /unfollow': [
      {
        as: 'owner',
        page: async (r) => {
          await api(r.owner.token, 'POST', '/api/v1/following', { kind: 'search', key: `q=${unique()}` }, [200, 201]);
          return '/notifications/settings';
        },
        shape: { return: (v) => `/${v}` },
      },
    ],
    'POST /barometer/rounds': [{ as: 'owner', page: async () => '/barometer/rounds', valid: { title: 'Runde', key: () => `r${unique()}` } }],
    'POST /barometer/rounds/:id/invitations/:orgnr': [
      {
        as: 'owner',
        page: async (r) => `/barometer/rounds/${await newRound(r)}/invitations/${OSLO}`,
        valid: { workplaces: () => `Enhet ${unique()}\tmunicipal\t10-49\tenhet${unique()}@example.no` },
        shape: { workplaces: (v) => `${v}\tmunicipal\t10-49\tform${unique()}@example.no` },
      },
    ],
    'POST /barometer/answer/:token/:page': [
      { as: 'anonymous', page: async (r) => `/barometer/answer/${await newAnswerToken(r)}/innovation`, valid: { innovated: 'yes', innovationCount: '2-3' } },
      { as: 'anonymous', page: async (r) => `/barometer/answer/${await newAnswerToken(r)}/background`, valid: { sector: 'municipal', sizeBand: '10-49' } },
    ],
    'POST /auth/oidc/confirm-email': [
      {
        as: 'anonymous',
        page: async (r, browser) => {
          await pendingConfirmation(r, browser);
          return '/auth/oidc/confirm-email';
        },
        valid: { email: () => `jobb${unique()}@example.no` },
        // The address a code went to is shown on the next page (this browser's own).
        after: async (_r, _res, browser) => void personal.push({ browser, urls: ['/auth/oidc/confirm-email'] }),
      },
    ],
    'POST /auth/oidc/confirm-email/code': [
      {
        as: 'anonymous',
        page: async (r, browser) => {
          await pendingConfirmation(r, browser);
          const page = await browser.get('/auth/oidc/confirm-email');
          const sent = await t.app.inject({ method: 'POST', url: '/auth/oidc/confirm-email', headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ email: `kode${unique()}@example.no`, _csrf: csrfFrom(page.body) }).toString() });
          if (sent.statusCode !== 303) throw new Error(`code not sent: ${sent.statusCode}`);
          return '/auth/oidc/confirm-email';
        },
        nothingGoesThrough: 'the code is e-mailed; only its keyed hash is stored',
      },
    ],
    'POST /unsubscribe/:token': [{ as: 'anonymous', page: async (r) => `/unsubscribe/${await unsubscribeToken(r)}`, ok: [200] }],
  };

  function challengeForm(): Record<string, string | string[]> {
    const b = challengeBody();
    return { title: b.title, description: b.description, usersConcerned: b.usersConcerned, lookingFor: b.lookingFor, themes: b.themes, deadline: b.deadline, contactName: b.contactName, contactEmail: b.contactEmail, language: b.language };
  }
  /** A sign-in through an OpenID provider that gave no verified address, waiting for one (as after the provider's callback). */
  async function pendingConfirmation(r: Run, browser: Browser): Promise<void> {
    const handle = randomBytes(32).toString('base64url');
    await insertConfirmation(
      t.database.db,
      sessionIdHash(handle),
      { provider: 'xss', subject: `sub-${unique()}`, name: `Navn ${r.payload.replaceAll('\u0000', '')}`, claimedEmail: null, next: '/', idToken: 'id-token' },
      new Date(Date.now() + 10 * 60 * 1000),
    );
    browser.cookies = [browser.cookies, `${CONFIRM_COOKIE}=${handle}`].filter(Boolean).join('; ');
  }
  async function unsubscribeToken(r: Run): Promise<string> {
    const row = await t.database.db.selectFrom('users').select('unsubscribe_token').where('id', '=', r.other.id).executeTakeFirstOrThrow();
    known.unsubscribes.add(row.unsubscribe_token);
    return row.unsubscribe_token;
  }

  // ---- checking what comes back ----

  /** Checks a response (any type) for inertness and notes the markers it shows. */
  function look(where: string, res: LightMyRequestResponse, countsAsShown = true): void {
    const type = contentType(res);
    if (res.statusCode >= 500) problems.push(`${where}: status ${res.statusCode} ${res.body.slice(0, 300)}`);
    const location = String(res.headers.location ?? '');
    if (isScriptUrl(location)) problems.push(`${where}: redirect to ${location}`);
    if (type.startsWith('text/html')) {
      pagesChecked++;
      for (const live of LIVE_MARKUP) if (live.test(res.body)) problems.push(`${where}: live markup ${live}`);
      const page = analyseHtml(res.body);
      problems.push(...page.problems.map((p) => `${where}: ${p}`));
      if (countsAsShown) note(res.body, page);
    } else if (/xml/.test(type)) {
      pagesChecked++;
      problems.push(...xmlProblems(res.body).map((p) => `${where}: ${p}`));
      if (countsAsShown && /xq\d+q/i.test(res.body)) note(res.body, textsOf(res.body, true));
    } else if (/json/.test(type)) {
      try {
        JSON.parse(res.body);
      } catch {
        problems.push(`${where}: ${type} that is not JSON`);
      }
    } else if (res.statusCode < 300 && !/^text\/(csv|plain|turtle)/.test(type) && res.body.length > 0) problems.push(`${where}: unexpected content type ${type}`);
    if (res.body.length > 0 && res.headers['x-content-type-options'] !== 'nosniff') problems.push(`${where}: no nosniff`);
  }

  /** Notes which markers a document shows, and which of them with the whole value next to them. */
  function note(markup: string, { text, attributes }: { text: string; attributes: string[] }): void {
    const found = markup.match(/xq\d+q/gi);
    if (!found) return;
    const normal = normaliseText(text);
    const normalAttributes = attributes.filter((a) => /xq\d+q/i.test(a)).map(normaliseText);
    for (const marker of new Set(found.map((m) => m.toLowerCase()))) {
      if (!normal.includes(marker) && !normalAttributes.some((a) => a.includes(marker))) continue;
      seen.add(marker);
      const s = sent.get(marker);
      if (!s || whole.has(marker)) continue;
      const wants = [normaliseText(s.value)];
      try {
        if (URLISH.test(s.field)) wants.push(normaliseText(new URL(s.value).href));
      } catch {
        // not a URL
      }
      if (wants.some((w) => normal.includes(w) || normalAttributes.some((a) => a.includes(w)))) whole.add(marker);
    }
  }

  // ---- driving one route with one payload ----

  function marked(route: string, field: string, r: Run, text: boolean): string {
    const key = `${route}|${field}|${r.p}`;
    let marker = markerOf.get(key);
    if (!marker) {
      marker = `xq${++counter}q`;
      markerOf.set(key, marker);
      const value = URLISH.test(field) ? `${r.payload}${marker}` : `${marker}${r.payload}`;
      sent.set(marker, { route, field, p: r.p, value, marker, text });
    }
    return sent.get(marker)!.value;
  }

  interface Outcome {
    ok: boolean;
    /** Fields named in the refusal, each alone; and groups of fields named together (a row). */
    single: string[];
    grouped: string[];
    detail: string;
  }

  /**
   * Sends the payload in all fields at once; fields the app refuses go back to valid values and the
   * rest are sent again, until it accepts. Fields it refuses without naming them are tried alone.
   */
  async function drive(route: string, fields: string[], r: Run, nothingGoesThrough: boolean, send: (active: string[]) => Promise<Outcome>): Promise<void> {
    const entry = (f: string) => sent.get(markerOf.get(`${route}|${f}|${r.p}`)!)!;
    // (A field accepted in one form of a page stays accepted if another form of it refuses the value.)
    const record = (names: string[], outcome: 'accepted' | 'refused') => {
      for (const f of names) if (entry(f).outcome !== 'accepted') entry(f).outcome = outcome;
    };
    let pending = [...fields];
    const alone: string[] = [];
    for (let attempt = 0; pending.length > 0; attempt++) {
      const out = await send(pending);
      if (out.ok) {
        record(pending, 'accepted');
        pending = [];
        break;
      }
      const blamed = new Set([...out.single, ...out.grouped].filter((f) => pending.includes(f)));
      if (blamed.size === 0 || attempt > 6) {
        alone.push(...pending);
        break;
      }
      const grouped = new Set(out.grouped.filter((f) => pending.includes(f)));
      record(out.single.filter((f) => pending.includes(f) && !grouped.has(f)), 'refused');
      alone.push(...grouped);
      pending = pending.filter((f) => !blamed.has(f));
    }
    // Refused without the fields being named (a bare 400): halve the group until each is known.
    const probe = async (group: string[]): Promise<void> => {
      if (group.length === 0) return;
      const out = await send(group);
      if (out.ok) return record(group, 'accepted');
      if (group.length === 1) return record(group, 'refused');
      const blamed = new Set(out.single.filter((f) => group.includes(f)));
      if (blamed.size > 0) {
        record([...blamed], 'refused');
        return probe(group.filter((f) => !blamed.has(f)));
      }
      const half = Math.ceil(group.length / 2);
      await probe(group.slice(0, half));
      await probe(group.slice(half));
    };
    await probe(alone);
    // A refusal may land on a field next to the one at fault (a form shows a row's error once):
    // a text field refused is tried once more alone, with everything else valid.
    // (Once alone refused it for two payloads, a field is taken at its word: the blame is its own.)
    for (const f of fields) {
      const key = `${route}|${f}`;
      if (!entry(f).text || entry(f).outcome !== 'refused' || (refusedAlone.get(key) ?? 0) >= 2) continue;
      const out = await send([f]);
      if (out.ok) record([f], 'accepted');
      else refusedAlone.set(key, (refusedAlone.get(key) ?? 0) + 1);
    }
    // The valid body itself must go through (else every refusal above proves nothing).
    if (!nothingGoesThrough && (fields.length === 0 || fields.every((f) => entry(f).outcome === 'refused'))) {
      const out = await send([]);
      if (!out.ok) problems.push(`${route}: the valid body is refused: ${out.detail}`);
    }
  }

  const normalisePath = (field: string) => field.replace(/\[(\d+)\]/g, '.$1').replace(/\.\d+(?=\.|$)/g, '.[]');

  async function driveApi(route: string, spec: ApiSpec, r: Run, leaves: SchemaLeaf[]): Promise<void> {
    const [method] = route.split(' ') as ['POST' | 'PATCH' | 'PUT'];
    if (spec.as === 'fresh') r.fresh = await actor({ name: `Ny ${r.payload}` });
    const who = spec.as === 'owner' ? r.owner : spec.as === 'fresh' ? r.fresh! : r.other;
    const fields: string[] = [];
    for (const leaf of leaves.filter((l) => l.kind !== 'other' && !spec.skip?.includes(l.path))) {
      const value = marked(route, leaf.path, r, leaf.kind === 'text');
      if (leaf.maxLength !== undefined && value.length > leaf.maxLength) sent.get(markerOf.get(`${route}|${leaf.path}|${r.p}`)!)!.outcome = 'too-long';
      else fields.push(leaf.path);
    }
    let url: string | undefined;
    await drive(route, fields, r, false, async (active) => {
      url ??= await spec.url(r);
      const body = structuredClone(spec.base(r));
      for (const f of active) {
        const value = marked(route, f, r, true);
        setAt(body, f, spec.shape?.[f] ? spec.shape[f]!(value) : value);
      }
      const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${who.token}` }, payload: body });
      look(`${route} ${url} (payload ${r.p})`, res);
      if ((spec.ok ?? [200, 201]).includes(res.statusCode)) {
        await spec.after?.(r, res);
        url = undefined;
        return { ok: true, single: [], grouped: [], detail: '' };
      }
      const errors = res.statusCode === 400 ? ((res.json() as { errors?: { field: string }[] }).errors ?? []) : [];
      const single: string[] = [];
      const grouped: string[] = [];
      for (const e of errors) {
        const named = normalisePath(e.field);
        const hit = active.filter((f) => f === named || f.startsWith(named + '.') || named.startsWith(f + '.'));
        (hit.length === 1 ? single : grouped).push(...hit);
      }
      return { ok: false, single, grouped, detail: `${res.statusCode} ${res.body.slice(0, 300)}` };
    });
  }

  const routePattern = (url: string) => new RegExp(`^${url.replace(/:[A-Za-z]+/g, '[^/?#]+')}$`);

  /** The names of a form's fields (its CSRF token and buttons aside). */
  const fieldsOfForm = (form: PageForm) => [...form.controls].filter(([name, c]) => name !== '_csrf' && !NOT_FIELDS.has(c.kind));
  const signature = (form: PageForm) => fieldsOfForm(form).map(([name]) => name).sort().join(' ');

  /** Drives every form on the spec's page that posts to the route (forms differing in fields each in turn). */
  async function driveForm(route: string, spec: FormSpec, r: Run, schemaFields: SchemaLeaf[] | 'any'): Promise<void> {
    const [, routeUrl] = route.split(' ') as [string, string];
    const anonymous = () => new Browser(t);
    if (spec.as === 'fresh') r.fresh = await actor({ name: `Ny ${r.payload}` });
    const signedIn = spec.as === 'anonymous' ? undefined : (spec.as === 'owner' ? r.owner : spec.as === 'fresh' ? r.fresh! : r.other).browser;
    let browser: Browser = signedIn ?? anonymous();
    let pageUrl: string | undefined;
    const load = async (variant?: string) => {
      pageUrl ??= await spec.page(r, browser);
      const page = await browser.get(pageUrl);
      if (page.statusCode !== 200) throw new Error(`${route}: ${pageUrl} answered ${page.statusCode}`);
      const forms = formsOf(page.body).filter(
        (f) => f.method === 'post' && routePattern(routeUrl).test(f.action.split('?')[0]!) && (variant === undefined || signature(f) === variant),
      );
      if (forms.length === 0) throw new Error(`${route}: no form for it on ${pageUrl}${variant ? ` with fields ${variant}` : ''}`);
      return forms;
    };
    const variants = [...new Set((await load()).map(signature))];
    for (const variant of variants) {
      let form: PageForm | undefined = (await load(variant))[0]!;
      const controls = fieldsOfForm(form);
      const kinds = new Map(controls.map(([name, c]) => [name, c.kind]));
      // Typed bodies say which fields are text; otherwise the control does.
      const isText = (name: string) => (schemaFields === 'any' ? TEXT_CONTROLS.has(kinds.get(name) ?? '') : schemaFields.some((l) => l.path === name && l.kind === 'text'));
      const fieldMap = routeFields.get(route) ?? new Map<string, boolean>();
      routeFields.set(route, fieldMap);
      for (const [name] of controls) fieldMap.set(name, isText(name));
      const names = controls.map(([name]) => name).filter((n) => !spec.only || spec.only.includes(n));
      for (const name of names) marked(route, name, r, isText(name));
      await drive(route, names, r, !!spec.nothingGoesThrough, async (active) => {
        form ??= (await load(variant))[0]!;
        const entries = new Map<string, string[]>();
        for (const [k, v] of form.defaults) entries.set(k, [...(entries.get(k) ?? []), v]);
        for (const [k, v] of Object.entries(spec.valid ?? {})) {
          // A row's choices go with the row's text (a row of choices alone is an incomplete row).
          const row = /^(\w+\.\d+)\./.exec(k)?.[1];
          if (row && !active.some((f) => f.startsWith(`${row}.`))) continue;
          entries.set(k, await Promise.all([v].flat().map(async (x) => (typeof x === 'function' ? await x(r) : x))));
        }
        if (spec.press) entries.set(spec.press[0], [spec.press[1]]);
        for (const f of active) {
          const value = marked(route, f, r, isText(f));
          entries.set(f, [spec.shape?.[f] ? spec.shape[f]!(value) : value]);
        }
        const body = new URLSearchParams([...entries].flatMap(([k, vs]) => vs.map((v) => [k, v] as [string, string])));
        const res = await t.app.inject({ method: 'POST', url: form.action, headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: body.toString() });
        browser.cookies = mergeCookies(browser.cookies, res);
        look(`${route} ${form.action} (payload ${r.p})`, res);
        if ((spec.ok ?? [303]).includes(res.statusCode)) {
          form = undefined;
          await spec.after?.(r, res, browser);
          pageUrl = undefined;
          if (!signedIn) browser = anonymous();
          return { ok: true, single: [], grouped: [], detail: '' };
        }
        if (res.statusCode === 303) return { ok: false, single: [], grouped: [], detail: `303 to ${String(res.headers.location)}` };
        const invalid = contentType(res).startsWith('text/html') ? invalidFields(res.body, active) : [];
        return { ok: false, single: invalid, grouped: [], detail: `${res.statusCode} ${textsOf(res.body).text.replace(/\s+/g, ' ').slice(0, 400)}` };
      });
      pageUrl = undefined;
    }
  }

  beforeAll(async () => {
    // An OpenID provider in the configuration (never contacted here), for its e-mail confirmation pages.
    const provider = { issuer: 'http://127.0.0.1:9', clientId: 'nytenk-xss', clientSecret: 'secret' } as TestProvider;
    t = await createTestApp(target, { oidcProviders: parseOidcProviders(providerEnv({ xss: provider })).providers });
    crawler = await actor({ name: 'Petra Plattform', admin: true, org: OSLO, role: 'org_admin', alsoBaerum: true });
    reader = await actor({ name: 'Lise Leser' });
  }, 60_000);
  afterAll(async () => t?.close());

  it('every text field of every write route takes every payload, and every page shows it inert', async () => {
    const started = Date.now();
    const writes = t.app.routeTable.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    const leavesOf = (key: string) => {
      const route = writes.find((w) => `${w.method} ${w.url}` === key);
      if (!route) throw new Error(`no route ${key}`);
      return schemaLeaves((route.schema as { body?: unknown } | undefined)?.body);
    };
    for (const key of Object.keys(API)) {
      const leaves = leavesOf(key);
      if (leaves === 'any') throw new Error(`${key}: takes any field; drive it as a form`);
      routeFields.set(key, new Map(leaves.filter((l) => l.kind !== 'other').map((l) => [l.path, l.kind === 'text'])));
    }

    // The reader follows Oslo, so that everything Oslo posts lands in their notifications and digest.
    const orgPage = await reader.browser.get(`/organisations/${OSLO}`);
    const followForm = formsOf(orgPage.body).find((f) => f.action === '/follow');
    expect(followForm, 'a follow form on the organisation page').toBeDefined();
    const followed = await t.app.inject({ method: 'POST', url: '/follow', headers: { cookie: reader.browser.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(followForm!.defaults).toString() });
    expect(followed.statusCode).toBe(303);

    const runOne = async (p: number) => {
      const payload = PAYLOADS[p]!;
      const r: Run = {
        p,
        payload,
        shared: new Map(),
        // Their names carry the payload too: names are shown wherever people are.
        owner: await actor({ name: `Eier ${payload}`, admin: true, org: OSLO, role: 'org_admin', alsoBaerum: true }),
        other: await actor({ name: `Annen ${payload}`, org: BAERUM }),
      };
      for (const [key, specs] of Object.entries(API)) for (const spec of [specs].flat()) await guarded(`${key} (payload ${p})`, () => driveApi(key, spec, r, leavesOf(key) as SchemaLeaf[]));
      for (const [key, specs] of Object.entries(FORMS)) for (const spec of specs) await guarded(`${key} (payload ${p})`, () => driveForm(key, spec, r, leavesOf(key)));
      personal.push({ browser: r.owner.browser, urls: ['/profile', '/notifications', '/notifications/settings', '/cases/mine'] }, { browser: r.other.browser, urls: ['/profile', '/notifications'] });
    };
    // Payloads side by side, a few at a time (each has its own users and things).
    const queue = PAYLOADS.map((_, i) => i);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let p = queue.shift(); p !== undefined; p = queue.shift()) await runOne(p);
      }),
    );
    const written = Date.now();

    // Notifications and e-mail: the fan-out, and a digest for everyone now.
    await fanOutPending(t.database.db, 100000);
    await queueDigests(t.database.db, { baseUrl: 'http://localhost' }, { force: true });
    personal.push({ browser: reader.browser, urls: ['/notifications', '/notifications?unread=true', '/notifications/settings'] });

    // The questionnaires of the workplaces invited with payloads in their names (their links are in the e-mails).
    const invitations = await t.database.db.selectFrom('outbox').select('text_body').where('text_body', 'like', '%/barometer/answer/%').execute();
    const extra = invitations.map((m) => `/barometer/answer/${tokenFromText(m.text_body)}/innovation`).filter((u) => ![...known.answers].some((a) => u.includes(a)));
    await crawl(extra);
    for (const { browser, urls } of personal) for (const url of urls) look(`${url} (own page)`, await browser.get(url));
    // E-mails: their HTML part is inert too, and counts as a place the payloads show.
    const mails = await t.database.db.selectFrom('outbox').select(['id', 'subject', 'html_body', 'text_body']).execute();
    for (const m of mails) {
      if (m.html_body) {
        const mail = analyseHtml(m.html_body);
        problems.push(...mail.problems.map((x) => `e-mail ${m.id}: ${x}`));
        note(m.html_body, mail);
      }
    }
    const crawled = Date.now();

    // ---- the verdict ----
    expect(problems.slice(0, 50)).toEqual([]);

    const table = new Set(writes.map((w) => `${w.method} ${w.url}`));
    const driven = new Set([...Object.keys(API), ...Object.keys(FORMS)]);
    const undriven: string[] = [];
    for (const w of writes) {
      const key = `${w.method} ${w.url}`;
      if (driven.has(key) || ROUTES_NOT_DRIVEN[key]) continue;
      const leaves = schemaLeaves((w.schema as { body?: unknown } | undefined)?.body);
      // A body of choices and patterns only is refused by its schema (the schema test shows it).
      const textLeaves = leaves === 'any' ? [] : leaves.filter((l) => l.kind === 'text' && l.path !== '_csrf' && !FIELDS_NOT_DRIVEN[`${key} ${l.path}`]);
      if (leaves !== 'any' && textLeaves.length === 0) continue;
      undriven.push(`${key}: ${leaves === 'any' ? 'any field' : textLeaves.map((l) => l.path).join(', ')}`);
    }
    expect(undriven, 'write routes with text fields that no spec here drives').toEqual([]);
    for (const key of [...Object.keys(ROUTES_NOT_DRIVEN), ...driven]) expect(table.has(key), `${key} is in the route table`).toBe(true);
    for (const key of Object.keys(FIELDS_NOT_DRIVEN)) expect(table.has(key.split(' ').slice(0, 2).join(' ')), `${key}: its route is in the route table`).toBe(true);

    const byField = new Map<string, Sent[]>();
    for (const s of sent.values()) byField.set(`${s.route} ${s.field}`, [...(byField.get(`${s.route} ${s.field}`) ?? []), s]);
    const refusedAlways: string[] = [];
    const notShown: string[] = [];
    const changed: string[] = [];
    let accepted = 0;
    for (const [key, all] of byField) {
      const [method, url, field] = key.split(' ') as [string, string, string];
      const isText = routeFields.get(`${method} ${url}`)?.get(field) ?? false;
      const ok = all.filter((s) => s.outcome === 'accepted');
      accepted += ok.length;
      if (!isText) continue;
      if (ok.length === 0) refusedAlways.push(key);
      else if (ok.some((s) => !seen.has(s.marker))) notShown.push(`${key} → payloads ${ok.filter((s) => !seen.has(s.marker)).map((s) => s.p).join(',')}`);
      else if (ok.some((s) => !whole.has(s.marker))) changed.push(`${key} → payloads ${ok.filter((s) => !whole.has(s.marker)).map((s) => s.p).join(',')}`);
    }
    const report = {
      refusedAlways: refusedAlways.filter((k) => !REFUSED_ALWAYS[k]),
      notShown: notShown.filter((k) => !NOT_SHOWN[k.split(' → ')[0]!]),
      changed: changed.filter((k) => !SHOWN_CHANGED[k.split(' → ')[0]!]),
    };
    expect(report).toEqual({ refusedAlways: [], notShown: [], changed: [] });
    // Every exception is still needed (a stale one would hide a field that is now covered).
    expect(Object.keys(REFUSED_ALWAYS).filter((k) => !refusedAlways.includes(k))).toEqual([]);
    expect(Object.keys(NOT_SHOWN).filter((k) => !notShown.some((n) => n.startsWith(`${k} → `)))).toEqual([]);
    expect(Object.keys(SHOWN_CHANGED).filter((k) => !changed.some((n) => n.startsWith(`${k} → `)))).toEqual([]);

    const textFields = [...byField.keys()].filter((k) => {
      const [m, u, f] = k.split(' ') as [string, string, string];
      return routeFields.get(`${m} ${u}`)?.get(f);
    });
    console.info(
      `stored: ${driven.size} write routes driven, ${byField.size} fields (${textFields.length} text) × ${PAYLOADS.length} payloads: ${sent.size} values sent, ${accepted} accepted, ` +
        `${seen.size} seen on pages, ${whole.size} whole; ${pagesChecked} pages and files checked; writes ${written - started} ms, crawl ${crawled - written} ms`,
    );
  }, 900_000);

  // ---- the crawl: every GET route, with every id the writes made ----

  async function crawl(extra: string[]): Promise<void> {
    const gets = t.app.routeTable.filter((r) => r.method === 'GET' && !/^\/(assets|api\/docs)/.test(r.url) && !r.url.startsWith('/auth/oidc/'));
    const urls = new Set<string>(extra);
    for (const route of gets) {
      // Pages with every id; the API (JSON, not rendered by a browser) with a few of each.
      const all = expand(route.url);
      for (const url of route.url.startsWith('/api/') ? all.slice(0, 3) : all) urls.add(url);
    }
    // Lists and searches that turn up the payloads.
    for (const q of ['alert', 'script', 'xq', 'onerror', 'javascript', 'Partner']) {
      urls.add(`/search?q=${q}&per_page=100`);
      urls.add(`/api/v1/cases?q=${q}&per_page=100`);
      urls.add(`/organisations?q=${q}`);
      urls.add(`/partners?q=${q}`);
    }
    for (let page = 2; page <= 6; page++) for (const list of ['/cases', '/challenges', '/trials', '/organisations?kind=business', '/admin/audit', '/admin/outbox', '/search']) urls.add(`${list}${list.includes('?') ? '&' : '?'}page=${page}`);
    const queue = [...urls];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
          const res = await t.app.inject({ method: 'GET', url, headers: { cookie: crawler.browser.cookies, accept: url.startsWith('/api/') ? 'application/json' : 'text/html' } });
          look(url, res);
        }
      }),
    );
  }

  /** Every concrete URL of a route pattern, with the ids the writes made. */
  function expand(pattern: string): string[] {
    const names = [...pattern.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    if (names.length === 0) return [pattern];
    const values = (name: string): string[] => {
      if (name === 'orgnr') return pattern.startsWith('/barometer/') || pattern.startsWith('/feeds/') ? [OSLO] : [...known.orgnrs];
      if (name === 'token') return pattern.startsWith('/barometer/') ? [...known.answers] : [...known.unsubscribes];
      if (name === 'page') return ['innovation', 'latest', 'drivers', 'barriers', 'background', 'review'];
      if (name === 'name') return ['static-1.xml', 'organisations-1.xml', 'challenges-1.xml', 'cases-1.xml'];
      if (name === 'file') return [];
      if (name === 'provider') return [];
      if (pattern.includes('/comments/')) return [...known.comments];
      if (/^\/(api\/v1\/)?challenges/.test(pattern)) return [...known.challenges];
      if (pattern.includes('/barometer/')) return [...known.rounds];
      return [...known.cases];
    };
    let out = [pattern];
    for (const name of names) out = out.flatMap((u) => values(name).map((v) => u.replace(`:${name}`, v)));
    return out;
  }
});
