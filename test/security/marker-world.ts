import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Browser, createToken, createUser, csrfFrom, mergeCookies, type TestApp } from '../helpers/app.js';
import { caseBody, THEME_SCHOOL } from '../helpers/cases.js';
import { challengeBody, createPartnerOrg } from '../fixtures/challenges.js';
import { answerAll, Respondent, tokenFromText } from '../fixtures/barometer.js';
import { addDays, osloToday } from '../../src/barometer/barometer.validation.js';
import { fanOutPending, queueDigests } from '../../src/notifications/notifications.service.js';
import { BERGEN, OSLO, PARTNER_ORGNR, ROLES, type Role, type SignedInRole } from './access-world.js';

/**
 * The marker sweep's world: every non-public field of every kind of thing holds a secret marker
 * string of its own (`MRK-<kind>-<field>-<random>`), so a response that shows it can be told by the
 * random part alone (search highlighting may cut `MRK` off with a <mark>, e-mail addresses are
 * lower-cased). What each kind is, and who may read it, is written out in markers.ts.
 *
 * Oslo owns the cases: a public one (contact details are the secret), a draft, one for its own
 * organisation, one for the public sector, and one published for all and hidden to Oslo after it was
 * followed, commented, cited, adopted and linked as «solved»; two public cases cite the draft and that
 * one as their source. Challenges are public by design (there are no hidden ones): Oslo's gets a
 * private proposal before Bergen asks to join it as co-owner and Oslo accepts; Bergen's has «we solved
 * this» links Bergen accepted and requests still pending. Oslo's org admin invites an address and the
 * analyst to join Oslo; a registration and a password reset leave one-time links in the outbox. The barometer has no free-text answers; its
 * secrets are the invited workplaces' names and addresses and the answer links.
 */

/** The kinds of secret the world plants. `email:<role>` and the tokens are per person. */
export type MarkerKind =
  | 'case.draft'
  | 'case.ownorg'
  | 'case.psector'
  | 'case.hiddenLater'
  | 'case.bergenDraft'
  | 'contact.public'
  | 'comment.hidden'
  | 'comment.hiddenOnChallenge'
  | 'comment.deleted'
  | 'flag.note'
  | 'flag.noteAtBergen'
  | 'proposal.private'
  | 'proposal.sender'
  | 'request.pending'
  | 'invitation.email'
  | 'token.link'
  | 'challenge.contact'
  | 'barometer.invitation'
  | 'token.api'
  | 'token.session'
  | 'token.barometer'
  | 'token.hash'
  | `email:${SignedInRole}`
  | `token.unsubscribe:${SignedInRole}`;

export interface Marker {
  /** What is searched for in a body. */
  needle: string;
  caseSensitive: boolean;
  kind: MarkerKind;
  /** Where it was planted, for the report: «title», «contactEmail», «comment» … */
  field: string;
}

export interface Person {
  id: string;
  email: string;
  password: string;
  token: string;
}

export interface Session {
  cookie: string;
}

const alnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
function suffix(): string {
  return [...randomBytes(12)].map((b) => alnum[b % alnum.length]).join('');
}

export class MarkerWorld {
  readonly markers: Marker[] = [];
  readonly people = {} as Record<SignedInRole, Person>;
  readonly sessions = {} as Record<Role, Session>;
  /** Ids of what the world made, for the route table's URLs. */
  readonly cases = {} as Record<'pub' | 'draft' | 'ownorg' | 'psector' | 'hiddenLater' | 'adaptedFromDraft' | 'adaptedFromHidden' | 'bergenDraft', string>;
  readonly challenges = {} as Record<'oslo' | 'bergen', string>;
  /** Comments whose pages (edit, flag, hide) the sweep opens: those holding a marker, and the reported ones. */
  readonly comments: string[] = [];
  /** A round still open (one workplace answered, one has not) and one closed (answered before it closed). */
  readonly rounds = {} as Record<'open' | 'closed', string>;
  /** The link token of an invitation not yet answered (the route table opens its pages). */
  openAnswerToken = '';
  /** The secrets of the one-time links mailed for a registration and a password reset (not yet followed). */
  registrationSecret = '';
  /** Oslo's pending request to join Bergen's challenge (a «same need» response). */
  joinRequest = '';
  resetSecret = '';
  private readonly unsubscribeTokens = {} as Record<SignedInRole, string>;

  constructor(private readonly t: TestApp) {}

  unsubscribeTokenOf(role: SignedInRole): string {
    return this.unsubscribeTokens[role];
  }

  /** A text marker of `kind` planted in `field`. */
  mark(kind: MarkerKind, field: string): string {
    const s = suffix();
    this.markers.push({ needle: s, caseSensitive: false, kind, field });
    return `MRK-${kind.replace(/[^A-Za-z0-9]/g, '')}-${field}-${s}`;
  }

  /** An e-mail address that is a marker. */
  markEmail(kind: MarkerKind, field: string, domain = 'example.no'): string {
    const s = suffix();
    this.markers.push({ needle: s, caseSensitive: false, kind, field });
    return `mrk-${kind.replace(/[^A-Za-z0-9]/g, '').toLowerCase()}-${field.toLowerCase()}-${s}@${domain}`;
  }

  private secret(kind: MarkerKind, field: string, value: string) {
    this.markers.push({ needle: value, caseSensitive: true, kind, field });
  }

  private async api(role: SignedInRole, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, want = [200, 201, 202, 204]): Promise<Record<string, unknown>> {
    const res = await this.t.app.inject({ method, url, headers: { authorization: `Bearer ${this.people[role].token}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    if (!want.includes(res.statusCode)) throw new Error(`marker world: ${method} ${url} as ${role}: ${res.statusCode} ${res.body}`);
    return res.body ? (res.json() as Record<string, unknown>) : {};
  }

  private async browserSession(person?: Person): Promise<Session> {
    const page = await this.t.app.inject('/signin');
    let cookie = mergeCookies('', page);
    if (person) {
      const res = await this.t.app.inject({ method: 'POST', url: '/signin', headers: { cookie }, payload: { email: person.email, password: person.password, _csrf: csrfFrom(page.body) } });
      if (res.statusCode !== 303) throw new Error(`sign-in ${person.email}: ${res.statusCode}`);
      cookie = mergeCookies(cookie, res);
    }
    return { cookie };
  }

  /** A case with a marker in every free-text field, contact included; `kind` is who may read it. */
  private markedCase(kind: MarkerKind, overrides: Record<string, unknown> = {}) {
    const m = (field: string) => this.mark(kind, field);
    return caseBody({
      ownerOrgnr: OSLO,
      title: m('title'),
      summary: m('summary'),
      problem: m('problem'),
      whatIsNew: m('whatIsNew'),
      challenges: m('challenges'),
      lessons: m('lessons'),
      successConditions: m('successConditions'),
      howToReplicate: m('howToReplicate'),
      evaluated: true,
      evaluationHow: m('evaluationHow'),
      activelySpread: true,
      spreadHow: m('spreadHow'),
      noveltySourceText: m('noveltySourceText'),
      fundingSources: [m('fundingSource')],
      links: [{ url: `https://example.no/${m('linkUrl')}`, label: m('linkLabel') }],
      partners: [{ name: m('partnerName'), actorType: 'business' }],
      benefits: [{ category: 'quality', realised: true, description: m('benefitDescription'), value: 1, unit: 'x', method: m('benefitMethod') }],
      contactName: m('contactName'),
      contactEmail: this.markEmail(kind, 'contactEmail'),
      contactPhone: `+47 ${this.phone(kind)}`,
      ...overrides,
    });
  }

  /** A phone number as a marker: eight digits no other field holds (phones have no letters). */
  private phone(kind: MarkerKind): string {
    const digits = [...randomBytes(10)].map((b) => String(b % 10)).join('');
    this.markers.push({ needle: digits, caseSensitive: true, kind, field: 'contactPhone' });
    return digits;
  }

  private async comment(role: SignedInRole, url: string, body: string, sweep = true): Promise<string> {
    const id = String((await this.api(role, 'POST', url, { body })).id);
    // Out of the posting rate limit's window (10 per 10 minutes counts one's own comments).
    await sql`update comments set created_at = created_at - interval '11 minutes' where id = ${id}`.execute(this.t.database.db);
    if (sweep) this.comments.push(id);
    return id;
  }

  private async publish(id: string) {
    await this.api('member', 'POST', `/api/v1/cases/${id}/publish`);
  }

  async build(): Promise<void> {
    const db = this.t.database.db;
    // People: every address is a marker its owner (and their org admin, and platform admins) may read.
    const make = async (role: SignedInRole, input: Parameters<typeof createUser>[1]): Promise<Person> => {
      const email = this.markEmail(`email:${role}`, 'email');
      const u = await createUser(this.t, { ...input, email });
      const token = await createToken(this.t, u.id);
      this.secret('token.api', `apiToken:${role}`, token);
      return { id: u.id, email, password: u.password, token };
    };
    this.people.platformAdmin = await make('platformAdmin', { name: 'Petra Plattform', platformRole: 'admin' });
    await createPartnerOrg(this.t.app, this.people.platformAdmin.token);
    this.people.partner = await make('partner', { name: 'Per Partner', org: PARTNER_ORGNR });
    this.people.otherMember = await make('otherMember', { name: 'Berit Bergen', org: BERGEN });
    this.people.member = await make('member', { name: 'Mona Medlem', org: OSLO });
    this.people.orgAdmin = await make('orgAdmin', { name: 'Ole Orgadmin', org: OSLO, role: 'org_admin' });
    this.people.analyst = await make('analyst', { name: 'Anne Analytiker', platformRole: 'analyst' });
    // The sender of a private proposal: a colleague of the partner, named by markers.
    const proposer = await createUser(this.t, { name: this.mark('proposal.sender', 'senderName'), email: this.markEmail('proposal.sender', 'senderEmail'), org: PARTNER_ORGNR });
    const proposerToken = await createToken(this.t, proposer.id);
    this.secret('token.api', 'apiToken:proposer', proposerToken);

    for (const role of ROLES) this.sessions[role] = await this.browserSession(role === 'anonymous' ? undefined : this.people[role]);
    for (const role of ROLES) {
      if (role === 'anonymous') continue;
      const value = /nytenk_session=([^;]+)/.exec(this.sessions[role].cookie)?.[1];
      if (!value) throw new Error(`no session cookie for ${role}`);
      this.secret('token.session', `session:${role}`, value);
      const row = await db.selectFrom('users').select('unsubscribe_token').where('id', '=', this.people[role].id).executeTakeFirstOrThrow();
      this.unsubscribeTokens[role] = String(row.unsubscribe_token);
      this.secret(`token.unsubscribe:${role}`, 'unsubscribeToken', this.unsubscribeTokens[role]);
    }

    // What the database keeps of the secrets: password, token and session hashes.
    for (const u of await db.selectFrom('users').select(['id', 'password_hash']).where('password_hash', 'is not', null).execute()) this.secret('token.hash', `passwordHash:${u.id}`, String(u.password_hash));
    for (const r of await db.selectFrom('api_tokens').select('token_hash').execute()) for (const enc of ['hex', 'base64'] as const) this.secret('token.hash', `apiTokenHash:${enc}`, r.token_hash.toString(enc));
    for (const r of await db.selectFrom('sessions').select('id_hash').execute()) for (const enc of ['hex', 'base64'] as const) this.secret('token.hash', `sessionHash:${enc}`, r.id_hash.toString(enc));

    // Everyone follows Oslo, the school theme and a search, daily (the analyst: at once): what happens reaches their digests.
    for (const role of Object.keys(this.people) as SignedInRole[]) {
      await this.api(role, 'PUT', '/api/v1/notifications/settings', { frequency: role === 'analyst' ? 'instant' : 'daily' });
      await this.api(role, 'POST', '/api/v1/following', { kind: 'organisation', key: OSLO });
      await this.api(role, 'POST', '/api/v1/following', { kind: 'theme', key: THEME_SCHOOL });
      await this.api(role, 'POST', '/api/v1/following', { kind: 'search', key: 'q=mrk' });
    }

    // Cases. A public one whose contact details are for the public sector only.
    const c = this.cases;
    c.pub = String((await this.api('member', 'POST', '/api/v1/cases', caseBody({ ownerOrgnr: OSLO, title: 'Åpen sak om skolevei', contactName: this.mark('contact.public', 'contactName'), contactEmail: this.markEmail('contact.public', 'contactEmail'), contactPhone: `+47 ${this.phone('contact.public')}` }))).id);
    await this.publish(c.pub);
    c.draft = String((await this.api('member', 'POST', '/api/v1/cases', this.markedCase('case.draft'))).id);
    await this.api('member', 'POST', `/api/v1/cases/${c.draft}/trials`, { title: this.mark('case.draft', 'trialTitle'), hypothesis: this.mark('case.draft', 'trialHypothesis') });
    c.ownorg = String((await this.api('member', 'POST', '/api/v1/cases', this.markedCase('case.ownorg', { visibility: 'own_org' }))).id);
    await this.publish(c.ownorg);
    await this.api('member', 'POST', `/api/v1/cases/${c.ownorg}/trials`, { title: this.mark('case.ownorg', 'trialTitle'), hypothesis: this.mark('case.ownorg', 'trialHypothesis') });
    c.psector = String((await this.api('member', 'POST', '/api/v1/cases', this.markedCase('case.psector', { visibility: 'public_sector' }))).id);
    await this.publish(c.psector);
    await this.api('member', 'POST', `/api/v1/cases/${c.psector}/trials`, { title: this.mark('case.psector', 'trialTitle'), hypothesis: this.mark('case.psector', 'trialHypothesis') });
    // Published for all, followed, commented and cited; then hidden to the owning body.
    c.hiddenLater = String((await this.api('member', 'POST', '/api/v1/cases', this.markedCase('case.hiddenLater'))).id);
    await this.publish(c.hiddenLater);
    await this.api('member', 'POST', `/api/v1/cases/${c.hiddenLater}/trials`, { title: this.mark('case.hiddenLater', 'trialTitle'), hypothesis: this.mark('case.hiddenLater', 'trialHypothesis') });
    for (const role of Object.keys(this.people) as SignedInRole[]) await this.api(role, 'POST', '/api/v1/following', { kind: 'case', key: c.hiddenLater });
    // Public cases that say where they came from: a draft, and a case hidden after it was cited.
    c.adaptedFromDraft = String((await this.api('member', 'POST', '/api/v1/cases', caseBody({ ownerOrgnr: OSLO, title: 'Tilpasset etter et utkast', novelty: 'adapted', noveltySourceCaseId: c.draft }))).id);
    await this.publish(c.adaptedFromDraft);
    c.adaptedFromHidden = String((await this.api('member', 'POST', '/api/v1/cases', caseBody({ ownerOrgnr: OSLO, title: 'Tilpasset etter en skjult sak', novelty: 'adapted', noveltySourceCaseId: c.hiddenLater }))).id);
    await this.publish(c.adaptedFromHidden);
    // Bergen takes the public case into use and makes its own draft of it, renamed.
    const adoption = await this.api('otherMember', 'POST', `/api/v1/cases/${c.pub}/adoptions`, { adopterOrgnr: BERGEN, adoptedOn: '2026-01-15', changes: 'Tilpasset Bergen', createCase: true });
    c.bergenDraft = String(adoption.adopterCaseId);
    await this.api('otherMember', 'PATCH', `/api/v1/cases/${c.bergenDraft}`, { title: this.mark('case.bergenDraft', 'title'), summary: this.mark('case.bergenDraft', 'summary') });

    // Comments: on each case its own kind; on the public case a hidden, a deleted and a flagged one.
    for (const [key, kind] of [['draft', 'case.draft'], ['ownorg', 'case.ownorg'], ['psector', 'case.psector'], ['hiddenLater', 'case.hiddenLater']] as const) {
      await this.comment('member', `/api/v1/cases/${c[key]}/comments`, this.mark(kind, 'comment'));
    }
    await this.comment('member', `/api/v1/cases/${c.pub}/comments`, 'Hvordan fikk dere med foreldrene?', false);
    const hidden = await this.comment('otherMember', `/api/v1/cases/${c.pub}/comments`, this.mark('comment.hidden', 'body'));
    await this.api('orgAdmin', 'POST', `/api/v1/comments/${hidden}/hide`, { reason: 'Personopplysninger' });
    const deleted = await this.comment('member', `/api/v1/cases/${c.pub}/comments`, this.mark('comment.deleted', 'body'));
    await this.api('member', 'DELETE', `/api/v1/comments/${deleted}`);
    const flagged = await this.comment('otherMember', `/api/v1/cases/${c.pub}/comments`, 'Kjøp billige klokker her!');
    await this.api('partner', 'POST', `/api/v1/comments/${flagged}/flags`, { reason: 'other', note: this.mark('flag.note', 'note') });

    // Challenges: Oslo's, with contact details for signed-in users, a private proposal, then Bergen joins.
    const ch = this.challenges;
    ch.oslo = String((await this.api('member', 'POST', '/api/v1/challenges', challengeBody({ ownerOrgnr: OSLO, title: 'Oslos utfordring', contactName: this.mark('challenge.contact', 'contactName'), contactEmail: this.markEmail('challenge.contact', 'contactEmail') }))).id);
    for (const role of Object.keys(this.people) as SignedInRole[]) await this.api(role, 'POST', '/api/v1/following', { kind: 'challenge', key: ch.oslo });
    const proposal = await this.t.app.inject({ method: 'POST', url: `/api/v1/challenges/${ch.oslo}/responses`, headers: { authorization: `Bearer ${proposerToken}` }, payload: { kind: 'proposal', body: `${this.mark('proposal.private', 'body')} Pris ${this.mark('proposal.private', 'price')}`, public: false, orgnr: PARTNER_ORGNR } });
    if (proposal.statusCode !== 201) throw new Error(`proposal: ${proposal.statusCode} ${proposal.body}`);
    await this.api('partner', 'POST', `/api/v1/challenges/${ch.oslo}/responses`, { kind: 'proposal', body: 'Et åpent forslag.', public: true, orgnr: PARTNER_ORGNR });
    // Joining is a request the owners decide on (issue 14, finding 7): Oslo's member accepts it.
    const join = await this.api('otherMember', 'POST', `/api/v1/challenges/${ch.oslo}/responses`, { kind: 'same_need', body: 'Vi har samme behov i Bergen.', joinAsCoOwner: true, orgnr: BERGEN });
    await this.api('member', 'POST', `/api/v1/challenges/${ch.oslo}/responses/${String(join.id)}/accept`);
    const hiddenOnChallenge = await this.comment('partner', `/api/v1/challenges/${ch.oslo}/comments`, this.mark('comment.hiddenOnChallenge', 'body'));
    await this.api('orgAdmin', 'POST', `/api/v1/comments/${hiddenOnChallenge}/hide`, { reason: 'Utenfor tema' });
    // Bergen's challenge, which Oslo «solved» with cases not everyone may read: one for the public
    // sector, one for Oslo only, and one public at the time and hidden since.
    ch.bergen = String((await this.api('otherMember', 'POST', '/api/v1/challenges', challengeBody({ ownerOrgnr: BERGEN, title: 'Bergens utfordring', contactName: this.mark('challenge.contact', 'contactName'), contactEmail: this.markEmail('challenge.contact', 'contactEmail') }))).id);
    // «We solved this» is a request Bergen decides on: it accepts the links to the cases it may read
    // (the public-sector one, and the one public at the time); the own-organisation one stays pending
    // (Bergen may not read the case, so it cannot see the request either).
    for (const caseId of [c.psector, c.ownorg, c.hiddenLater]) {
      const solved = await this.api('member', 'POST', `/api/v1/challenges/${ch.bergen}/responses`, { kind: 'solved', body: 'Vi løste dette.', caseId, orgnr: OSLO });
      if (caseId !== c.ownorg) await this.api('otherMember', 'POST', `/api/v1/challenges/${ch.bergen}/responses/${String(solved.id)}/accept`);
    }
    // Requests still pending: a «we solved this» with the public case, whose text is for the owners
    // (Bergen) and the requester (Oslo) only; and Oslo asking to join, whose «same need» text is public
    // (a need said in the open) while the request is not (markers.test.ts checks Oslo is no co-owner
    // and the request shows to nobody else).
    await this.api('member', 'POST', `/api/v1/challenges/${ch.bergen}/responses`, { kind: 'solved', body: this.mark('request.pending', 'solvedBody'), caseId: c.pub, orgnr: OSLO });
    this.joinRequest = String((await this.api('orgAdmin', 'POST', `/api/v1/challenges/${ch.bergen}/responses`, { kind: 'same_need', body: 'Oslo har samme behov.', joinAsCoOwner: true, orgnr: OSLO })).id);
    // A report on Bergen's challenge: not for Oslo's moderators.
    const flaggedAtBergen = await this.comment('otherMember', `/api/v1/challenges/${ch.bergen}/comments`, 'Ring meg heller.');
    await this.api('partner', 'POST', `/api/v1/comments/${flaggedAtBergen}/flags`, { reason: 'other', note: this.mark('flag.noteAtBergen', 'note') });
    // Bergen took the case into use while it was public (a record only, no copy of its text).
    await this.api('otherMember', 'POST', `/api/v1/cases/${c.hiddenLater}/adoptions`, { adopterOrgnr: BERGEN, adoptedOn: '2026-02-01', changes: 'Brukt som den var' });

    // Now hide the case that was public.
    await this.api('member', 'PATCH', `/api/v1/cases/${c.hiddenLater}`, { visibility: 'own_org' });

    // Oslo's org admin invites an address without an account (a marker) and the analyst's to join Oslo.
    for (const email of [this.markEmail('invitation.email', 'email'), this.people.analyst.email]) {
      await this.api('orgAdmin', 'POST', `/api/v1/organisations/${OSLO}/invitations`, { email, role: 'member' });
    }
    // One-time links mailed and not yet followed: a registration of a new address, and a password reset
    // for the proposer (not a swept role: nobody swept may read the secrets, except through the link).
    const linkIn = async (to: string, path: string) => {
      const mail = await db.selectFrom('outbox').select('text_body').where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirstOrThrow();
      const secret = new RegExp(`${path}([A-Za-z0-9_-]+)`).exec(mail.text_body)?.[1];
      if (!secret) throw new Error(`marker world: no ${path} link in the mail to ${to}`);
      this.secret('token.link', path, secret);
      return secret;
    };
    const newcomer = `ny-${suffix()}@example.no`;
    await new Browser(this.t).submit('/register', '/register', { name: 'Nora Ny', email: newcomer, password: 'a long enough password' });
    this.registrationSecret = await linkIn(newcomer, '/register/confirm/');
    await new Browser(this.t).submit('/password/forgot', '/password/forgot', { email: proposer.email });
    this.resetSecret = await linkIn(proposer.email, '/password/reset/');

    // The barometer: Oslo invites workplaces (names and addresses are markers) to two rounds; the
    // second closes after its workplace answered.
    const today = osloToday();
    const invite = async (roundId: string, count: number): Promise<string[]> => {
      const invitees = Array.from({ length: count }, () => ({ unitName: this.mark('barometer.invitation', 'unitName'), sizeBand: '10-49', email: this.markEmail('barometer.invitation', 'email', 'oslo.kommune.no') }));
      await this.api('orgAdmin', 'POST', `/api/v1/barometer/rounds/${roundId}/invitations/${OSLO}`, { workplaces: invitees });
      const tokens: string[] = [];
      for (const inv of invitees) {
        const mail = await db.selectFrom('outbox').select('text_body').where('to_address', '=', inv.email).executeTakeFirstOrThrow();
        const token = tokenFromText(mail.text_body);
        this.secret('token.barometer', 'answerLink', token);
        tokens.push(token);
      }
      return tokens;
    };
    const answer = async (token: string) => {
      const res = await answerAll(new Respondent(this.t.app, token), true);
      if (res.statusCode !== 303) throw new Error(`barometer answer: ${res.statusCode}`);
    };
    for (const which of ['open', 'closed'] as const) {
      this.rounds[which] = String((await this.api('analyst', 'POST', '/api/v1/barometer/rounds', { title: `Barometer (${which})`, key: `markers-${which}-${suffix()}`, year: Number(today.slice(0, 4)), closesOn: addDays(today, 30) })).id);
    }
    const [answered, unanswered] = await invite(this.rounds.open, 2);
    await answer(answered!);
    this.openAnswerToken = unanswered!;
    const [closedAnswer] = await invite(this.rounds.closed, 1);
    await answer(closedAnswer!);
    await db.updateTable('barometer_rounds').set({ closes_on: addDays(today, -1), opens_on: addDays(today, -40) }).where('id', '=', this.rounds.closed).execute();

    // The digests of everything above, as the background jobs would write them.
    await fanOutPending(db);
    await queueDigests(db, { baseUrl: 'http://localhost' }, { force: true });
  }
}
