import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../db/database.js';
import type { AuthContext } from '../http/context.js';
import { notFound } from '../core/errors.js';
import { raise } from '../core/outcome.js';
import { ProblemRef } from '../http/openapi.js';
import { COMMENT_RATE_LIMIT, FLAG_RATE_LIMIT, type ThingKind } from './comments.model.js';
import { presentComment, presentThread } from './comments.present.js';
import { AnswerBody, CommentCreateBody, CommentListSchema, CommentPatchBody, CommentSchema, FlagBody, HideBody, OkSchema } from './comments.schemas.js';
import * as comments from './comments.service.js';
import { toCommentFieldErrors } from './comments.validation.js';

const Id = (what: string) => Type.String({ pattern: '^[0-9]{1,18}$', description: `${what} id` });

/** Turns a service failure into the catalogue's error; field errors are worded in English, as the rest of the API. */
export function failure(f: comments.Failure): never {
  const limit = f.reason === 'rate_limited' ? (f.what === 'comment' ? COMMENT_RATE_LIMIT : FLAG_RATE_LIMIT) : null;
  raise(f, {
    detail: {
      not_found: 'No such comment, case or challenge',
      forbidden: 'You may see this but not do this',
      duplicate: 'You have already reported this comment',
      rate_limited: limit && f.reason === 'rate_limited' ? `At most ${limit.max} ${f.what === 'comment' ? 'comments' : 'reports'} per ${limit.windowMinutes} minutes` : null,
    },
    errors: f.reason === 'invalid' ? toCommentFieldErrors('en', f.violations) : undefined,
    headers: limit ? { 'retry-after': String(limit.windowMinutes * 60) } : undefined,
  });
}

const write = { security: [{ bearerAuth: [] }] };
const tags = ['comments'];

export async function commentsApi(app: FastifyInstance, { db }: { db: Db }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const thread = async (auth: AuthContext | null, kind: ThingKind, id: string) => {
    const found = await comments.getThread(db, auth, kind, id);
    if (!found.ok) failure(found);
    return presentThread(found.items, found.viewer, found.can).map(presentComment);
  };

  /** One comment as the caller now sees it (after a write). */
  const one = async (auth: AuthContext | null, commentId: string) => {
    const found = await comments.getComment(db, auth, commentId);
    if (!found.ok) failure(found);
    const item = (await thread(auth, found.thing.kind, found.thing.id)).find((c) => c.id === commentId);
    if (!item) throw notFound();
    return item;
  };

  for (const kind of ['case', 'challenge'] as const) {
    const plural = kind === 'case' ? 'cases' : 'challenges';
    const params = Type.Object({ id: Id(kind === 'case' ? 'Case' : 'Challenge') });
    r.get(
      `/api/v1/${plural}/:id/comments`,
      {
        schema: {
          tags,
          summary: `Comments and questions on a ${kind}, in thread order (each post followed by its replies); for those who may read the ${kind}`,
          params,
          response: { 200: CommentListSchema, 404: ProblemRef },
        },
      },
      async (request) => {
        const items = await thread(request.auth, kind, request.params.id);
        return { items, total: items.length };
      },
    );
    r.post(
      `/api/v1/${plural}/:id/comments`,
      {
        schema: {
          tags,
          summary: `Post a comment or a question on a ${kind}, or reply to a post (at most ${COMMENT_RATE_LIMIT.max} per user per ${COMMENT_RATE_LIMIT.windowMinutes} minutes)`,
          ...write,
          params,
          body: CommentCreateBody,
          response: { 201: CommentSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef, 429: ProblemRef },
        },
      },
      async (request, reply) => {
        const outcome = await comments.postComment(db, request.auth, kind, request.params.id, request.body as Record<string, unknown>, { requestId: request.id });
        if (!outcome.ok) failure(outcome);
        return reply.status(201).send(await one(request.auth, outcome.commentId));
      },
    );
  }

  const params = Type.Object({ id: Id('Comment') });

  r.patch(
    '/api/v1/comments/:id',
    { schema: { tags, summary: 'Edit your own comment (within a day of writing it)', ...write, params, body: CommentPatchBody, response: { 200: CommentSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef } } },
    async (request) => {
      const outcome = await comments.editComment(db, request.auth, request.params.id, request.body as Record<string, unknown>, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return one(request.auth, request.params.id);
    },
  );

  r.delete(
    '/api/v1/comments/:id',
    { schema: { tags, summary: 'Delete your own comment (it stays as a placeholder so its replies keep their place)', ...write, params, response: { 204: Type.Null(), 401: ProblemRef, 403: ProblemRef, 404: ProblemRef } } },
    async (request, reply) => {
      const outcome = await comments.deleteComment(db, request.auth, request.params.id, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/comments/:id/flags',
    {
      schema: {
        tags,
        summary: `Report a comment to its moderators (once per user; at most ${FLAG_RATE_LIMIT.max} reports per user per hour)`,
        ...write,
        params,
        body: FlagBody,
        response: { 201: OkSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef, 409: ProblemRef, 429: ProblemRef },
      },
    },
    async (request, reply) => {
      const outcome = await comments.flagComment(db, request.auth, request.params.id, request.body as Record<string, unknown>, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return reply.status(201).send({ ok: true as const, path: outcome.path });
    },
  );

  r.post(
    '/api/v1/comments/:id/hide',
    {
      schema: {
        tags,
        summary: 'Hide a comment with a reason shown to everyone (org admins of the owning organisations, platform admins); resolves its reports',
        ...write,
        params,
        body: HideBody,
        response: { 200: CommentSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef },
      },
    },
    async (request) => {
      const outcome = await comments.hideComment(db, request.auth, request.params.id, request.body as Record<string, unknown>, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return one(request.auth, request.params.id);
    },
  );

  r.post(
    '/api/v1/comments/:id/unhide',
    { schema: { tags, summary: 'Show a hidden comment again (org admins of the owning organisations, platform admins)', ...write, params, response: { 200: CommentSchema, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef } } },
    async (request) => {
      const outcome = await comments.unhideComment(db, request.auth, request.params.id, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return one(request.auth, request.params.id);
    },
  );

  r.post(
    '/api/v1/comments/:id/answer',
    {
      schema: {
        tags,
        summary: 'Mark a reply as the answer to its question, or unmark it (members of the owning organisations)',
        ...write,
        params,
        body: AnswerBody,
        response: { 200: CommentSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef },
      },
      // A POST with no body at all marks the answer: give the schema an object to fill its default into.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
    },
    async (request) => {
      const answer = request.body.answer !== false;
      const outcome = await comments.markAnswer(db, request.auth, request.params.id, answer, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return one(request.auth, request.params.id);
    },
  );
}
