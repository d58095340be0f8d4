import { sql } from 'kysely';
import { createOrUpdateUser, issueToken } from '../../src/auth/auth.service.js';
import { findOrganisation, grantMembership } from '../../src/orgs/orgs.service.js';
import { osloToday, addDays } from '../../src/barometer/barometer.validation.js';
import { tokenFromText } from '../fixtures/barometer.js';
import type { TestApp } from '../helpers/app.js';
import { caseBody } from '../helpers/cases.js';
import { challengeBody } from '../fixtures/challenges.js';

/** The seven kinds of people the access matrix asks about. */
export const ROLES = ['anonymous', 'partner', 'otherMember', 'member', 'orgAdmin', 'analyst', 'platformAdmin'] as const;
export type Role = (typeof ROLES)[number];
export type SignedInRole = Exclude<Role, 'anonymous'>;

/** The owning body of everything the world makes: the member and the org admin belong to it. */
export const OSLO = '958935420';
/** The «other body»: its member is signed in and public-sector, but owns nothing here. */
export const BERGEN = '964338531';
export const PARTNER_ORGNR = '100000008';

export interface Person {
  id: string;
  email: string;
  password: string;
  token: string;
}

let counter = 0;

async function bystander(t: TestApp): Promise<{ id: string; email: string }> {
  counter++;
  const email = `bystander${counter}.${Date.now()}@example.no`;
  const out = await createOrUpdateUser(t.database.db, { email, name: `Bystander ${counter}` });
  if (!out.ok) throw new Error(JSON.stringify(out.violations));
  return { id: out.user.id, email };
}

/**
 * The things a route acts on, made on demand and owned by Oslo: a draft and a published case, a
 * challenge with Bergen as co-owner, comments, a barometer round with an invitation. Reads share one
 * world; every write gets a fresh one per role, so one role's allowed write (a delete, a publish)
 * cannot change what the next role meets.
 */
export class World {
  private readonly memo = new Map<string, Promise<unknown>>();
  constructor(
    private readonly t: TestApp,
    readonly people: Record<SignedInRole, Person>,
  ) {}

  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as Promise<T>;
  }

  private async api(role: SignedInRole, method: 'POST' | 'PATCH', url: string, payload: unknown, want = [200, 201]): Promise<Record<string, unknown>> {
    const res = await this.t.app.inject({ method, url, headers: { authorization: `Bearer ${this.people[role].token}` }, payload: payload as Record<string, unknown> });
    if (!want.includes(res.statusCode)) throw new Error(`fixture ${method} ${url} as ${role}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  draftCase(): Promise<string> {
    return this.once('draftCase', async () => String((await this.api('member', 'POST', '/api/v1/cases', caseBody({ ownerOrgnr: OSLO, title: 'Utkast: digital skolevei' }))).id));
  }

  publicCase(): Promise<string> {
    return this.once('publicCase', async () => {
      const id = String((await this.api('member', 'POST', '/api/v1/cases', caseBody({ ownerOrgnr: OSLO }))).id);
      await this.api('member', 'POST', `/api/v1/cases/${id}/publish`, undefined);
      return id;
    });
  }

  /** A challenge posted by Oslo that Bergen asked to join as co-owner («same need») and Oslo accepted. */
  challenge(): Promise<string> {
    return this.once('challenge', async () => {
      const id = String((await this.api('member', 'POST', '/api/v1/challenges', challengeBody({ ownerOrgnr: OSLO }))).id);
      const join = await this.api('otherMember', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'same_need', body: 'Vi har samme behov i Bergen.', joinAsCoOwner: true, orgnr: BERGEN });
      await this.api('member', 'POST', `/api/v1/challenges/${id}/responses/${String(join.id)}/accept`, undefined);
      return id;
    });
  }

  /** The partner's «we solved this» on the challenge, linking the public case: a request the owners have not answered. */
  solvedRequest(): Promise<string> {
    return this.once('solvedRequest', async () => {
      const id = await this.challenge();
      return String((await this.api('partner', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'solved', caseId: await this.publicCase() })).id);
    });
  }

  /** The partner's private proposal, sent after Bergen joined: Oslo and Bergen read it. */
  privateProposal(): Promise<string> {
    return this.once('privateProposal', async () => {
      const id = await this.challenge();
      return String((await this.api('partner', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'proposal', body: 'Et privat tilbud.' })).id);
    });
  }

  /** The challenge, followed by every signed-in role (for the unfollow routes). */
  challengeFollowedByAll(): Promise<string> {
    return this.once('followedByAll', async () => {
      const id = await this.challenge();
      for (const role of Object.keys(this.people) as SignedInRole[]) await this.api(role, 'POST', '/api/v1/following', { kind: 'challenge', key: id });
      return id;
    });
  }

  /** A question by the member on the published case (author: member). */
  question(): Promise<string> {
    return this.once('question', async () => this.comment('member', `/api/v1/cases/${await this.publicCase()}/comments`, { kind: 'question', body: 'Hvordan fikk dere med foreldrene?' }));
  }

  /** A reply by the other body's member to that question (it can be marked as the answer). */
  reply(): Promise<string> {
    return this.once('reply', async () => this.comment('otherMember', `/api/v1/cases/${await this.publicCase()}/comments`, { body: 'Vi ringte dem.', parentId: await this.question() }));
  }

  /** A comment hidden by the org admin (for unhide). */
  hiddenComment(): Promise<string> {
    return this.once('hidden', async () => {
      const id = await this.comment('otherMember', `/api/v1/cases/${await this.publicCase()}/comments`, { body: 'Ring Ola på 999 99 999.' });
      await this.api('orgAdmin', 'POST', `/api/v1/comments/${id}/hide`, { reason: 'Personopplysninger' });
      return id;
    });
  }

  /** A flagged comment (for the moderation queue's dismiss). */
  flaggedComment(): Promise<string> {
    return this.once('flagged', async () => {
      const id = await this.comment('otherMember', `/api/v1/cases/${await this.publicCase()}/comments`, { body: 'Kjøp billige klokker her!' });
      await this.api('partner', 'POST', `/api/v1/comments/${id}/flags`, { reason: 'spam' });
      return id;
    });
  }

  /**
   * Posts a comment and moves it 11 minutes back: the posting rate limit (10 per 10 minutes) counts
   * only what a person wrote themselves, not the fixtures of hundreds of worlds.
   */
  private async comment(role: SignedInRole, url: string, payload: Record<string, unknown>): Promise<string> {
    const id = String((await this.api(role, 'POST', url, payload)).id);
    await sql`update comments set created_at = created_at - interval '11 minutes' where id = ${id}`.execute(this.t.database.db);
    return id;
  }

  /** A person with a membership in Oslo (not one of the roles), for the member-management routes. */
  osloBystander(): Promise<{ id: string; email: string }> {
    return this.once('osloBystander', async () => {
      const b = await bystander(this.t);
      const org = await findOrganisation(this.t.database.db, OSLO);
      if (!org.ok) throw new Error('no Oslo');
      await grantMembership(this.t.database.db, b.id, org.org.id, 'member');
      return b;
    });
  }

  /** A person without any membership (to be added to Oslo by e-mail). */
  loneBystander(): Promise<{ id: string; email: string }> {
    return this.once('loneBystander', () => bystander(this.t));
  }

  /** An open invitation of Oslo to an address without an account, for the withdraw route. */
  osloInvitation(): Promise<string> {
    return this.once('osloInvitation', async () => this.invitation(OSLO, `invitert.${Math.random().toString(36).slice(2)}@example.no`));
  }

  /** An open invitation of Bergen to the member's address: only the member may answer it. */
  invitationForMember(): Promise<string> {
    return this.once('invitationForMember', async () => this.invitation(BERGEN, this.people.member.email));
  }

  private async invitation(orgnr: string, email: string): Promise<string> {
    const org = await findOrganisation(this.t.database.db, orgnr);
    if (!org.ok) throw new Error(`no ${orgnr}`);
    const row = await this.t.database.db
      .insertInto('membership_invitations')
      .values({ organisation_id: org.org.id, email, role: 'member', invited_by: null, expires_at: new Date(Date.now() + 24 * 3600 * 1000) })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return row.id;
    return (await this.t.database.db.selectFrom('membership_invitations').select('id').where('organisation_id', '=', org.org.id).where('email', '=', email).executeTakeFirstOrThrow()).id;
  }

  /** The member's own API token (id), for the revoke route. */
  memberTokenId(): Promise<string> {
    return this.once('memberToken', async () => String((await issueToken(this.t.database.db, this.people.member.id, 'matrise')).id));
  }

  round(): Promise<string> {
    return this.once('round', async () => {
      counter++;
      const today = osloToday();
      return String((await this.api('analyst', 'POST', '/api/v1/barometer/rounds', { title: 'Barometer', key: `matrise-${counter}-${Date.now()}`, year: Number(today.slice(0, 4)), closesOn: addDays(today, 30) })).id);
    });
  }

  /** Oslo invited to the round (one workplace); the workplace leader's one-time link token. */
  answerToken(): Promise<string> {
    return this.once('answerToken', async () => {
      const round = await this.round();
      counter++;
      const email = `leder${counter}.${Date.now()}@oslo.kommune.no`;
      await this.api('orgAdmin', 'POST', `/api/v1/barometer/rounds/${round}/invitations/${OSLO}`, { workplaces: [{ unitName: `Enhet ${counter}`, sizeBand: '10-49', email }] });
      const mail = await this.t.database.db.selectFrom('outbox').select('text_body').where('to_address', '=', email).executeTakeFirstOrThrow();
      return tokenFromText(mail.text_body);
    });
  }

  /** The member's one-click unsubscribe token (in every e-mail they get). */
  unsubscribeToken(): Promise<string> {
    return this.once('unsubscribe', async () => {
      const row = await this.t.database.db.selectFrom('users').select('unsubscribe_token').where('id', '=', this.people.member.id).executeTakeFirstOrThrow();
      return String(row.unsubscribe_token);
    });
  }
}
