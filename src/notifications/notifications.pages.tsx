import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { FollowTarget } from '../db/schema.notifications.js';
import { forbidden, notFound, unauthenticated } from '../core/errors.js';
import type { AuthContext } from '../http/context.js';
import { redirectWithNotice, viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import { safeNext } from '../core/redirect.js';
import { notificationMessages } from './notifications.messages.js';
import * as notifications from './notifications.service.js';
import { NotificationListPage, NotificationSettingsPage, OutboxPage, UnsubscribePage } from './notifications.views.js';

function signedIn(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthenticated();
  return request.auth;
}

const FollowForm = Type.Object({
  kind: Type.Union(notifications.FOLLOW_TARGETS.map((k) => Type.Literal(k))),
  key: Type.String({ minLength: 1, maxLength: 2000 }),
  return: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
});

const Token = Type.Object({ token: Type.String({ maxLength: 100 }) });

/** Pages: the notification list, settings, follow/unfollow forms, one-click unsubscribe, the outbox. */
export async function notificationsPages(app: FastifyInstance, { db, config }: { db: Db; config: Config }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const perPage = 20;

  r.get(
    '/notifications',
    { schema: { hide: true, querystring: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }), unread: Type.Optional(Type.Boolean()) }) } },
    async (request, reply) => {
      const auth = request.auth;
      if (!auth) return reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
      const { page, unread } = request.query;
      const [list, unreadCount] = await Promise.all([
        notifications.listNotifications(db, auth, perPage, (page - 1) * perPage, unread ?? false),
        notifications.unreadCount(db, auth),
      ]);
      return reply.html(renderPage(NotificationListPage({ ctx: viewContext(request, reply), view: { ...list, unread: unreadCount, page, perPage, unreadOnly: unread ?? false } })));
    },
  );

  r.post(
    '/notifications/read',
    { schema: { hide: true, body: Type.Object({ id: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })), all: Type.Optional(Type.String()), _csrf: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const auth = signedIn(request);
      const { id, all } = request.body;
      await notifications.markRead(db, auth.user.id, all === 'true' || !id ? 'all' : [id]);
      const nm = notificationMessages(request.lang);
      return all === 'true' ? redirectWithNotice(reply, '/notifications', nm.allMarked) : reply.redirect('/notifications', 303);
    },
  );

  r.get('/notifications/settings', { schema: { hide: true } }, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply.redirect(`/signin?next=${encodeURIComponent('/notifications/settings')}`, 303);
    const [settings, follows] = await Promise.all([notifications.settingsOf(db, auth.user.id), notifications.listFollows(db, auth)]);
    return reply.html(renderPage(NotificationSettingsPage({ ctx: viewContext(request, reply), view: { frequency: settings?.frequency ?? 'weekly', follows } })));
  });

  r.post(
    '/notifications/settings',
    { schema: { hide: true, body: Type.Object({ frequency: Type.Optional(Type.String({ maxLength: 20 })), _csrf: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const auth = signedIn(request);
      const outcome = await notifications.setFrequency(db, auth.user.id, request.body.frequency ?? '');
      // Radio buttons: the only wrong input is a forged one; keep the stored choice and say so.
      if (!outcome.ok) return reply.redirect('/notifications/settings', 303);
      return redirectWithNotice(reply, '/notifications/settings', notificationMessages(request.lang).saved);
    },
  );

  r.post('/follow', { schema: { hide: true, body: FollowForm } }, async (request, reply) => {
    const auth = signedIn(request);
    const { kind, key } = request.body;
    const outcome = await notifications.followTarget(db, auth, kind as FollowTarget, key);
    if (!outcome.ok) throw notFound();
    return redirectWithNotice(reply, safeNext(request.body.return, outcome.path), notificationMessages(request.lang).followed);
  });

  r.post('/unfollow', { schema: { hide: true, body: FollowForm } }, async (request, reply) => {
    const auth = signedIn(request);
    const { kind, key } = request.body;
    await notifications.unfollowTarget(db, auth, kind as FollowTarget, key);
    return redirectWithNotice(reply, safeNext(request.body.return, '/notifications/settings'), notificationMessages(request.lang).unfollowed);
  });

  // One-click unsubscribe (RFC 8058): the link in every e-mail. GET asks (a link scanner must not
  // unsubscribe anyone); POST, from this page or straight from the mail program, does it.
  r.get('/unsubscribe/:token', { schema: { hide: true, params: Token } }, async (request, reply) => {
    const user = await notifications.userByUnsubscribeToken(db, request.params.token);
    const ctx = viewContext(request, reply);
    return reply.html(renderPage(UnsubscribePage({ ctx, email: user?.email ?? null, token: request.params.token, done: user?.frequency === 'never' })), user ? 200 : 404);
  });

  r.post(
    '/unsubscribe/:token',
    { schema: { hide: true, params: Token, body: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 200 }), { maxProperties: 10 })) }, config: { csrfExempt: true } },
    async (request, reply) => {
      const user = await notifications.unsubscribe(db, request.params.token);
      const ctx = viewContext(request, reply);
      return reply.html(renderPage(UnsubscribePage({ ctx, email: user?.email ?? null, token: request.params.token, done: !!user })), user ? 200 : 404);
    },
  );

  r.get('/admin/outbox', { schema: { hide: true, querystring: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }) }) } }, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply.redirect(`/signin?next=${encodeURIComponent('/admin/outbox')}`, 303);
    if (auth.user.platformRole !== 'admin') throw forbidden();
    const { page } = request.query;
    const list = await notifications.listOutbox(db, perPage, (page - 1) * perPage);
    // With SMTP the outbox is a log, and the one-time codes and links in system mail stay the
    // recipient's; without it, the outbox is how mail reaches anyone, so the admin sees it all.
    return reply.html(renderPage(OutboxPage({ ctx: viewContext(request, reply), items: list.items, total: list.total, page, perPage, showSystemText: !config.smtpUrl })));
  });

  r.post('/admin/outbox/digests', { schema: { hide: true, body: Type.Object({ _csrf: Type.Optional(Type.String()) }) } }, async (request, reply) => {
    const auth = signedIn(request);
    if (auth.user.platformRole !== 'admin') throw forbidden();
    await notifications.fanOutPending(db);
    const queued = await notifications.queueDigests(db, { baseUrl: config.publicUrl }, { force: true });
    return redirectWithNotice(reply, '/admin/outbox', notificationMessages(request.lang).digestsQueued(queued));
  });
}
