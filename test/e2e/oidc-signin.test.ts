import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGS, messages, type Lang } from '../../src/i18n/index.js';
import { parseOidcProviders } from '../../src/auth/oidc/oidc.config.js';
import { oidcMessages } from '../../src/auth/oidc/oidc.messages.js';
import { createUser } from '../helpers/app.js';
import { describeBrowser, launchBrowser, watchConsole, type ConsoleLog } from '../helpers/browser.js';
import { providerEnv, startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * OpenID Connect sign-in in Chromium, with JavaScript off (the flow must not need it): Nytenk's
 * button → a real provider's login page → back signed in → sign-out through the provider's
 * end-session page. Then axe (WCAG 2.1 AA) on the sign-in page with providers and on the error page,
 * in bokmål, nynorsk and English.
 */

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

describeBrowser('OpenID Connect sign-in in a browser', () => {
  let alpha: TestProvider;
  let beta: TestProvider;
  let server: TestServer;
  let providersOnly: TestServer;
  let browser: Browser;
  let page: Page;
  /** axe runs inside the page: this context has JavaScript on. */
  let axePage: Page;
  let log: ConsoleLog;

  beforeAll(async () => {
    [alpha, beta] = await Promise.all([startTestProvider('alpha'), startTestProvider('beta')]);
    const { providers } = parseOidcProviders(providerEnv({ alpha, beta }));
    // No PUBLIC_URL: the redirect URI is built from the address the browser used (development mode).
    [server, providersOnly, browser] = await Promise.all([startTestServer({ oidcProviders: providers }), startTestServer({ oidcProviders: providers, localAccounts: false }), launchBrowser()]);
    for (const [id, p] of [['alpha', alpha], ['beta', beta]] as const) {
      p.registerClient(
        [server, providersOnly].map((s) => `${s.baseUrl}/auth/oidc/${id}/callback`),
        [server, providersOnly].map((s) => `${s.baseUrl}/auth/oidc/signed-out`),
      );
    }
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    log = await watchConsole(context);
    page = await context.newPage();
    const axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    axePage = await axeContext.newPage();
  });

  afterAll(async () => {
    await page?.context().close();
    await axePage?.context().close();
    await browser?.close();
    await Promise.all([server?.close(), providersOnly?.close()]);
    await Promise.all([alpha?.close(), beta?.close()]);
  });

  it('signs in at the provider without JavaScript, links the local account, and signs out there too', async () => {
    const user = await createUser(server.t, { email: 'kari@bergen.kommune.no', name: 'Kari Nordmann' });
    alpha.accounts.set('kari', { email: user.email, email_verified: true, name: 'Kari N.' });
    await page.goto(`${server.baseUrl}/signin?next=/profile`);
    await Promise.all([page.waitForURL(`${alpha.issuer}/interaction/**`), page.getByRole('link', { name: 'Logg inn med Testportalen alpha' }).click()]);
    await page.locator('#login').fill('kari');
    await Promise.all([page.waitForURL(`${server.baseUrl}/profile`), page.getByRole('button', { name: 'Sign in' }).click()]);
    await expect(page.locator('main').innerText()).resolves.toContain(user.email);
    const cookies = await page.context().cookies(server.baseUrl);
    expect(cookies.find((c) => c.name === 'nytenk_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === 'nytenk_oidc')).toBeUndefined();

    // The header's sign-out form posts to Nytenk, which ends its session and sends the browser on to
    // the provider's end-session page (by a refresh: a redirect would be blocked by form-action 'self').
    await Promise.all([page.waitForURL(`${alpha.issuer}/session/end**`), page.locator('form[action="/signout"] button[type=submit]').click()]);
    await Promise.all([page.waitForURL(`${server.baseUrl}/`), page.getByRole('button', { name: 'Yes, sign me out' }).click()]);
    await expect(page.locator('body').innerText()).resolves.toContain(messages('nb').auth.signedOut);
    await page.goto(`${server.baseUrl}/profile`);
    await expect(page.locator('main').innerText()).resolves.not.toContain(user.email);
  });

  const scenarios: { name: string; open: (base: () => TestServer, q: string) => Promise<unknown> }[] = [
    { name: 'sign-in page with two providers and the password form', open: (s, q) => axePage.goto(`${s().baseUrl}/signin${q}`) },
    { name: 'sign-in page with providers only (LOCAL_ACCOUNTS=false)', open: (_s, q) => axePage.goto(`${providersOnly.baseUrl}/signin${q}`) },
    { name: 'sign-in failed page (no sign-in under way)', open: (s, q) => axePage.goto(`${s().baseUrl}/auth/oidc/alpha/callback${q}&code=x&state=forged`) },
  ];

  describe.each(LANGS.map((lang) => ({ lang })))('in $lang', ({ lang }: { lang: Lang }) => {
    it.for(scenarios)('$name has no axe violations', async (scenario) => {
      await axePage.setViewportSize({ width: 1280, height: 900 });
      await scenario.open(() => server, `?lang=${lang}`);
      expect(await axePage.locator('html').getAttribute('lang')).toBe(lang);
      const t = oidcMessages(lang);
      if (scenario.name.startsWith('sign-in page')) {
        await expect(axePage.getByRole('link', { name: t.signInWith(lang === 'en' ? 'Test portal beta' : 'Testportalen beta') }).count()).resolves.toBe(1);
      } else {
        await expect(axePage.locator('h1').innerText()).resolves.toBe(t.errorTitle);
      }
      const results = await new AxeBuilder({ page: axePage }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
      if (results.violations.length > 0) console.error(JSON.stringify(results.violations.map((v) => [v.id, v.nodes.map((n) => n.target)]), null, 1));
      expect(results.violations.map((v) => v.id)).toEqual([]);
      expect(results.passes.length).toBeGreaterThan(10);
      // Reflow at 320 CSS px (WCAG 1.4.10).
      await axePage.setViewportSize({ width: 320, height: 800 });
      expect(await axePage.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    });
  });

  it('broke no Content Security Policy rule on our pages', () => {
    const ours = (line: string) => line.startsWith(server.baseUrl) || line.startsWith(providersOnly.baseUrl);
    expect(log.cspViolations.filter(ours)).toEqual([]);
  });
});
