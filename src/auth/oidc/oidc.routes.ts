import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { notFound } from '../../core/errors.js';
import { redirectWithNotice, viewContext } from '../../http/context.js';
import { renderPage } from '../../ui/render.js';
import { SESSION_COOKIE, safeNext } from '../auth.routes.js';
import { LOGIN_TTL_MS, beginSession, finishLogin, startLogin, type FailureReason } from './oidc.service.js';
import { SIGNED_OUT_PATH, callbackPath, siteUrl } from './oidc.urls.js';
import { SignInFailedPage } from './oidc.views.js';

/** The HttpOnly cookie holding the handle of a login under way (its state lives in oidc_logins). */
export const LOGIN_COOKIE = 'nytenk_oidc';
const LOGIN_COOKIE_PATH = '/auth/oidc/';

const ProviderParams = Type.Object({ provider: Type.String({ pattern: '^[a-z][a-z0-9]{0,31}$' }) });

/** OpenID Connect sign-in: /auth/oidc/<provider>/start → the provider → /auth/oidc/<provider>/callback. */
export async function oidcRoutes(app: FastifyInstance, { db, config }: { db: Db; config: Config }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const providers = new Map(config.oidcProviders.map((p) => [p.id, p]));
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
      if (!outcome.ok) return failed(request, reply, outcome.reason);
      const session = await beginSession(db, {
        userId: outcome.userId,
        provider: provider.id,
        idToken: outcome.idToken,
        previousCookie: request.cookies[SESSION_COOKIE],
        requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, session.cookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, expires: session.expiresAt });
      return reply.redirect(outcome.next, 303);
    },
  );

  // Where a provider sends the browser back after its end-session page.
  r.get(SIGNED_OUT_PATH, { schema: { hide: true } }, async (request, reply) => redirectWithNotice(reply, '/', request.m.auth.signedOut));
}
