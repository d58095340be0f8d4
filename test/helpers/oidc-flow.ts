import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, mergeCookies, type Browser, type TestApp } from './app.js';
import type { DataTarget } from './db.js';
import { providerEnv, startTestProvider, type TestProvider } from './oidc-provider.js';
import { parseOidcProviders } from '../../src/core/oidc-config.js';

/**
 * The whole authorization code flow against a real provider (npm oidc-provider on 127.0.0.1), for
 * the OpenID Connect tests (src/auth/oidc/*.test.ts): Nytenk driven with app.inject, the provider
 * over HTTP, redirects followed by hand with a cookie jar for each side, as a browser without
 * JavaScript would.
 */

export const SITE = 'http://nytenk.test';

/** The provider's cookies (name → value), sent back on every request to it. */
class ProviderJar {
  private cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export interface FlowOptions {
  /** The provider account to sign in as (must be in provider.accounts). */
  login: string;
  next?: string;
  /** Called with the callback URL before it reaches Nytenk: tamper with it, or with the database. */
  beforeCallback?: (callback: URL) => Promise<URL | void> | URL | void;
}

/**
 * Signs in through a provider: Nytenk's start → provider authorize → its login form → consent →
 * Nytenk's callback. Returns the callback's response (the browser's cookies updated).
 */
export async function providerSignIn(t: TestApp, browser: Browser, providerId: string, provider: TestProvider, options: FlowOptions): Promise<LightMyRequestResponse> {
  const start = await browser.get(`/auth/oidc/${providerId}/start${options.next ? `?next=${encodeURIComponent(options.next)}` : ''}`);
  expect(start.statusCode).toBe(303);
  let location = new URL(String(start.headers.location));
  expect(location.origin).toBe(provider.issuer);
  const jar = new ProviderJar();
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (location.href.startsWith(`${SITE}/`)) break;
    const res = await fetch(location, {
      redirect: 'manual',
      ...(body ? { method: 'POST', body, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } } : { headers: { cookie: jar.header() } }),
    });
    body = undefined;
    jar.take(res);
    if (res.status >= 300 && res.status < 400) {
      location = new URL(res.headers.get('location')!, location);
      continue;
    }
    const html = await res.text();
    const form = /<form method="post" action="([^"]+)"/.exec(html);
    if (res.status !== 200 || !form?.[1]) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    location = new URL(form[1], location);
    body = new URLSearchParams({ login: options.login }).toString();
  }
  expect(location.pathname).toBe(`/auth/oidc/${providerId}/callback`);
  const callback = (await options.beforeCallback?.(location)) ?? location;
  const res = await t.app.inject({ method: 'GET', url: callback.pathname + callback.search, headers: { cookie: browser.cookies, accept: 'text/html' } });
  browser.cookies = mergeCookies(browser.cookies, res);
  return res;
}

/** The failure reason a sign-in page names (its data-reason). */
export const reasonOf = (html: string) => /data-reason="([a-z_]+)"/.exec(html)?.[1];

export const CONFIRM = '/auth/oidc/confirm-email';
export const CONFIRM_CODE = '/auth/oidc/confirm-email/code';
export const confirmCookie = (cookies: string) => /nytenk_oidc_confirm=[^;]+/.exec(cookies)?.[0];

/** Three providers (alpha, beta, and idporten without e-mail claims, like ID-porten) and an app signing in with them. */
export interface OidcWorld {
  alpha: TestProvider;
  beta: TestProvider;
  idporten: TestProvider;
  t: TestApp;
  close(): Promise<void>;
}

export async function startOidcWorld(target: DataTarget): Promise<OidcWorld> {
  const [alpha, beta, idporten] = await Promise.all([startTestProvider('alpha'), startTestProvider('beta'), startTestProvider('idporten', { email: false })]);
  for (const [id, p] of [['alpha', alpha], ['beta', beta], ['idporten', idporten]] as const) p.registerClient([`${SITE}/auth/oidc/${id}/callback`], [`${SITE}/auth/oidc/signed-out`]);
  const { providers } = parseOidcProviders(providerEnv({ alpha, beta, idporten }));
  const t = await createTestApp(target, { publicUrl: SITE, oidcProviders: providers });
  return {
    alpha,
    beta,
    idporten,
    t,
    close: async () => {
      await t.close();
      await Promise.all([alpha.close(), beta.close(), idporten.close()]);
    },
  };
}
