import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { unauthenticated, notFound } from '../core/errors.js';
import { toFormErrors } from '../core/validation.js';
import { redirectWithNotice, viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import * as auth from './auth.service.js';
import { ProfilePage, RegisterPage, SignInPage } from './auth.views.js';
import { providerSignOutUrl } from './oidc/oidc.service.js';
import { SIGNED_OUT_PATH, siteUrl } from './oidc/oidc.urls.js';
import { ProviderSignOutPage } from './oidc/oidc.views.js';

export const SESSION_COOKIE = 'nytenk_session';

/**
 * Only same-site paths are allowed as a destination after a form (no open redirect); else `fallback`.
 * What a URL may not hold as typed (spaces, quotes, angle brackets, anything beyond ASCII) is
 * percent-encoded: the path goes into a Location header, where such a character fails the response.
 */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next.slice(0, 500).replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%[\]]/gu, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return ''; // a lone surrogate: no character at all
    }
  });
}

/** Resolves who is asking: a Bearer token (API clients) or the session cookie (browsers). */
export async function authHook(db: Db, request: FastifyRequest): Promise<void> {
  request.auth = null;
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match?.[1]) request.auth = await auth.authFromToken(db, match[1]);
    if (!request.auth) throw unauthenticated('The API token is missing, unknown, expired or revoked');
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) request.auth = await auth.authFromSession(db, cookie);
}

export async function authRoutes(app: FastifyInstance, { db, config }: { db: Db; config: Config }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies };
  const providers = config.oidcProviders;

  const setSession = async (reply: FastifyReply, userId: string, requestId: string) => {
    const session = await auth.startSession(db, userId, { requestId });
    reply.setCookie(SESSION_COOKIE, session.cookie, { ...cookieOptions, expires: session.expiresAt });
  };

  r.get('/signin', { schema: { hide: true, querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) }) } }, async (request, reply) => {
    return reply.html(
      renderPage(SignInPage({ ctx: viewContext(request, reply), values: {}, errors: {}, next: safeNext(request.query.next), failed: false, disabled: !config.localAccounts, providers })),
    );
  });

  r.post(
    '/signin',
    {
      schema: {
        hide: true,
        body: Type.Object({ email: Type.Optional(Type.String({ maxLength: 300 })), password: Type.Optional(Type.String({ maxLength: 1000 })), next: Type.Optional(Type.String({ maxLength: 500 })) }),
      },
      config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const next = safeNext(request.body.next);
      if (!config.localAccounts) {
        return reply.html(renderPage(SignInPage({ ctx: viewContext(request, reply), values: {}, errors: {}, next, failed: false, disabled: true, providers })), 403);
      }
      const errors: Record<string, string> = {};
      if (!request.body.email?.trim()) errors.email = request.m.form.required;
      if (!request.body.password) errors.password = request.m.form.required;
      const outcome = Object.keys(errors).length === 0 ? await auth.checkCredentials(db, request.body.email, request.body.password) : null;
      if (!outcome || !outcome.ok) {
        return reply.html(
          renderPage(
            SignInPage({ ctx: viewContext(request, reply), values: { email: request.body.email ?? '' }, errors, next, failed: outcome !== null, disabled: false, providers }),
          ),
          outcome ? 401 : 400,
        );
      }
      // A fresh session id at every sign-in: an id planted before sign-in is worthless after it.
      const old = request.cookies[SESSION_COOKIE];
      if (old) await auth.endSession(db, old);
      await setSession(reply, outcome.user.id, request.id);
      return reply.redirect(next, 303);
    },
  );

  r.post('/signout', { schema: { hide: true } }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    // A session begun at an OpenID provider ends there too (RP-initiated logout); read before ending ours.
    const atProvider = cookie && providers.length > 0 ? await providerSignOutUrl(db, providers, cookie, siteUrl(config, request) + SIGNED_OUT_PATH) : null;
    if (cookie) await auth.endSession(db, cookie);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    if (atProvider) {
      request.auth = null;
      const ctx = viewContext(request, reply);
      return reply.html(renderPage(ProviderSignOutPage({ ctx, url: atProvider.url, label: atProvider.provider.labels[ctx.lang] })));
    }
    return redirectWithNotice(reply, '/', request.m.auth.signedOut);
  });

  r.get('/register', { schema: { hide: true } }, async (request, reply) => {
    if (!config.localAccounts) throw notFound();
    return reply.html(renderPage(RegisterPage({ ctx: viewContext(request, reply), values: {}, errors: {} })));
  });

  r.post(
    '/register',
    {
      schema: {
        hide: true,
        body: Type.Object({ name: Type.Optional(Type.String()), email: Type.Optional(Type.String()), password: Type.Optional(Type.String()) }),
      },
      config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      if (!config.localAccounts) throw notFound();
      const outcome = await auth.registerUser(db, request.body, { requestId: request.id });
      if (!outcome.ok) {
        const values = { name: request.body.name ?? '', email: request.body.email ?? '' };
        return reply.html(renderPage(RegisterPage({ ctx: viewContext(request, reply), values, errors: toFormErrors(request.m, outcome.violations) })), 400);
      }
      await setSession(reply, outcome.user.id, request.id);
      return reply.redirect('/profile', 303);
    },
  );

  const profile = async (request: FastifyRequest, reply: FastifyReply, newToken?: string) => {
    if (!request.auth) throw unauthenticated();
    const tokens = await auth.listTokens(db, request.auth.user.id);
    return reply.html(
      renderPage(ProfilePage({ ctx: viewContext(request, reply), user: request.auth.user, memberships: request.auth.memberships, tokens, newToken })),
    );
  };

  r.get('/profile', { schema: { hide: true } }, async (request, reply) => profile(request, reply));

  r.post('/profile/tokens', { schema: { hide: true, body: Type.Object({ name: Type.Optional(Type.String({ maxLength: 1000 })) }) } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    const issued = await auth.issueToken(db, request.auth.user.id, request.body.name ?? '', { requestId: request.id });
    // The secret is shown in this response only; it is never stored or put in a URL.
    reply.header('cache-control', 'no-store');
    return profile(request, reply, issued.token);
  });

  r.post(
    '/profile/tokens/:id/revoke',
    { schema: { hide: true, params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }) } },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      const done = await auth.revokeToken(db, request.auth.user.id, request.params.id, { requestId: request.id });
      if (!done) throw notFound();
      return redirectWithNotice(reply, '/profile#tokens', request.m.members.done);
    },
  );
}
