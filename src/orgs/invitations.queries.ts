import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';

/** A new invitation, or the one to the same address renewed (role, inviter and expiry). */
export async function upsertInvitation(
  db: DbOrTrx,
  v: { organisationId: string; email: string; role: 'member' | 'org_admin'; invitedBy: string; days: number },
): Promise<string> {
  const expires = sql<Date>`now() + make_interval(days => ${v.days}::int)`;
  const row = await db
    .insertInto('membership_invitations')
    .values({ organisation_id: v.organisationId, email: v.email, role: v.role, invited_by: v.invitedBy, expires_at: expires })
    .onConflict((oc) =>
      oc.expression(sql`organisation_id, lower(email)`).doUpdateSet({ role: v.role, invited_by: v.invitedBy, created_at: sql<Date>`now()`, expires_at: expires }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether an account with this address is an active member already. */
export async function isActiveMemberByEmail(db: DbOrTrx, organisationId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('memberships.user_id')
    .where('memberships.organisation_id', '=', organisationId)
    .where('memberships.status', '=', 'active')
    .where(sql`lower(users.email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** An organisation's open invitations, for its admins. */
export async function listOrgInvitations(db: DbOrTrx, organisationId: string) {
  return db
    .selectFrom('membership_invitations')
    .select(['id', 'email', 'role', 'created_at as createdAt', 'expires_at as expiresAt'])
    .where('organisation_id', '=', organisationId)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Open invitations to an address, with the organisation they are to. */
export async function listInvitationsTo(db: DbOrTrx, email: string) {
  return db
    .selectFrom('membership_invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .select(['i.id', 'i.role', 'i.created_at as createdAt', 'i.expires_at as expiresAt', 'o.id as organisationId', 'o.orgnr', 'o.name as organisationName'])
    .where(sql`lower(i.email)`, '=', email.toLowerCase())
    .where('i.expires_at', '>', sql<Date>`now()`)
    .orderBy('i.created_at', 'desc')
    .execute();
}

/** Deletes an open invitation to `email` and returns it (answering uses it up). */
export async function takeInvitationTo(db: DbOrTrx, id: string, email: string) {
  return db
    .deleteFrom('membership_invitations')
    .where('id', '=', id)
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('expires_at', '>', sql<Date>`now()`)
    .returning((eb) => [
      'organisation_id as organisationId',
      'role',
      eb.selectFrom('organisations').select('orgnr').whereRef('organisations.id', '=', 'membership_invitations.organisation_id').as('orgnr'),
      eb.selectFrom('organisations').select('name').whereRef('organisations.id', '=', 'membership_invitations.organisation_id').as('organisationName'),
    ])
    .executeTakeFirst();
}

/** Deletes an invitation of an organisation (its admin withdraws it). */
export async function deleteOrgInvitation(db: DbOrTrx, organisationId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('membership_invitations').where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * The in-app notice of an invitation, straight to the invitee's list: an event already «fanned out»
 * (followers of the organisation are not told), and a notification marked as carried by the
 * invitation's own mail (so no digest mails it again).
 */
export async function notifyInvitee(db: DbOrTrx, v: { userId: string; organisationId: string; actorUserId: string; title: string; outboxId: string | undefined }): Promise<void> {
  const event = await db
    .insertInto('activity_events')
    .values({
      kind: 'membership.invited',
      subjects: [`organisation:${v.organisationId}`],
      actor_user_id: v.actorUserId,
      title: v.title.slice(0, 300) || '–',
      path: '/profile#invitations',
      visibility: 'public',
      owner_org_ids: [],
      fanned_out_at: sql<Date>`now()`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('notifications')
    .values({ user_id: v.userId, event_id: event.id, emailed_in: v.outboxId ?? null })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
