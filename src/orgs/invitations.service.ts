import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { insertAudit } from '../core/audit.js';
import { findUserByEmail } from '../auth/index.js';
import { choice, email as emailField, type Violations } from '../core/validation.js';
import type { AuthContext } from '../http/context.js';
import { messages, type Lang } from '../i18n/index.js';
import { insertOutboxMany } from '../core/outbox.js';
import { invitationMessages } from './invitations.messages.js';
import * as iq from './invitations.queries.js';
import * as q from './orgs.queries.js';
import { canManageMembers } from './orgs.policy.js';

/**
 * Adding someone to an organisation is an invitation to an address, which the person behind it
 * accepts or declines when signed in with an account of that address. The admin's answer is the
 * same whether or not the address has an account; the mail to the address says the rest.
 */

export const INVITATION_DAYS = 30;

export interface InviteSite {
  baseUrl: string;
  lang: Lang;
  requestId?: string;
}

export type InviteOutcome =
  | { ok: true; email: string; role: 'member' | 'org_admin' }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'invalid'; violations: Violations };

/** An org admin (or platform admin) invites an address, and a mail goes to it. */
export async function inviteMember(
  db: Db,
  auth: AuthContext | null,
  org: { id: string; name: string },
  input: { email?: unknown; role?: unknown },
  site: InviteSite,
): Promise<InviteOutcome> {
  if (!auth || !canManageMembers(auth, org.id)) return { ok: false, reason: 'forbidden' };
  const v: Violations = {};
  const email = emailField(v, 'email', input.email);
  const role = choice(v, 'role', input.role, ['member', 'org_admin'] as const);
  // The members list shows the admin who is a member already: saying so tells nothing new.
  if (!v.email && (await iq.isActiveMemberByEmail(db, org.id, email))) v.email = { code: 'already_member' };
  if (Object.keys(v).length > 0 || !role) return { ok: false, reason: 'invalid', violations: v };
  const t = invitationMessages(site.lang).mail;
  const roleName = messages(site.lang).orgs.roleNames[role].toLowerCase();
  const link = (path: string) => {
    const url = new URL(`${site.baseUrl}${path}`);
    url.searchParams.set('lang', site.lang);
    return url.toString();
  };
  await db.transaction().execute(async (trx) => {
    const id = await iq.upsertInvitation(trx, { organisationId: org.id, email, role, invitedBy: auth.user.id, days: INVITATION_DAYS });
    const account = await findUserByEmail(trx, email);
    const vars = { org: org.name, role: roleName, link: `${link('/profile')}#invitations`, site: site.baseUrl };
    const text = account ? t.existing(vars) : t.newcomer({ ...vars, register: link('/register') });
    const host = new URL(site.baseUrl).hostname || 'nytenk';
    const [outboxId] = await insertOutboxMany(trx, [
      { kind: 'system', userId: null, to: email, subject: t.subject(org.name), text, html: null, headers: {}, messageId: `<invitation.${randomUUID()}@${host}>` },
    ]);
    // An account gets the notice in the app too; the admin's answer does not change.
    if (account && !account.disabled) await iq.notifyInvitee(trx, { userId: account.id, organisationId: org.id, actorUserId: auth.user.id, title: org.name, outboxId });
    // The audit log is read by platform admins only; it keeps the address, not whether it has an account.
    await insertAudit(trx, {
      actorUserId: auth.user.id,
      action: 'membership.invite',
      entityType: 'organisation',
      entityId: org.id,
      details: { invitationId: id, email, role },
      requestId: site.requestId ?? null,
    });
  });
  return { ok: true, email, role };
}

export type MyInvitation = Awaited<ReturnType<typeof iq.listInvitationsTo>>[number];

/** The open invitations to the signed-in user's address. */
export async function invitationsFor(db: Db, auth: AuthContext | null): Promise<MyInvitation[]> {
  if (!auth) return [];
  return iq.listInvitationsTo(db, auth.user.email);
}

export type AnswerOutcome =
  | { ok: true; answer: 'accept' | 'decline'; organisationId: string; orgnr: string | null; organisationName: string; role: 'member' | 'org_admin' | null }
  | { ok: false; reason: 'unauthenticated' | 'not_found' };

/**
 * The invited person accepts (becomes an active member with the invited role, or keeps a higher
 * one) or declines; either way the invitation is used up. Only the account with the invited
 * address can answer; to anyone else the invitation does not exist.
 */
export async function answerInvitation(
  db: Db,
  auth: AuthContext | null,
  invitationId: string,
  answer: 'accept' | 'decline',
  meta: { requestId?: string } = {},
): Promise<AnswerOutcome> {
  if (!auth) return { ok: false, reason: 'unauthenticated' };
  return db.transaction().execute(async (trx): Promise<AnswerOutcome> => {
    const invitation = await iq.takeInvitationTo(trx, invitationId, auth.user.email);
    if (!invitation) return { ok: false, reason: 'not_found' };
    let role: 'member' | 'org_admin' | null = null;
    if (answer === 'accept') {
      const current = await q.findMembership(trx, auth.user.id, invitation.organisationId);
      role = current?.status === 'active' && current.role === 'org_admin' ? 'org_admin' : invitation.role;
      await q.upsertMembership(trx, { userId: auth.user.id, organisationId: invitation.organisationId, role, status: 'active', decidedBy: auth.user.id });
    }
    await insertAudit(trx, {
      actorUserId: auth.user.id,
      action: `membership.invitation_${answer}`,
      entityType: 'organisation',
      entityId: invitation.organisationId,
      details: { invitationId, role: invitation.role },
      requestId: meta.requestId ?? null,
    });
    return { ok: true, answer, organisationId: invitation.organisationId, orgnr: invitation.orgnr, organisationName: invitation.organisationName ?? '', role };
  });
}

/** An org admin withdraws an invitation of their organisation. */
export async function withdrawInvitation(db: Db, auth: AuthContext | null, organisationId: string, invitationId: string, meta: { requestId?: string } = {}) {
  if (!auth || !canManageMembers(auth, organisationId)) return { ok: false as const, reason: 'forbidden' as const };
  return db.transaction().execute(async (trx) => {
    if (!(await iq.deleteOrgInvitation(trx, organisationId, invitationId))) return { ok: false as const, reason: 'not_found' as const };
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'membership.invitation_withdraw', entityType: 'organisation', entityId: organisationId, details: { invitationId }, requestId: meta.requestId ?? null });
    return { ok: true as const };
  });
}

export const listOrgInvitations = iq.listOrgInvitations;

/** An organisation's open invitations, for those who manage its members. */
export async function orgInvitationsFor(db: Db, auth: AuthContext | null, organisationId: string) {
  if (!auth || !canManageMembers(auth, organisationId)) return { ok: false as const, reason: 'forbidden' as const };
  return { ok: true as const, items: await iq.listOrgInvitations(db, organisationId) };
}
