import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../db/database.js';
import { AppError, forbidden, notFound, unauthenticated } from '../core/errors.js';
import { raise } from '../core/outcome.js';
import { formatNumber } from '../i18n/index.js';
import { redirectWithNotice, viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import { commentMessages } from './comments.messages.js';
import { COMMENT_RATE_LIMIT, FLAG_RATE_LIMIT, type ThingKind } from './comments.model.js';
import { commentBodyFor } from './comments.access.js';
import { commentSection } from './comments.sections.js';
import * as comments from './comments.service.js';
import { toCommentFormErrors } from './comments.validation.js';
import { CommentActionPage, CommentsPage, ModerationPage, one, type ActionForm, type CommentSectionData, type FormState } from './comments.views.js';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const FormBody = Type.Record(Type.String({ maxLength: 100 }), Type.Union([Type.String({ maxLength: 20000 }), Type.Array(Type.String({ maxLength: 20000 }), { maxItems: 20 })]), { maxProperties: 20 });

/** The post form's fields under their form names (`commentBody` …), so each error links to its field. */
function postErrorsToForm(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) out[k === 'kind' ? 'commentKind' : k === 'parentId' || k === 'body' ? 'commentBody' : k] = v;
  return out;
}

export async function commentsPages(app: FastifyInstance, { db }: { db: Db }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const threadPage = async (request: FastifyRequest, reply: FastifyReply, kind: ThingKind, id: string, posted?: CommentSectionData['posted'], status = 200) => {
    const data = await commentSection(db, request.auth, kind, id);
    if (!data) throw notFound();
    return reply.html(renderPage(CommentsPage({ ctx: viewContext(request, reply), data: { ...data, posted } })), status);
  };

  for (const kind of ['case', 'challenge'] as const) {
    const base = kind === 'case' ? '/cases' : '/challenges';

    r.get(`${base}/:id/comments`, { schema: { hide: true, params: IdParams } }, async (request, reply) => threadPage(request, reply, kind, request.params.id));

    r.post(`${base}/:id/comments`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const state = request.body as FormState;
      const input = { kind: one(state, 'commentKind'), body: one(state, 'commentBody'), parentId: one(state, 'parentId') };
      const outcome = await comments.postComment(db, request.auth, kind, request.params.id, input, { requestId: request.id });
      const cm = commentMessages(request.lang);
      if (outcome.ok) return redirectWithNotice(reply, outcome.path, cm.notices.posted);
      if (outcome.reason === 'rate_limited') {
        reply.header('retry-after', String(COMMENT_RATE_LIMIT.windowMinutes * 60));
        const message = cm.v.rateLimited(formatNumber(request.lang, COMMENT_RATE_LIMIT.max), formatNumber(request.lang, COMMENT_RATE_LIMIT.windowMinutes));
        return threadPage(request, reply, kind, request.params.id, { state, errors: { commentBody: message } }, 429);
      }
      if (outcome.reason !== 'invalid') raise(outcome);
      return threadPage(request, reply, kind, request.params.id, { state, errors: postErrorsToForm(toCommentFormErrors(request.lang, outcome.violations)) }, 400);
    });
  }

  // ---- one comment: edit, report, hide (each a page of its own, and a form on the thread) ----

  const actionPage = async (request: FastifyRequest, reply: FastifyReply, form: ActionForm, id: string, state: FormState | null, errors: Record<string, string> = {}, status = 200) => {
    const found = await comments.getComment(db, request.auth, id);
    if (!found.ok) throw notFound();
    if (!request.auth) throw unauthenticated();
    const { comment, thing, viewer } = found;
    const allowed = form === 'edit' ? found.isAuthor : form === 'flag' ? found.can.canComment : found.can.canModerate;
    if (!allowed) throw forbidden();
    if (comment.deletedAt || (form === 'edit' && comment.hiddenAt)) throw new AppError('conflict', commentMessages(request.lang).v.gone);
    const body = commentBodyFor(viewer, { ...comment, deletedAt: null });
    return reply.html(
      renderPage(
        CommentActionPage({
          ctx: viewContext(request, reply),
          view: {
            form,
            commentId: id,
            thing: { kind: thing.kind, id: thing.id, title: thing.title },
            body,
            topLevel: comment.parentId === null,
            state: state ?? (form === 'edit' ? { body: comment.body, kind: comment.kind } : {}),
            errors,
          },
        }),
      ),
      status,
    );
  };

  for (const form of ['edit', 'flag', 'hide'] as const) {
    r.get(`/comments/:id/${form}`, { schema: { hide: true, params: IdParams } }, async (request, reply) => actionPage(request, reply, form, request.params.id, null));
  }

  r.post('/comments/:id/edit', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const state = request.body as FormState;
    const input: Record<string, unknown> = { body: one(state, 'body') };
    if (state.kind !== undefined) input.kind = one(state, 'kind');
    const outcome = await comments.editComment(db, request.auth, request.params.id, input, { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, outcome.path, commentMessages(request.lang).notices.saved);
    if (outcome.reason !== 'invalid') raise(outcome);
    return actionPage(request, reply, 'edit', request.params.id, state, toCommentFormErrors(request.lang, outcome.violations), 400);
  });

  r.post('/comments/:id/flag', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const state = request.body as FormState;
    const outcome = await comments.flagComment(db, request.auth, request.params.id, { reason: one(state, 'reason'), note: one(state, 'note') }, { requestId: request.id });
    const cm = commentMessages(request.lang);
    if (outcome.ok) return redirectWithNotice(reply, outcome.path, cm.notices.flagged);
    if (outcome.reason === 'duplicate') {
      const found = await comments.getComment(db, request.auth, request.params.id);
      return redirectWithNotice(reply, found.ok ? found.path : '/', cm.notices.alreadyFlagged);
    }
    if (outcome.reason === 'rate_limited') {
      reply.header('retry-after', String(FLAG_RATE_LIMIT.windowMinutes * 60));
      return actionPage(request, reply, 'flag', request.params.id, state, { reason: cm.v.flagRateLimited(formatNumber(request.lang, FLAG_RATE_LIMIT.max)) }, 429);
    }
    if (outcome.reason !== 'invalid') raise(outcome);
    return actionPage(request, reply, 'flag', request.params.id, state, toCommentFormErrors(request.lang, outcome.violations), 400);
  });

  r.post('/comments/:id/hide', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const state = request.body as FormState;
    const outcome = await comments.hideComment(db, request.auth, request.params.id, { reason: one(state, 'reason') }, { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, outcome.path, commentMessages(request.lang).notices.hidden);
    if (outcome.reason !== 'invalid') raise(outcome);
    return actionPage(request, reply, 'hide', request.params.id, state, toCommentFormErrors(request.lang, outcome.violations), 400);
  });

  // ---- one-button actions ----

  r.post('/comments/:id/delete', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const outcome = await comments.deleteComment(db, request.auth, request.params.id, { requestId: request.id });
    if (!outcome.ok) raise(outcome);
    return redirectWithNotice(reply, outcome.path, commentMessages(request.lang).notices.deleted);
  });

  r.post('/comments/:id/unhide', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const outcome = await comments.unhideComment(db, request.auth, request.params.id, { requestId: request.id });
    if (!outcome.ok) raise(outcome);
    return redirectWithNotice(reply, outcome.path, commentMessages(request.lang).notices.unhidden);
  });

  r.post('/comments/:id/dismiss', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const outcome = await comments.dismissFlags(db, request.auth, request.params.id, { requestId: request.id });
    if (!outcome.ok) raise(outcome);
    return redirectWithNotice(reply, '/moderation/comments', commentMessages(request.lang).notices.dismissed);
  });

  r.post('/comments/:id/answer', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const answer = one(request.body as FormState, 'answer') !== 'false';
    const outcome = await comments.markAnswer(db, request.auth, request.params.id, answer, { requestId: request.id });
    if (!outcome.ok) raise(outcome);
    const cm = commentMessages(request.lang);
    return redirectWithNotice(reply, outcome.path, answer ? cm.notices.answerMarked : cm.notices.answerUnmarked);
  });

  // ---- moderation ----

  r.get('/moderation/comments', { schema: { hide: true } }, async (request, reply) => {
    const list = await comments.listFlagged(db, request.auth);
    if (!list.ok) raise(list);
    return reply.html(renderPage(ModerationPage({ ctx: viewContext(request, reply), items: list.items })));
  });
}
