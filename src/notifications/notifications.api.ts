import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../db/database.js';
import { AppError, notFound, unauthenticated, validation } from '../core/errors.js';
import { raise, type RaiseTexts } from '../core/outcome.js';
import type { AuthContext } from '../http/context.js';
import { ProblemRef } from '../http/openapi.js';
import * as notifications from './notifications.service.js';

const write = { security: [{ bearerAuth: [] }] };

const TargetKind = Type.Union([Type.Literal('case'), Type.Literal('challenge'), Type.Literal('organisation'), Type.Literal('theme'), Type.Literal('search')], { description: 'What is followed' });
const FollowBody = Type.Object(
  {
    kind: TargetKind,
    key: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'Case or challenge id, organisation number (or id), LOS main-theme URI, or a search query string (`q=velferd&county=46`)',
    }),
  },
  { additionalProperties: false },
);
const FollowSchema = Type.Object({ kind: TargetKind, key: Type.String(), label: Type.String(), createdAt: Type.String({ format: 'date-time' }) });
const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'e.g. case.published, challenge.state, comment.created' }),
  title: Type.String(),
  path: Type.String({ description: 'The page it concerns, relative to the site' }),
  at: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
  actorName: Type.Union([Type.String(), Type.Null()]),
});
const Frequency = Type.Union([Type.Literal('instant'), Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('never')]);
const SettingsSchema = Type.Object({ frequency: Frequency, email: Type.String() });

function signedIn(auth: AuthContext | null): AuthContext {
  if (!auth) throw unauthenticated();
  return auth;
}

/** The API's words for a failed outcome (what `raise` puts in the problem). */
const failureTexts = (f: notifications.Failure): RaiseTexts => ({
  detail: { not_found: 'Nothing to follow there, or you may not see it' },
  errors: f.reason === 'invalid' ? [{ field: f.field, message: f.message }] : undefined,
});

/** Following and notifications (tags `following`, `notifications`): the signed-in user's own only. */
export async function notificationsApi(app: FastifyInstance, { db }: { db: Db }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first',
        ...write,
        querystring: Type.Object({
          unread: Type.Optional(Type.Boolean({ description: 'Only unread ones' })),
          page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
          per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(NotificationSchema), total: Type.Integer(), unread: Type.Integer() }), 400: ProblemRef, 401: ProblemRef },
      },
    },
    async (request) => {
      const auth = signedIn(request.auth);
      const { page, per_page: perPage, unread } = request.query;
      const [list, unreadCount] = await Promise.all([
        notifications.listNotifications(db, auth, perPage, (page - 1) * perPage, unread ?? false),
        notifications.unreadCount(db, auth),
      ]);
      return { items: list.items.map((n) => ({ ...n, at: n.at.toISOString() })), total: list.total, unread: unreadCount };
    },
  );

  r.post(
    '/api/v1/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark notifications read: the ids given, or all',
        ...write,
        body: Type.Object(
          { ids: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{1,18}$' }), { maxItems: 500 })), all: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ updated: Type.Integer() }), 400: ProblemRef, 401: ProblemRef },
      },
    },
    async (request) => {
      const auth = signedIn(request.auth);
      const { ids, all } = request.body;
      if (!all && !ids?.length) throw validation([{ field: 'ids', message: 'give the ids to mark read, or "all": true' }]);
      return { updated: await notifications.markRead(db, auth.user.id, all ? 'all' : ids!) };
    },
  );

  r.get(
    '/api/v1/notifications/settings',
    { schema: { tags: ['notifications'], summary: 'How often I get e-mail about notifications', ...write, response: { 200: SettingsSchema, 401: ProblemRef } } },
    async (request) => {
      const auth = signedIn(request.auth);
      const s = await notifications.settingsOf(db, auth.user.id);
      if (!s) throw unauthenticated();
      return { frequency: s.frequency, email: s.email };
    },
  );

  r.put(
    '/api/v1/notifications/settings',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Set how often I get e-mail: instant, daily, weekly (the default) or never',
        ...write,
        body: Type.Object({ frequency: Frequency }, { additionalProperties: false }),
        response: { 200: SettingsSchema, 400: ProblemRef, 401: ProblemRef },
      },
    },
    async (request) => {
      const auth = signedIn(request.auth);
      const outcome = await notifications.setFrequency(db, auth.user.id, request.body.frequency);
      if (!outcome.ok) raise(outcome, failureTexts(outcome));
      const s = await notifications.settingsOf(db, auth.user.id);
      return { frequency: s!.frequency, email: s!.email };
    },
  );

  r.get(
    '/api/v1/following',
    { schema: { tags: ['following'], summary: 'What I follow', ...write, response: { 200: Type.Object({ items: Type.Array(FollowSchema), total: Type.Integer() }), 401: ProblemRef } } },
    async (request) => {
      const auth = signedIn(request.auth);
      const items = await notifications.listFollows(db, auth);
      return { items: items.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })), total: items.length };
    },
  );

  r.post(
    '/api/v1/following',
    {
      schema: {
        tags: ['following'],
        summary: 'Follow a case, a challenge, an organisation, a theme or a search',
        ...write,
        body: FollowBody,
        response: { 200: FollowSchema, 201: FollowSchema, 400: ProblemRef, 401: ProblemRef, 404: ProblemRef },
      },
    },
    async (request, reply) => {
      const auth = signedIn(request.auth);
      const outcome = await notifications.followTarget(db, auth, request.body.kind, request.body.key);
      if (!outcome.ok) raise(outcome, failureTexts(outcome));
      const all = await notifications.listFollows(db, auth);
      // Under the key it is kept by (a search normalised, an organisation number made the id).
      const f = all.find((x) => x.kind === request.body.kind && x.key === outcome.key);
      if (!f) throw new AppError('conflict', 'The follow was removed at the same moment');
      return reply.status(outcome.created ? 201 : 200).send({ ...f, createdAt: f.createdAt.toISOString() });
    },
  );

  r.delete(
    '/api/v1/following',
    {
      schema: {
        tags: ['following'],
        summary: 'Stop following',
        ...write,
        querystring: FollowBody,
        response: { 204: Type.Null({ description: 'No longer followed' }), 400: ProblemRef, 401: ProblemRef, 404: ProblemRef },
      },
    },
    async (request, reply) => {
      const auth = signedIn(request.auth);
      const outcome = await notifications.unfollowTarget(db, auth, request.query.kind, request.query.key);
      if (!outcome.ok) raise(outcome, failureTexts(outcome));
      if (!outcome.removed) throw notFound('You do not follow that');
      return reply.status(204).send(null);
    },
  );
}
