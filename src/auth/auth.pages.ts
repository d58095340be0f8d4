import { safeNext } from '../core/redirect.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FeatureDeps } from '../core/feature.js';
import { SESSION_COOKIE } from './auth.hook.js';
import { viewerOf } from '../core/viewer.js';
import { forbidden, unauthenticated, notFound } from '../core/errors.js';
import { toFormErrors } from '../core/validation.js';
import { redirectWithNotice, viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import * as auth from './auth.service.js';
import * as accounts from './accounts.service.js';
import type { MailContext } from './accounts.service.js';
import { authMessages } from './auth.messages.js';
import { ChangePasswordForm, ForgotPasswordPage, LinkGonePage, RegisterConfirmPage, RegisterSentPage, ResetPasswordPage } from './accounts.views.js';
import { ProfilePage, RegisterPage, SignInPage } from './auth.views.js';
import { providerSignOutUrl } from './oidc/oidc.service.js';
import { SIGNED_OUT_PATH, siteUrl } from './oidc/oidc.urls.js';
import { ProviderSignOutPage } from './oidc/oidc.views.js';

/** Sign-in, registration, password and profile pages. */
export async function authPages(app: FastifyInstance, { db, config, features }: FeatureDeps) {
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

  const mailContext = (request: FastifyRequest): MailContext => ({ baseUrl: siteUrl(config, request), lang: request.lang, requestId: request.id });
  const emailLinkLimit = { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } };
  const LinkParams = Type.Object({ secret: Type.String({ maxLength: 100 }) });

  r.get('/register', { schema: { hide: true } }, async (request, reply) => {
    if (!config.localAccounts) throw notFound();
    return reply.html(renderPage(RegisterPage({ ctx: viewContext(request, reply), values: {}, errors: {} })));
  });

  // The same answer whether or not the address has an account: the mail says which (finding 13).
  r.post(
    '/register',
    {
      schema: {
        hide: true,
        body: Type.Object({ name: Type.Optional(Type.String()), email: Type.Optional(Type.String()), password: Type.Optional(Type.String()) }),
      },
      config: emailLinkLimit,
    },
    async (request, reply) => {
      if (!config.localAccounts) throw notFound();
      const outcome = await accounts.startRegistration(db, request.body, mailContext(request));
      if (!outcome.ok) {
        const values = { name: request.body.name ?? '', email: request.body.email ?? '' };
        return reply.html(renderPage(RegisterPage({ ctx: viewContext(request, reply), values, errors: toFormErrors(request.m, outcome.violations) })), 400);
      }
      return reply.html(renderPage(RegisterSentPage({ ctx: viewContext(request, reply), email: outcome.email })));
    },
  );

  const registerAgain = (request: FastifyRequest) => ({ href: '/register', label: request.m.nav.register });

  r.get('/register/confirm/:secret', { schema: { hide: true, params: LinkParams } }, async (request, reply) => {
    if (!config.localAccounts) throw notFound();
    // The secret stays out of any Referer a later navigation sends.
    reply.header('referrer-policy', 'no-referrer');
    const link = await accounts.registrationLink(db, request.params.secret);
    const ctx = viewContext(request, reply);
    if (!link) return reply.html(renderPage(LinkGonePage({ ctx, again: registerAgain(request) })), 404);
    return reply.html(renderPage(RegisterConfirmPage({ ctx, email: link.email, action: `/register/confirm/${request.params.secret}` })));
  });

  r.post('/register/confirm/:secret', { schema: { hide: true, params: LinkParams }, config: emailLinkLimit }, async (request, reply) => {
    if (!config.localAccounts) throw notFound();
    const outcome = await accounts.confirmRegistration(db, request.params.secret, { requestId: request.id });
    const t = authMessages(request.lang).register;
    if (!outcome.ok) {
      if (outcome.reason === 'exists') return redirectWithNotice(reply, '/signin', t.alreadyDone);
      return reply.html(renderPage(LinkGonePage({ ctx: viewContext(request, reply), again: registerAgain(request) })), 404);
    }
    const old = request.cookies[SESSION_COOKIE];
    if (old) await auth.endSession(db, old);
    await setSession(reply, outcome.user.id, request.id);
    return redirectWithNotice(reply, '/profile', t.created);
  });

  r.get('/password/forgot', { schema: { hide: true } }, async (request, reply) => {
    if (!config.localAccounts) throw notFound();
    return reply.html(renderPage(ForgotPasswordPage({ ctx: viewContext(request, reply), values: {}, errors: {} })));
  });

  // The same answer whether or not the address has an account; only an account's owner gets a mail.
  r.post('/password/forgot', { schema: { hide: true, body: Type.Object({ email: Type.Optional(Type.String()) }) }, config: emailLinkLimit }, async (request, reply) => {
    if (!config.localAccounts) throw notFound();
    const outcome = await accounts.requestPasswordReset(db, request.body, mailContext(request));
    const ctx = viewContext(request, reply);
    if (!outcome.ok) {
      return reply.html(renderPage(ForgotPasswordPage({ ctx, values: { email: request.body.email ?? '' }, errors: toFormErrors(request.m, outcome.violations) })), 400);
    }
    return reply.html(renderPage(ForgotPasswordPage({ ctx, values: {}, errors: {}, sentTo: outcome.email })));
  });

  const forgotAgain = (request: FastifyRequest) => ({ href: '/password/forgot', label: authMessages(request.lang).forgot.title });

  r.get('/password/reset/:secret', { schema: { hide: true, params: LinkParams } }, async (request, reply) => {
    if (!config.localAccounts) throw notFound();
    reply.header('referrer-policy', 'no-referrer');
    const ctx = viewContext(request, reply);
    if (!(await accounts.resetLinkIsLive(db, request.params.secret))) return reply.html(renderPage(LinkGonePage({ ctx, again: forgotAgain(request) })), 404);
    return reply.html(renderPage(ResetPasswordPage({ ctx, action: `/password/reset/${request.params.secret}`, errors: {} })));
  });

  r.post(
    '/password/reset/:secret',
    { schema: { hide: true, params: LinkParams, body: Type.Object({ password: Type.Optional(Type.String()) }) }, config: emailLinkLimit },
    async (request, reply) => {
      if (!config.localAccounts) throw notFound();
      const outcome = await accounts.resetPassword(db, request.params.secret, request.body, { requestId: request.id });
      if (!outcome.ok) {
        const ctx = viewContext(request, reply);
        if (outcome.reason === 'gone') return reply.html(renderPage(LinkGonePage({ ctx, again: forgotAgain(request) })), 404);
        const errors = toFormErrors(request.m, outcome.violations);
        return reply.html(renderPage(ResetPasswordPage({ ctx, action: `/password/reset/${request.params.secret}`, errors })), 400);
      }
      // Every session of the account has ended, this browser's too; it gets a fresh one.
      await setSession(reply, outcome.userId, request.id);
      return redirectWithNotice(reply, '/profile', authMessages(request.lang).forgot.done);
    },
  );

  const profile = async (request: FastifyRequest, reply: FastifyReply, extra: { newToken?: string; passwordErrors?: Record<string, string> } = {}, status = 200) => {
    if (!request.auth) throw unauthenticated();
    const ctx = viewContext(request, reply);
    const sectionContext = { request, db, config, viewer: viewerOf(request.auth), lang: request.lang };
    const [tokens, hasPassword, sections] = await Promise.all([
      auth.listTokens(db, request.auth.user.id),
      auth.hasPassword(db, request.auth.user.id),
      features.renderSections('profile.page', sectionContext, { auth: request.auth, view: ctx }),
    ]);
    return reply.html(
      renderPage(
        ProfilePage({
          ctx,
          user: request.auth.user,
          memberships: request.auth.memberships,
          tokens,
          newToken: extra.newToken,
          tokenDays: config.apiTokenDays,
          sections: sections.map((section) => section.node),
          password: ChangePasswordForm({ ctx, errors: extra.passwordErrors ?? {}, hasPassword }),
        }),
      ),
      status,
    );
  };

  r.get('/profile', { schema: { hide: true } }, async (request, reply) => profile(request, reply));

  r.post(
    '/profile/password',
    { schema: { hide: true, body: Type.Object({ currentPassword: Type.Optional(Type.String({ maxLength: 2000 })), password: Type.Optional(Type.String({ maxLength: 2000 })) }) }, config: emailLinkLimit },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      // Only a signed-in browser: a token that can set the password could lock its owner out.
      if (request.auth.via !== 'session') throw forbidden('The password is changed from a signed-in browser, not with an API token');
      const keep = request.cookies[SESSION_COOKIE] ?? null;
      const outcome = await auth.changePassword(db, request.auth.user.id, request.body, keep, { requestId: request.id });
      if (!outcome.ok) return profile(request, reply, { passwordErrors: toFormErrors(request.m, outcome.violations) }, 400);
      return redirectWithNotice(reply, '/profile', authMessages(request.lang).password.changed(outcome.sessionsEnded, outcome.tokensRevoked));
    },
  );

  r.post('/profile/tokens', { schema: { hide: true, body: Type.Object({ name: Type.Optional(Type.String({ maxLength: 1000 })) }) } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    // A stolen token must not mint more tokens that outlive its revocation (finding 13).
    if (request.auth.via !== 'session') throw forbidden(authMessages('en').tokens.sessionOnly);
    const issued = await auth.issueToken(db, request.auth.user.id, request.body.name ?? '', { requestId: request.id, days: config.apiTokenDays });
    // The secret is shown in this response only; it is never stored or put in a URL.
    reply.header('cache-control', 'no-store');
    return profile(request, reply, { newToken: issued.token });
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
