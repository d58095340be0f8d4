import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../db/database.js';
import type { EmailFrequency, FollowTarget } from '../db/schema.notifications.js';
import type { AuthContext } from '../http/context.js';
import { canReadCase, type CaseAccessFacts } from '../cases/index.js';
import { type Viewer } from '../core/viewer.js';
import { viewerOf } from '../core/viewer.js';
import { can as canOnResponse } from '../challenges/index.js';
import { audienceIncludes, type CaseAudience } from '../cases/index.js';
import { isLang, type Lang } from '../i18n/index.js';
import { savedSearchKey, savedSearchesMatching } from '../search/index.js';
import type { Mailer } from './mailer.js';
import { notificationMessages } from './notifications.messages.js';
import * as q from './notifications.queries.js';
import { escapeHtml } from '../ui/render.js';
import { normaliseOrgnr } from '../core/orgnr.js';
import type { Failure as OutcomeFailure } from '../core/outcome.js';

export const FOLLOW_TARGETS: readonly FollowTarget[] = ['case', 'challenge', 'organisation', 'theme', 'search'];
export const FREQUENCIES: readonly EmailFrequency[] = ['instant', 'daily', 'weekly', 'never'];

/** Why following or a setting did not take: the common reasons, or one field (named as the API names it) with what is wrong. */
export type Failure = OutcomeFailure<{ reason: 'invalid'; field: string; message: string }>;

/** What a follow key points at, with a label to show; undefined if it does not exist or may not be read. */
async function resolveTarget(db: Db, auth: AuthContext, kind: FollowTarget, key: string): Promise<{ key: string; label: string; path: string } | undefined> {
  switch (kind) {
    case 'case': {
      if (!/^[0-9]{1,18}$/.test(key)) return undefined;
      const c = await db
        .selectFrom('cases')
        .select(['title', 'owner_org_id', 'visibility'])
        .select(sql<boolean>`published_at is not null`.as('published'))
        .select(sql<string[]>`coalesce((select array_agg(org_id::text) from case_coowners cc where cc.case_id = cases.id), '{}')`.as('coowners'))
        .where('id', '=', key)
        .executeTakeFirst();
      if (!c || !canReadCase(viewerOf(auth), { ownerOrgId: c.owner_org_id, coOwnerIds: c.coowners, published: c.published, visibility: c.visibility as 'public' })) return undefined;
      return { key, label: c.title, path: `/cases/${key}` };
    }
    case 'challenge': {
      if (!/^[0-9]{1,18}$/.test(key)) return undefined;
      const c = await db.selectFrom('challenges').select('title').where('id', '=', key).executeTakeFirst();
      return c && { key, label: c.title, path: `/challenges/${key}` };
    }
    case 'organisation': {
      const id = await organisationKey(db, key);
      if (!id) return undefined;
      const o = await db.selectFrom('organisations').select(['name', 'orgnr']).where('id', '=', id).executeTakeFirst();
      return o && { key: id, label: o.name, path: o.orgnr ? `/organisations/${o.orgnr}` : '/organisations' };
    }
    case 'theme': {
      const t = await db.selectFrom('los_concepts').select(['label_nb']).where('uri', '=', key).where('kind', '=', 'tema').executeTakeFirst();
      return t && { key, label: t.label_nb, path: `/search?theme=${encodeURIComponent(key)}` };
    }
    case 'search': {
      const normal = savedSearchKey(new URLSearchParams(key));
      const text = new URLSearchParams(normal).get('q');
      return { key: normal, label: text ? `«${text}»` : normal || '*', path: `/search?${normal}` };
    }
  }
}

export async function followTarget(db: Db, auth: AuthContext | null, kind: FollowTarget, key: string): Promise<{ ok: true; key: string; path: string; created: boolean } | Failure> {
  if (!auth) return { ok: false, reason: 'unauthenticated' };
  const target = await resolveTarget(db, auth, kind, key);
  if (!target) return { ok: false, reason: 'not_found' };
  // A search without any criterion, or one that normalises past the key's 2000 characters, is nothing to keep.
  if (target.key === '' || target.key.length > 2000) return { ok: false, reason: 'invalid', field: 'key', message: 'must be a search with at least one criterion (q=…, theme=…), at most 2000 characters' };
  const created = await q.follow(db, auth.user.id, kind, target.key, target.label.slice(0, 300));
  return { ok: true, key: target.key, path: target.path, created };
}

/**
 * An organisation is followed under its internal id (the id its activity is recorded under); the
 * API also takes its organisation number, as everywhere else. Undefined for neither.
 */
async function organisationKey(db: Db, key: string): Promise<string | undefined> {
  const digits = key.replace(/\s/g, '');
  if (/^[89][0-9]{8}$/.test(digits)) {
    const byOrgnr = await db.selectFrom('organisations').select('id').where('orgnr', '=', normaliseOrgnr(digits)).executeTakeFirst();
    if (byOrgnr) return byOrgnr.id;
  }
  return /^[0-9]{1,18}$/.test(key) ? key : undefined;
}

export async function unfollowTarget(db: Db, auth: AuthContext | null, kind: FollowTarget, key: string): Promise<{ ok: true; removed: boolean } | Failure> {
  if (!auth) return { ok: false, reason: 'unauthenticated' };
  const normal = kind === 'search' ? savedSearchKey(new URLSearchParams(key)) : kind === 'organisation' ? ((await organisationKey(db, key)) ?? key) : key;
  return { ok: true, removed: await q.unfollow(db, auth.user.id, kind, normal) };
}

/** Whether the signed-in user follows it (for the follow button), and how many do. */
export async function followState(db: Db, auth: AuthContext | null, kind: FollowTarget, key: string) {
  const normal = kind === 'search' ? savedSearchKey(new URLSearchParams(key)) : key;
  const [following, followers] = await Promise.all([auth ? q.isFollowing(db, auth.user.id, kind, normal) : Promise.resolve(false), q.followerCount(db, kind, normal)]);
  return { following, followers, key: normal };
}

/** What the signed-in user follows; a case they may no longer read is named by its number only. */
export async function listFollows(db: Db, auth: AuthContext) {
  const follows = await q.listFollows(db, { ...viewerOf(auth), userId: auth.user.id });
  return follows.map((f) => ({ ...f, label: f.label ?? `#${f.key}` }));
}
/** The signed-in user's notifications, naming only what they may read now (not only when it happened). */
export const listNotifications = (db: Db, auth: AuthContext, limit: number, offset: number, unreadOnly: boolean) => q.listNotifications(db, { ...viewerOf(auth), userId: auth.user.id }, limit, offset, unreadOnly);
export const unreadCount = (db: Db, auth: AuthContext) => q.unreadCount(db, { ...viewerOf(auth), userId: auth.user.id });

/**
 * The menu's unread count for a browser session (the manifest's session hook): one query, capped
 * at 100, with the same re-check as the list (a notification about a case hidden since is not
 * counted; issue 14).
 */
export async function addUnreadCount(db: Db, auth: AuthContext): Promise<void> {
  auth.user.unread = await unreadCount(db, auth);
}
export const markRead = q.markRead;
export const settingsOf = q.settingsOf;

export async function setFrequency(db: Db, userId: string, frequency: string): Promise<{ ok: true } | Failure> {
  if (!(FREQUENCIES as readonly string[]).includes(frequency)) return { ok: false, reason: 'invalid', field: 'frequency', message: `must be one of ${FREQUENCIES.join(', ')}` };
  await q.setFrequency(db, userId, frequency as EmailFrequency);
  return { ok: true };
}

export const userByUnsubscribeToken = (db: Db, token: string) => (/^[0-9a-f]{32}$/.test(token) ? q.userByToken(db, token) : Promise.resolve(undefined));
export const unsubscribe = (db: Db, token: string) => (/^[0-9a-f]{32}$/.test(token) ? q.unsubscribeByToken(db, token) : Promise.resolve(undefined));

// ---- background work: fan-out, digests, sending ----

/**
 * Fans out pending events to followers, a few events per transaction. Each event's rows and its
 * "done" mark commit together, and the events are locked (`skip locked`), so two app processes
 * never fan out the same event and a crash leaves it pending, not half done.
 */
export async function fanOutPending(db: Db, maxEvents = 200): Promise<{ events: number; notifications: number }> {
  let events = 0;
  let notifications = 0;
  let searches: string[] | null = null;
  while (events < maxEvents) {
    const batch = await db.transaction().execute(async (trx) => {
      const pending = await q.claimPendingEvents(trx, 10);
      let made = 0;
      for (const e of pending) {
        // A newly published case also reaches those who follow a search it matches.
        let extra: string[] = [];
        const caseSubject = e.subjects.find((s) => s.startsWith('case:'));
        if (e.kind === 'case.published' && caseSubject) {
          searches ??= await q.followedSearches(trx);
          extra = (await savedSearchesMatching(db, caseSubject.slice(5), searches)).map((k) => `search:${k}`);
        }
        made += await q.fanOutEvent(trx, e.id, extra);
      }
      return { count: pending.length, made };
    });
    events += batch.count;
    notifications += batch.made;
    if (batch.count === 0) break;
  }
  return { events, notifications };
}

export interface MailSite {
  /** Absolute base for links in e-mail ("https://nytenk.no"). */
  baseUrl: string;
}

const DIGEST_MAX_ITEMS = 50;

type DueUser = Awaited<ReturnType<typeof q.usersDueForDigest>>[number];
type Unsent = Awaited<ReturnType<typeof q.lockUnsentNotificationsOf>>[number];

/** One user's digest: subject, text and HTML in their language, with links back and a way out. */
function composeDigest(site: MailSite, u: DueUser, items: Unsent[]): q.OutboxInsert {
  const lang: Lang = isLang(u.locale) ? u.locale : 'nb';
  const m = notificationMessages(lang);
  // The reader's language as a query parameter, before any #fragment.
  const link = (path: string) => {
    const url = new URL(`${site.baseUrl}${path}`);
    url.searchParams.set('lang', lang);
    return url.toString();
  };
  const shown = items.slice(-DIGEST_MAX_ITEMS).reverse();
  const unsubscribeUrl = `${site.baseUrl}/unsubscribe/${u.token}`;
  const settingsUrl = link('/notifications/settings');
  const allUrl = link('/notifications');
  const label = (kind: string) => m.events[kind] ?? m.eventFallback;
  const text = [
    `${m.mail.greeting(u.name)},`,
    '',
    m.mail.intro,
    '',
    ...shown.flatMap((i) => [`- ${label(i.kind)}: ${i.title}`, `  ${link(i.path)}`]),
    '',
    items.length > shown.length ? `${m.mail.more(items.length - shown.length)} ${allUrl}` : allUrl,
    '',
    `${m.mail.settings}: ${settingsUrl}`,
    `${m.mail.unsubscribe}: ${unsubscribeUrl}`,
  ].join('\n');
  const html = `<!doctype html><html lang="${lang}"><body>
<p>${escapeHtml(m.mail.greeting(u.name))},</p><p>${escapeHtml(m.mail.intro)}</p>
<ul>${shown.map((i) => `<li>${escapeHtml(label(i.kind))}: <a href="${escapeHtml(link(i.path))}">${escapeHtml(i.title)}</a></li>`).join('')}</ul>
<p><a href="${escapeHtml(allUrl)}">${escapeHtml(items.length > shown.length ? m.mail.more(items.length - shown.length) : m.title)}</a></p>
<p><a href="${escapeHtml(settingsUrl)}">${escapeHtml(m.mail.settings)}</a> · <a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(m.mail.unsubscribe)}</a></p>
</body></html>`;
  const host = new URL(site.baseUrl).hostname || 'nytenk';
  return {
    kind: u.frequency === 'instant' ? 'instant' : 'digest',
    userId: u.id,
    to: u.email,
    subject: m.mail.subject(items.length),
    text,
    html,
    // RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe that POSTs to the URL.
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' },
    messageId: `<${randomUUID()}@${host}>`,
  };
}

/**
 * Splits notifications into those their reader may read now and those to withhold, with a fixed
 * number of statements per batch: the readers' memberships, the cases and the responses named.
 * The same rules as the in-app list (`eventReadableBy` in notifications.queries.ts), in TypeScript.
 */
async function readableNow(db: DbOrTrx, userIds: string[], items: Unsent[]): Promise<{ readable: Set<string>; withheld: string[] }> {
  const ids = (f: (n: Unsent) => string | null) => [...new Set(items.map(f).filter((x): x is string => x !== null))];
  const [viewerRows, caseRows, responseRows] = await Promise.all([q.digestViewers(db, userIds), q.caseFactsFor(db, ids((n) => n.caseId)), q.responseFactsFor(db, ids((n) => n.responseId))]);
  const viewers = new Map<string, Viewer>(
    viewerRows.map((v) => [
      v.userId,
      { userId: v.userId, orgIds: v.orgIds, adminOrgIds: v.adminOrgIds, publicSector: v.publicKinds || v.platformRole !== null, admin: v.platformRole === 'admin' },
    ]),
  );
  const cases = new Map<string, CaseAccessFacts>(caseRows.map((c) => [c.id, { ownerOrgId: c.ownerOrgId, coOwnerIds: c.coOwnerIds, published: c.published, visibility: c.visibility as CaseAccessFacts['visibility'] }]));
  const responses = new Map(responseRows.map((r) => [r.id, r]));
  const readable = new Set<string>();
  const withheld: string[] = [];
  for (const n of items) {
    const viewer = viewers.get(n.userId);
    const audience = !!viewer && audienceIncludes(viewer, n.visibility as CaseAudience, n.ownerOrgIds);
    const c = n.caseId ? cases.get(n.caseId) : undefined;
    const r = n.responseId ? responses.get(n.responseId) : undefined;
    const ok =
      audience &&
      (!n.caseId || (!!c && canReadCase(viewer!, c))) &&
      (!n.responseId ||
        (!!r &&
          canOnResponse(
            'readResponse',
            viewer!,
            { ownerOrgId: r.ownerOrgId, coOwnerIds: r.coOwnerIds },
            {
              kind: r.kind,
              public: r.public,
              requestStatus: r.requestStatus,
              orgId: r.orgId,
              readerOrgIds: r.readerOrgIds,
              case: r.caseOwnerOrgId ? { ownerOrgId: r.caseOwnerOrgId, coOwnerIds: r.caseCoOwnerIds, published: r.casePublished, visibility: r.caseVisibility as CaseAccessFacts['visibility'] } : null,
            },
          )));
    if (ok) readable.add(n.id);
    else withheld.push(n.id);
  }
  return { readable, withheld };
}

/** Users per transaction when queuing digests: four statements per batch, whatever its size. */
const DIGEST_BATCH = 250;

/**
 * Puts one digest per due user in the outbox, a batch of users per transaction: their unsent
 * notifications are locked, the messages inserted and the notifications marked with them, together;
 * so a crash at any point either leaves them for the next run or has queued them exactly once, and
 * a second process running at the same time skips what this one holds (`skip locked`).
 */
export async function queueDigests(db: Db, site: MailSite, options: { frequencies?: EmailFrequency[]; force?: boolean; maxUsers?: number } = {}): Promise<number> {
  const frequencies = options.frequencies ?? ['instant', 'daily', 'weekly'];
  const users = await q.usersDueForDigest(db, frequencies, options.force ?? false, options.maxUsers ?? 5000);
  let queued = 0;
  for (let i = 0; i < users.length; i += DIGEST_BATCH) {
    const batch = users.slice(i, i + DIGEST_BATCH);
    queued += await db.transaction().execute(async (trx) => {
      const locked = await q.lockUnsentNotificationsOf(trx, batch.map((u) => u.id));
      // What the e-mail names is checked against its reader's rights as they are now: a case
      // hidden, or a response no longer readable, since the event is left out (and out of later digests).
      const { readable, withheld } = await readableNow(trx, batch.map((u) => u.id), locked);
      await q.withholdFromDigest(trx, withheld);
      const unsent = locked.filter((n) => readable.has(n.id));
      const byUser = new Map<string, Unsent[]>();
      for (const n of unsent) {
        const list = byUser.get(n.userId);
        if (list) list.push(n);
        else byUser.set(n.userId, [n]);
      }
      const messages = batch.filter((u) => byUser.has(u.id)).map((u) => ({ u, mail: composeDigest(site, u, byUser.get(u.id)!) }));
      if (messages.length === 0) return 0;
      const ids = await q.insertOutboxMany(trx, messages.map((x) => x.mail));
      await q.markEmailedMany(
        trx,
        messages.flatMap((x, k) => byUser.get(x.u.id)!.map((n) => ({ notificationId: n.id, outboxId: ids[k]! }))),
        messages.map((x) => x.u.id),
      );
      return messages.length;
    });
  }
  return queued;
}

/** Seconds to wait before the next attempt: 30 s, 1 min, 2 min … up to 6 h. */
export function retryDelay(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts), 6 * 3600);
}

/**
 * Sends due messages, one transaction per message: the row is locked while the SMTP server takes
 * it and marked sent in the same transaction. A crash before the server accepted leaves the row
 * unsent (the lock goes with the connection) and it is sent on restart; only a crash in the
 * instant between the server's acceptance and the commit can repeat a message, with the same
 * Message-ID. Without a mailer the message is kept in the outbox (the admin page shows it).
 */
/** Messages sent at the same time (database connections and SMTP connections in use). */
const SEND_CONCURRENCY = 4;

export async function sendDue(db: Db, mailer: Mailer | null, maxMessages = 200): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  // Without SMTP nothing leaves the machine: keep them all in the outbox in one statement.
  if (!mailer) return { sent: await q.keepDueInOutbox(db, maxMessages), failed: 0 };
  // A few senders side by side (each its own transaction and SMTP connection): an SMTP round trip
  // is mostly waiting.
  const worker = async () => {
    while (sent + failed < maxMessages) {
      const outcome = await db.transaction().execute(async (trx) => {
        const [m] = await q.claimDueMessages(trx, 1);
        if (!m) return 'none' as const;
        try {
          await mailer.send({ to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers, messageId: m.messageId });
        } catch (err) {
          await q.markFailed(trx, m.id, (err as Error).message || String(err), retryDelay(m.attempts));
          return 'failed' as const;
        }
        await q.markSent(trx, m.id, 'smtp');
        return 'sent' as const;
      });
      if (outcome === 'none') break;
      if (outcome === 'sent') sent++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: SEND_CONCURRENCY }, worker));
  return { sent, failed };
}

export const listOutbox = q.listOutbox;
