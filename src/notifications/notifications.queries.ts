import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { Viewer } from '../core/viewer.js';
import { visibleTo as caseVisibleTo } from '../cases/index.js';
import { sqlCan } from '../challenges/index.js';
import { audienceReaches, audienceReachesRecipient } from '../cases/index.js';
import type { EmailFrequency, FollowTarget } from '../db/schema.notifications.js';
import { PUBLIC_KINDS } from '../core/viewer.js';

// ---- following ----

export async function follow(db: DbOrTrx, userId: string, kind: FollowTarget, key: string, label: string): Promise<boolean> {
  const r = await db
    .insertInto('follows')
    .values({ user_id: userId, target_kind: kind, target_key: key, label })
    .onConflict((oc) => oc.columns(['user_id', 'target_kind', 'target_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function unfollow(db: DbOrTrx, userId: string, kind: FollowTarget, key: string): Promise<boolean> {
  const r = await db.deleteFrom('follows').where('user_id', '=', userId).where('target_kind', '=', kind).where('target_key', '=', key).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function isFollowing(db: DbOrTrx, userId: string, kind: FollowTarget, key: string): Promise<boolean> {
  const r = await db.selectFrom('follows').select('user_id').where('user_id', '=', userId).where('target_kind', '=', kind).where('target_key', '=', key).executeTakeFirst();
  return !!r;
}

/**
 * What the viewer follows. A case's label is its title NOW and only if the viewer may read the case
 * now (issue 14, finding 8): the label stored when it was followed may name a case hidden since;
 * `label` is null then (the caller shows a neutral one).
 */
export async function listFollows(db: DbOrTrx, viewer: Viewer & { userId: string }) {
  const caseVisible = caseVisibleTo(viewer)(expressionBuilder<DB, 'cases'>());
  return db
    .selectFrom('follows')
    .select(['target_kind as kind', 'target_key as key', 'created_at as createdAt'])
    .select(
      sql<string | null>`case when follows.target_kind = 'case'
        then (select cases.title from cases where cases.id = case when follows.target_key ~ '^[0-9]{1,18}$' then follows.target_key::bigint end and ${caseVisible})
        else follows.label end`.as('label'),
    )
    .where('user_id', '=', viewer.userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function followerCount(db: DbOrTrx, kind: FollowTarget, key: string): Promise<number> {
  const r = await db.selectFrom('follows').select((eb) => eb.fn.countAll<string>().as('n')).where('target_kind', '=', kind).where('target_key', '=', key).executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- the user's settings ----

export async function settingsOf(db: DbOrTrx, userId: string) {
  return db.selectFrom('users').select(['email_frequency as frequency', 'email', 'unsubscribe_token as token']).where('id', '=', userId).executeTakeFirst();
}

export async function setFrequency(db: DbOrTrx, userId: string, frequency: EmailFrequency): Promise<void> {
  await db.updateTable('users').set({ email_frequency: frequency }).where('id', '=', userId).execute();
}

/** One-click unsubscribe: no e-mail at all from now on. Returns the user, or undefined for an unknown token. */
export async function unsubscribeByToken(db: DbOrTrx, token: string) {
  return db.updateTable('users').set({ email_frequency: 'never' }).where('unsubscribe_token', '=', token).returning(['id', 'email']).executeTakeFirst();
}

export async function userByToken(db: DbOrTrx, token: string) {
  return db.selectFrom('users').select(['id', 'email', 'email_frequency as frequency']).where('unsubscribe_token', '=', token).executeTakeFirst();
}

// ---- the in-app list ----

export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  path: string;
  at: Date;
  read: boolean;
  actorName: string | null;
}

/**
 * An event the viewer may read NOW (issue 14, finding 8): not only when it was recorded. The case it
 * names must be readable by the viewer today (cases' rule), the response it reports readable
 * (challenges.access.ts), and the recorded audience must still include the viewer (a member who left
 * the owning organisation no longer hears of its drafts). Over `activity_events` aliased `e`.
 */
export function eventReadableBy(viewer: Viewer): Expression<SqlBool> {
  const caseVisible = caseVisibleTo(viewer)(expressionBuilder<DB, 'cases'>());
  const audience = audienceReaches(viewer, 'e.visibility', 'e.owner_org_ids');
  return sql<SqlBool>`(${audience}
    and (e.case_id is null or exists (select 1 from cases where cases.id = e.case_id and ${caseVisible}))
    and (e.response_id is null or exists (select 1 from challenge_responses er where er.id = e.response_id and ${sqlCan('readResponse', viewer, 'er')})))`;
}

export async function listNotifications(db: DbOrTrx, viewer: Viewer & { userId: string }, limit: number, offset: number, unreadOnly: boolean) {
  let q = db
    .selectFrom('notifications as n')
    .innerJoin('activity_events as e', 'e.id', 'n.event_id')
    .leftJoin('users as a', 'a.id', 'e.actor_user_id')
    .where('n.user_id', '=', viewer.userId)
    .where(eventReadableBy(viewer));
  if (unreadOnly) q = q.where('n.read_at', 'is', null);
  const [items, total] = await Promise.all([
    q
      .select(['n.id', 'e.kind', 'e.title', 'e.path', 'e.at', 'a.name as actorName'])
      .select(sql<boolean>`n.read_at is not null`.as('read'))
      .orderBy('n.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as NotificationRow[], total: Number(total.n) };
}

export async function unreadCount(db: DbOrTrx, viewer: Viewer & { userId: string }): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from (
    select 1 from notifications n join activity_events e on e.id = n.event_id
    where n.user_id = ${viewer.userId} and n.read_at is null and ${eventReadableBy(viewer)} limit 100) x`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** Marks the given notifications (or all) read; returns how many changed. */
export async function markRead(db: DbOrTrx, userId: string, ids: string[] | 'all'): Promise<number> {
  let q = db.updateTable('notifications').set({ read_at: sql`now()` }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : ['0']);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- fan-out ----

/** Events not yet fanned out, oldest first, locked for this worker (others skip them). */
export async function claimPendingEvents(db: DbOrTrx, limit: number) {
  return db
    .selectFrom('activity_events')
    .select(['id', 'kind', 'subjects', 'visibility', 'owner_org_ids as ownerOrgIds'])
    .where('fanned_out_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/**
 * One notification per follower of any of the event's subjects (plus `extraSubjects`: saved
 * searches it matched), in one statement: the followers who may read the thing, not its actor.
 * Returns the number of notifications made.
 */
export async function fanOutEvent(db: DbOrTrx, eventId: string, extraSubjects: string[]): Promise<number> {
  const r = await sql<{ n: number }>`
    with e as (select * from activity_events where id = ${eventId}::bigint),
    subject as (
      select split_part(s, ':', 1) as kind, substr(s, strpos(s, ':') + 1) as key
      from e, unnest(e.subjects || ${extraSubjects}::text[]) s
    ),
    follower as (
      -- Those who followed before it happened (the fan-out may run later).
      select distinct f.user_id from follows f join subject s on f.target_kind = s.kind and f.target_key = s.key, e
      where f.created_at <= e.at
      union
      -- Those it is addressed to (the owners asked to decide a request, the requester answered).
      select ms.user_id from memberships ms, e where ms.status = 'active' and ms.organisation_id = any(e.notify_org_ids)
    ),
    made as (
      insert into notifications (user_id, event_id)
      select fl.user_id, e.id from follower fl cross join e join users u on u.id = fl.user_id
      where u.disabled_at is null
        and fl.user_id is distinct from e.actor_user_id
        and ${audienceReachesRecipient('e.visibility', {
          // Who the follower is, as viewerOf has it; whether that reaches them is the read rule's.
          admin: sql<SqlBool>`u.platform_role = 'admin'`,
          publicSector: sql<SqlBool>`(u.platform_role is not null or exists (
                select 1 from memberships ms join organisations o on o.id = ms.organisation_id
                where ms.user_id = u.id and ms.status = 'active' and o.kind = any(${[...PUBLIC_KINDS]}::text[])))`,
          memberOfOwner: sql<SqlBool>`exists (select 1 from memberships ms where ms.user_id = u.id and ms.status = 'active' and ms.organisation_id = any(e.owner_org_ids))`,
        })}
      on conflict (user_id, event_id) do nothing
      returning 1
    ),
    done as (update activity_events set fanned_out_at = now() where id = ${eventId}::bigint returning 1)
    select (select count(*)::int from made) as n, (select count(*) from done) as d`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** The saved searches anyone follows (their query strings). */
export async function followedSearches(db: DbOrTrx): Promise<string[]> {
  const r = await db.selectFrom('follows').select('target_key').distinct().where('target_kind', '=', 'search').limit(5000).execute();
  return r.map((x) => x.target_key);
}

// ---- digests ----

/**
 * Users with notifications not yet e-mailed whose turn it is: instant users at once, daily users
 * a day after their last digest, weekly users a week after. `force` ignores the interval (tests,
 * the admin's "send now").
 */
export async function usersDueForDigest(db: DbOrTrx, frequencies: EmailFrequency[], force: boolean, limit: number) {
  return sql<{ id: string; email: string; name: string; frequency: EmailFrequency; token: string; locale: string | null }>`
    select u.id::text as id, u.email, u.name, u.email_frequency as frequency, u.unsubscribe_token as token, u.locale
    from users u
    cross join lateral (
      select min(n.created_at) as oldest from notifications n where n.user_id = u.id and n.emailed_in is null and n.read_at is null and n.digest_withheld_at is null
    ) unsent
    where u.email_frequency = any(${frequencies}::text[]) and u.disabled_at is null
      and unsent.oldest is not null
      -- A period after the last digest; before the first one, a period after the oldest news
      -- (a weekly reader's first notification does not make an e-mail at once).
      and (${force} or u.email_frequency = 'instant'
        or (u.email_frequency = 'daily' and coalesce(u.last_digest_at, unsent.oldest) <= now() - interval '23 hours 50 minutes')
        or (u.email_frequency = 'weekly' and coalesce(u.last_digest_at, unsent.oldest) <= now() - interval '6 days 23 hours 50 minutes'))
    order by u.id
    limit ${limit}`
    .execute(db)
    .then((r) => r.rows);
}

/** Users' unsent notifications, locked (a concurrent digest run skips them), oldest first per user. */
export async function lockUnsentNotificationsOf(db: DbOrTrx, userIds: string[]) {
  if (userIds.length === 0) return [];
  return sql<{
    id: string;
    userId: string;
    kind: string;
    title: string;
    path: string;
    at: Date;
    visibility: string;
    ownerOrgIds: string[];
    caseId: string | null;
    responseId: string | null;
  }>`
    select n.id::text as id, n.user_id::text as "userId", e.kind, e.title, e.path, e.at,
      e.visibility, e.owner_org_ids::text[] as "ownerOrgIds", e.case_id::text as "caseId", e.response_id::text as "responseId"
    from notifications n join activity_events e on e.id = n.event_id
    where n.user_id = any(${userIds}::bigint[]) and n.emailed_in is null and n.read_at is null and n.digest_withheld_at is null
    order by n.user_id, n.id
    for update of n skip locked`
    .execute(db)
    .then((r) => r.rows);
}

export { insertOutboxMany, type OutboxInsert } from '../core/outbox.js';

/** The viewers the digest is written for: each user's active memberships and platform role. */
export async function digestViewers(db: DbOrTrx, userIds: string[]) {
  if (userIds.length === 0) return [];
  return sql<{ userId: string; platformRole: string | null; orgIds: string[]; adminOrgIds: string[]; publicKinds: boolean }>`
    select u.id::text as "userId", u.platform_role as "platformRole",
      coalesce(array_agg(ms.organisation_id::text) filter (where ms.organisation_id is not null), '{}') as "orgIds",
      coalesce(array_agg(ms.organisation_id::text) filter (where ms.role = 'org_admin'), '{}') as "adminOrgIds",
      coalesce(bool_or(o.kind = any(${[...PUBLIC_KINDS]}::text[])), false) as "publicKinds"
    from users u
    left join memberships ms on ms.user_id = u.id and ms.status = 'active'
    left join organisations o on o.id = ms.organisation_id
    where u.id = any(${userIds}::bigint[])
    group by u.id`
    .execute(db)
    .then((r) => r.rows);
}

/** What the read rules need about the cases digests name (case rule facts). */
export async function caseFactsFor(db: DbOrTrx, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('cases')
    .select(['cases.id', 'cases.owner_org_id as ownerOrgId', 'cases.visibility'])
    .select(sql<boolean>`cases.published_at is not null`.as('published'))
    .select(sql<string[]>`coalesce((select array_agg(cc.org_id::text) from case_coowners cc where cc.case_id = cases.id), '{}')`.as('coOwnerIds'))
    .where('cases.id', 'in', caseIds)
    .execute();
}

/** What the read rules need about the responses digests name, with their challenges' owners and linked cases. */
export async function responseFactsFor(db: DbOrTrx, responseIds: string[]) {
  if (responseIds.length === 0) return [];
  return db
    .selectFrom('challenge_responses as r')
    .innerJoin('challenges as ch', 'ch.id', 'r.challenge_id')
    .leftJoin('cases', 'cases.id', 'r.case_id')
    .select(['r.id', 'r.kind', 'r.public', 'r.request_status as requestStatus', 'r.org_id as orgId', 'ch.owner_org_id as ownerOrgId', 'cases.owner_org_id as caseOwnerOrgId', 'cases.visibility as caseVisibility'])
    .select(sql<string[]>`r.reader_org_ids::text[]`.as('readerOrgIds'))
    .select(sql<string[]>`coalesce((select array_agg(cc.org_id::text) from challenge_coowners cc where cc.challenge_id = r.challenge_id), '{}')`.as('coOwnerIds'))
    .select(sql<boolean>`cases.published_at is not null`.as('casePublished'))
    .select(sql<string[]>`coalesce((select array_agg(kc.org_id::text) from case_coowners kc where kc.case_id = r.case_id), '{}')`.as('caseCoOwnerIds'))
    .where('r.id', 'in', responseIds)
    .execute();
}

/** Leaves notifications out of every digest: their reader may no longer read what they name. */
export async function withholdFromDigest(db: DbOrTrx, notificationIds: string[]): Promise<void> {
  if (notificationIds.length === 0) return;
  await db.updateTable('notifications').set({ digest_withheld_at: sql`now()` }).where('id', 'in', notificationIds).execute();
}

/** Marks each notification with the message that carries it, and stamps the users' last digest. */
export async function markEmailedMany(db: DbOrTrx, pairs: { notificationId: string; outboxId: string }[], userIds: string[]): Promise<void> {
  if (pairs.length) {
    await sql`
      update notifications n set emailed_in = p.outbox_id
      from unnest(${pairs.map((p) => p.notificationId)}::bigint[], ${pairs.map((p) => p.outboxId)}::bigint[]) as p(id, outbox_id)
      where n.id = p.id`.execute(db);
  }
  await db.updateTable('users').set({ last_digest_at: sql`now()` }).where('id', 'in', userIds.length ? userIds : ['0']).execute();
}

// ---- sending ----

/** Due messages, locked for this sender (another process skips them until this one commits). */
export async function claimDueMessages(db: DbOrTrx, limit: number) {
  return db
    .selectFrom('outbox')
    .select(['id', 'to_address as to', 'subject', 'text_body as text', 'html_body as html', 'headers', 'message_id as messageId', 'attempts'])
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Marks due messages as kept in the outbox (no SMTP configured); returns how many. */
export async function keepDueInOutbox(db: DbOrTrx, limit: number): Promise<number> {
  const r = await sql`
    update outbox set sent_at = now(), delivered_via = 'outbox', attempts = attempts + 1
    where id in (select id from outbox where sent_at is null and next_attempt_at <= now() order by next_attempt_at, id limit ${limit} for update skip locked)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function markSent(db: DbOrTrx, id: string, via: 'smtp'): Promise<void> {
  await db.updateTable('outbox').set({ sent_at: sql`now()`, delivered_via: via, attempts: sql`attempts + 1`, last_error: null }).where('id', '=', id).execute();
}

export async function markFailed(db: DbOrTrx, id: string, error: string, retryInSeconds: number): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ attempts: sql`attempts + 1`, last_error: error.slice(0, 1000), next_attempt_at: sql`now() + make_interval(secs => ${retryInSeconds})` })
    .where('id', '=', id)
    .execute();
}

export async function listOutbox(db: DbOrTrx, limit: number, offset: number) {
  const [items, total] = await Promise.all([
    db
      .selectFrom('outbox')
      .select(['id', 'kind', 'to_address as to', 'subject', 'text_body as text', 'created_at as createdAt', 'sent_at as sentAt', 'delivered_via as via', 'attempts', 'last_error as lastError', 'next_attempt_at as nextAttemptAt'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db.selectFrom('outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
