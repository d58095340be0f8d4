import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorCatalogue, problemType, type ErrorId, type FieldError, type Problem } from '../core/errors.js';
import { messages } from '../i18n/index.js';
import { renderPage } from '../ui/render.js';
import { ErrorPage } from '../ui/error-page.js';
import { resolveLang, siteNav, wantsJson, viewContext } from './context.js';

/** Turns Ajv's validation errors into `{ field, message }` pairs naming what the client sent. */
export function fieldErrorsFromValidation(error: FastifyError): FieldError[] {
  const items = error.validation ?? [];
  const context = error.validationContext ?? 'body';
  return items.map((v) => {
    const params = v.params as Record<string, unknown>;
    let field = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    if (typeof params.missingProperty === 'string') field = field ? `${field}.${params.missingProperty}` : params.missingProperty;
    if (typeof params.additionalProperty === 'string') field = field ? `${field}.${params.additionalProperty}` : params.additionalProperty;
    return { field: field || context, message: v.message ?? 'is invalid' };
  });
}

function classify(error: FastifyError | AppError): { id: ErrorId; detail?: string; errors?: FieldError[]; headers?: Record<string, string> } {
  if (error instanceof AppError) return { id: error.id, detail: error.detail, errors: error.errors, headers: error.headers };
  if (error.validation) {
    const errors = fieldErrorsFromValidation(error);
    return { id: 'validation', detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors };
  }
  const code = error.code ?? '';
  if (code.startsWith('FST_CSRF')) return { id: 'csrf' };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { id: 'payload_too_large' };
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { id: 'unsupported_media_type' };
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return { id: 'bad_request', detail: error.message };
  const status = error.statusCode ?? 500;
  if (status === 429) return { id: 'rate_limited', detail: error.message };
  if (status === 404) return { id: 'not_found' };
  if (status === 405) return { id: 'method_not_allowed' };
  if (status === 413) return { id: 'payload_too_large' };
  if (status === 415) return { id: 'unsupported_media_type' };
  if (status === 503) return { id: 'unavailable' };
  // Other 4xx from Fastify or plugins (malformed JSON, bad content length …): their message is safe.
  if (status >= 400 && status < 500) return { id: 'bad_request', detail: error.message };
  if (isDatabaseDown(error)) return { id: 'unavailable' };
  return { id: 'internal' };
}

/** Connection-level failures mean the database is away: answer 503, not 500. */
function isDatabaseDown(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003'].includes(e.code ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(e.message ?? '')
  );
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, id: ErrorId, detail?: string, errors?: FieldError[]) {
  const { status, title } = errorCatalogue[id];
  if (wantsJson(request)) {
    const problem: Problem = {
      type: problemType(id),
      title,
      status,
      ...(detail ? { detail } : {}),
      instance: request.url.split('?')[0],
      ...(errors ? { errors } : {}),
      requestId: request.id,
    };
    return reply.status(status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
  }
  if (!request.m) {
    // The request failed before the language hook ran (e.g. an unparseable body).
    const { lang } = resolveLang(request);
    request.lang = lang;
    request.m = messages(lang);
    request.auth = request.auth ?? null;
  }
  const m = request.m;
  const text: Record<ErrorId, string> = {
    validation: m.errors.badRequest,
    invalid_orgnr: m.form.orgnrCheckDigit,
    bad_request: m.errors.badRequest,
    unauthenticated: m.errors.unauthenticated,
    forbidden: m.errors.forbidden,
    csrf: m.errors.csrf,
    not_found: m.errors.notFound,
    method_not_allowed: m.errors.badRequest,
    conflict: m.errors.badRequest,
    payload_too_large: m.errors.badRequest,
    uri_too_long: m.errors.badRequest,
    unsupported_media_type: m.errors.badRequest,
    rate_limited: m.errors.rateLimited,
    internal: m.errors.internal,
    unavailable: m.errors.unavailable,
  };
  let ctx;
  try {
    ctx = viewContext(request, reply);
  } catch {
    ctx = { lang: request.lang ?? 'nb', m, user: null, url: request.url, csrfToken: '', nav: siteNav(request, null) } as const;
  }
  // A page that failed for a signed-out visitor should offer sign-in.
  const signIn = id === 'unauthenticated' ? `/signin?next=${encodeURIComponent(request.url)}` : undefined;
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(renderPage(ErrorPage({ ctx, message: text[id], requestId: request.id, signIn, heading: id === 'not_found' ? m.errors.notFoundTitle : undefined })));
}

/**
 * Errors the router answers before any hook or route runs (a malformed %-escape in the path, a
 * path parameter over the length limit) go through the same problem+json / page as the rest.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(request, reply, 'uri_too_long', 'A path segment is too long');
  return sendProblem(request, reply, 'bad_request', error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid: a %-escape in the path is malformed or not UTF-8' : error.message);
}

/** The one error handler: problem+json for the API, a friendly page for browsers, never internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const { id, detail, errors, headers } = classify(error);
    if (errorCatalogue[id].status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ problem: id, detail }, 'request rejected');
    }
    if (headers) reply.headers(headers);
    if (id === 'unavailable') reply.header('retry-after', '5');
    // 5xx: the catalogue's title only, never the error's own message.
    return sendProblem(request, reply, id, errorCatalogue[id].status >= 500 ? undefined : detail, errors);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 'not_found'));
}
