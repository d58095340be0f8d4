import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { notFound } from '../../core/errors.js';
import { toFormErrors } from '../../core/validation.js';
import { redirectWithNotice, viewContext } from '../../http/context.js';
import { renderPage } from '../../ui/render.js';
import { SESSION_COOKIE } from '../auth.hook.js';
import { safeNext } from '../../core/redirect.js';
import { oidcMessages } from './oidc.messages.js';
import {
  CONFIRM_TTL_MS,
  LOGIN_TTL_MS,
  beginSession,
  confirmEmailCode,
  findPendingConfirmation,
  finishLogin,
  sendConfirmationCode,
  startLogin,
  type FailureReason,
} from './oidc.service.js';
import { CONFIRM_CODE_PATH, CONFIRM_EMAIL_PATH, SIGNED_OUT_PATH, callbackPath, siteUrl } from './oidc.urls.js';
import { ConfirmCodePage, ConfirmEmailPage, SignInFailedPage, StartOverPage } from './oidc.views.js';

/** The HttpOnly cookie holding the handle of a login under way (its state lives in oidc_logins). */
export const LOGIN_COOKIE = 'nytenk_oidc';
const LOGIN_COOKIE_PATH = '/auth/oidc/';
/**
 * The HttpOnly cookie holding the handle of an e-mail confirmation under way (oidc_email_confirmations):
 * it binds the confirmation to the browser that signed in at the provider.
 */
export const CONFIRM_COOKIE = 'nytenk_oidc_confirm';

const ProviderParams = Type.Object({ provider: Type.String({ pattern: '^[a-z][a-z0-9]{0,31}$' }) });

/** OpenID Connect sign-in: /auth/oidc/<provider>/start → the provider → /auth/oidc/<provider>/callback. */
export async function oidcPages(app: FastifyInstance, { db, config }: { db: Db; config: Config }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const providers = new Map(config.oidcProviders.map((p) => [p.id, p]));
  const providerList = config.oidcProviders;
  const loginCookie = { path: LOGIN_COOKIE_PATH, httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies };
  const rateLimit = { max: config.loginRateLimit, timeWindow: '1 minute' };

  const failed = (request: FastifyRequest, reply: FastifyReply, reason: FailureReason) => {
    request.log.info({ oidc: reason }, 'OpenID Connect sign-in refused');
    const page = SignInFailedPage({ ctx: viewContext(request, reply), reason, requestId: request.id, retry: '/signin' });
    return reply.html(renderPage(page), reason === 'unavailable' ? 503 : 400);
  };

  r.get(
    '/auth/oidc/:provider/start',
    { schema: { hide: true, params: ProviderParams, querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) }) }, config: { rateLimit } },
    async (request, reply) => {
      const provider = providers.get(request.params.provider);
      if (!provider) throw notFound();
      const outcome = await startLogin(db, provider, {
        redirectUri: siteUrl(config, request) + callbackPath(provider.id),
        next: safeNext(request.query.next),
        lang: request.lang,
      });
      if (!outcome.ok) return failed(request, reply, outcome.reason);
      reply.setCookie(LOGIN_COOKIE, outcome.handle, { ...loginCookie, maxAge: LOGIN_TTL_MS / 1000 });
      return reply.redirect(outcome.url, 303);
    },
  );

  r.get(
    '/auth/oidc/:provider/callback',
    {
      schema: {
        hide: true,
        params: ProviderParams,
        // Documented for readers; the handler reads the raw query, as the provider sent it, because
        // every parameter (iss, session_state …) takes part in the response's validation.
        querystring: Type.Object({
          code: Type.Optional(Type.String({ maxLength: 4096 })),
          state: Type.Optional(Type.String({ maxLength: 1024 })),
          error: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const provider = providers.get(request.params.provider);
      if (!provider) throw notFound();
      const handle = request.cookies[LOGIN_COOKIE];
      // The login is single-use whatever happens next.
      if (handle) reply.clearCookie(LOGIN_COOKIE, loginCookie);
      const query = new URLSearchParams(request.raw.url?.split('?')[1] ?? '');
      const outcome = await finishLogin(db, provider, { handle, query, requestId: request.id });
      if (outcome.ok === 'confirm_email') {
        reply.setCookie(CONFIRM_COOKIE, outcome.handle, { ...loginCookie, maxAge: CONFIRM_TTL_MS / 1000 });
        return reply.redirect(CONFIRM_EMAIL_PATH, 303);
      }
      if (!outcome.ok) return failed(request, reply, outcome.reason);
      return signIn(request, reply, { userId: outcome.userId, provider: provider.id, idToken: outcome.idToken, next: outcome.next });
    },
  );

  // ---- a first sign-in without a verified address: confirm one with a code sent to it ----

  const EmailBody = Type.Object({ email: Type.Optional(Type.String({ maxLength: 1000 })) });
  const CodeBody = Type.Object({ code: Type.Optional(Type.String({ maxLength: 100 })) });

  // Nothing under way for this browser: no cookie, expired, used, or ended by wrong codes. 403, as
  // the cookie is what this step asks for; the page says what to do.
  const startOver = (request: FastifyRequest, reply: FastifyReply, reason: 'expired' | 'attempts') => {
    if (request.cookies[CONFIRM_COOKIE]) reply.clearCookie(CONFIRM_COOKIE, loginCookie);
    return reply.html(renderPage(StartOverPage({ ctx: viewContext(request, reply), reason })), 403);
  };

  r.get(CONFIRM_EMAIL_PATH, { schema: { hide: true }, config: { rateLimit } }, async (request, reply) => {
    const pending = await findPendingConfirmation(db, providerList, request.cookies[CONFIRM_COOKIE]);
    if (!pending) return startOver(request, reply, 'expired');
    const ctx = viewContext(request, reply);
    const page = pending.sentTo
      ? ConfirmCodePage({ ctx, pending, values: { code: '', email: pending.email }, errors: {} })
      : ConfirmEmailPage({ ctx, pending, values: { email: pending.email }, errors: {} });
    return reply.html(renderPage(page));
  });

  r.post(CONFIRM_EMAIL_PATH, { schema: { hide: true, body: EmailBody }, config: { rateLimit } }, async (request, reply) => {
    const outcome = await sendConfirmationCode(db, providerList, request.cookies[CONFIRM_COOKIE], request.body, { lang: request.lang, site: { baseUrl: siteUrl(config, request) } });
    if (outcome.ok) return reply.redirect(CONFIRM_EMAIL_PATH, 303);
    if (outcome.reason === 'expired') return startOver(request, reply, 'expired');
    const { pending } = outcome;
    const errors = outcome.reason === 'invalid' ? toFormErrors(request.m, outcome.violations) : { email: oidcMessages(request.lang).confirm.tooManyCodes };
    const ctx = viewContext(request, reply);
    // The address form is on the code page too (a new code, or another address).
    const page = pending.sentTo
      ? ConfirmCodePage({ ctx, pending, values: { code: '', email: pending.email }, errors })
      : ConfirmEmailPage({ ctx, pending, values: { email: pending.email }, errors });
    return reply.html(renderPage(page), 400);
  });

  r.post(CONFIRM_CODE_PATH, { schema: { hide: true, body: CodeBody }, config: { rateLimit } }, async (request, reply) => {
    const outcome = await confirmEmailCode(db, providerList, request.cookies[CONFIRM_COOKIE], request.body, request.id);
    if (outcome.ok) {
      reply.clearCookie(CONFIRM_COOKIE, loginCookie);
      return signIn(request, reply, outcome);
    }
    switch (outcome.reason) {
      case 'expired':
      case 'attempts':
        return startOver(request, reply, outcome.reason);
      case 'disabled':
        reply.clearCookie(CONFIRM_COOKIE, loginCookie);
        return failed(request, reply, 'disabled');
      case 'no_code':
        return reply.redirect(CONFIRM_EMAIL_PATH, 303);
      case 'invalid': {
        const { pending } = outcome;
        const errors = { code: oidcMessages(request.lang).confirm.codeErrors[outcome.error](pending.attemptsLeft) };
        const page = ConfirmCodePage({ ctx: viewContext(request, reply), pending, values: { code: request.body.code ?? '', email: pending.email }, errors });
        return reply.html(renderPage(page), 400);
      }
    }
  });

  /** Begins the Nytenk session (a fresh id: any earlier session ends) and goes on to `next`. */
  async function signIn(request: FastifyRequest, reply: FastifyReply, input: { userId: string; provider: string; idToken: string; next: string }) {
    const session = await beginSession(db, {
      userId: input.userId,
      provider: input.provider,
      idToken: input.idToken,
      previousCookie: request.cookies[SESSION_COOKIE],
      requestId: request.id,
    });
    reply.setCookie(SESSION_COOKIE, session.cookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, expires: session.expiresAt });
    return reply.redirect(input.next, 303);
  }

  // Where a provider sends the browser back after its end-session page.
  r.get(SIGNED_OUT_PATH, { schema: { hide: true } }, async (request, reply) => redirectWithNotice(reply, '/', request.m.auth.signedOut));
}
