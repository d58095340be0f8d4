import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LANG, isLang, messages, type Lang, type Messages } from '../i18n/index.js';
import type { SiteNav, ViewContext } from '../ui/context.js';

export interface AuthMembership {
  organisationId: string;
  orgnr: string | null;
  name: string;
  kind: string;
  role: 'member' | 'org_admin';
  status: 'pending' | 'active';
}

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  platformRole: 'admin' | 'analyst' | null;
  /** Unread notifications, capped at 100 (read with the session; absent for API tokens). */
  unread?: number;
}

/** Who is asking. Built once per request by the auth hook; policies read only this. */
export interface AuthContext {
  user: AuthUser;
  memberships: AuthMembership[];
  /** 'session' for browsers (forms need CSRF), 'token' for API clients. */
  via: 'session' | 'token';
}

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    m: Messages;
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** The route needs no CSRF token: its URL carries a secret of its own (see app.ts). */
    csrfExempt?: boolean;
  }
  interface FastifyReply {
    /** Sends a rendered page (text/html) with the status given (200 by default). */
    html(body: string, status?: number): FastifyReply;
  }
}

export const LANG_COOKIE = 'nytenk_lang';
export const NOTICE_COOKIE = 'nytenk_notice';

/** `?lang=` wins and is remembered in a cookie; then the cookie; then bokmål. */
export function resolveLang(request: FastifyRequest): { lang: Lang; fromQuery: boolean } {
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLang(q)) return { lang: q, fromQuery: true };
  const c = request.cookies?.[LANG_COOKIE];
  if (isLang(c)) return { lang: c, fromQuery: false };
  return { lang: DEFAULT_LANG, fromQuery: false };
}

/** True when the client wants JSON (API paths, or an explicit Accept). */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url.startsWith('/health') || /^\/metrics(\?|$)/.test(request.url)) return true;
  const accept = request.headers.accept ?? '';
  // Exports and feeds are API operations (their errors documented as problem+json): only a
  // browser, asking for HTML, gets a page.
  if (request.url.startsWith('/open-data/') || request.url.startsWith('/feeds/')) return !/text\/html/.test(accept);
  return /application\/(problem\+)?json/.test(accept) && !/text\/html/.test(accept);
}

/** The features' menu and footer links (their manifests' `nav`, from the registry) for who asks, in their language. */
export function siteNav(request: FastifyRequest, auth: AuthContext | null = request.auth ?? null): SiteNav {
  const lang = request.lang ?? DEFAULT_LANG;
  const shown = request.server.features.nav.filter((e) => e.audience === 'anyone' || (e.audience === 'signed_in') === (auth !== null));
  const link = (e: (typeof shown)[number]) => ({ href: e.href, label: e.label(lang, auth), current: e.current });
  return { menu: shown.filter((e) => e.area === 'menu').map(link), footer: shown.filter((e) => e.area === 'footer').map(link) };
}

/** Builds the data every page needs. Generates the CSRF token for the page's forms. */
export function viewContext(request: FastifyRequest, reply: FastifyReply): ViewContext {
  const notice = request.cookies?.[NOTICE_COOKIE];
  if (notice) reply.clearCookie(NOTICE_COOKIE, { path: '/' });
  return {
    lang: request.lang,
    m: request.m,
    user: request.auth ? { name: request.auth.user.name, email: request.auth.user.email, unread: request.auth.user.unread ?? 0 } : null,
    url: request.url,
    csrfToken: reply.generateCsrf(),
    nav: siteNav(request),
    notice: notice ? safeNotice(notice) : undefined,
  };
}

// The notice cookie carries a short text we set ourselves; cap it so a forged cookie stays harmless
// (the view escapes it in any case).
function safeNotice(value: string): string {
  return value.slice(0, 200);
}

/** Redirect after a successful POST, with a one-line notice shown on the next page (PRG pattern). */
export function redirectWithNotice(reply: FastifyReply, location: string, notice: string): FastifyReply {
  reply.setCookie(NOTICE_COOKIE, notice, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  return reply.redirect(location, 303);
}

export { messages };
