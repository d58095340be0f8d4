import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LANGS, messages, type Lang } from '../../src/i18n/index.js';
import { parseOidcProviders } from '../../src/auth/oidc/oidc.config.js';
import { oidcMessages } from '../../src/auth/oidc/oidc.messages.js';
import { smtpMailer } from '../../src/notifications/mailer.js';
import { sendDue } from '../../src/notifications/notifications.service.js';
import { createUser } from '../helpers/app.js';
import { consoleSince, describeBrowser, launchBrowser, watchConsole, type ConsoleLog } from '../helpers/browser.js';
import { providerEnv, startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../helpers/smtp.js';
import { until } from '../helpers/wait.js';

/**
 * OpenID Connect sign-in in Chromium, with JavaScript off (the flow must not need it): Nytenk's
 * button → a real provider's login page → back signed in → sign-out through the provider's
 * end-session page; and at a provider that gives no e-mail address (like ID-porten), the address
 * confirmed with a code that arrives by real SMTP. Then axe (WCAG 2.1 AA) on the sign-in page with
 * providers, the error page and the confirmation pages, in bokmål, nynorsk and English.
 */

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

describeBrowser('OpenID Connect sign-in in a browser', () => {
  let alpha: TestProvider;
  let beta: TestProvider;
  /** Like ID-porten: `sub` and `pid`, no e-mail claims. */
  let idporten: TestProvider;
  let smtp: TestSmtpServer;
  let server: TestServer;
  let providersOnly: TestServer;
  let browser: Browser;
  let page: Page;
  /** axe runs inside the page: this context has JavaScript on. */
  let axePage: Page;
  let log: ConsoleLog;

  beforeAll(async () => {
    [alpha, beta, idporten, smtp] = await Promise.all([startTestProvider('alpha'), startTestProvider('beta'), startTestProvider('idporten', { email: false }), startSmtpServer()]);
    const { providers } = parseOidcProviders(providerEnv({ alpha, beta, idporten }));
    // No PUBLIC_URL: the redirect URI is built from the address the browser used (development mode).
    [server, providersOnly, browser] = await Promise.all([startTestServer({ oidcProviders: providers }), startTestServer({ oidcProviders: providers, localAccounts: false }), launchBrowser()]);
    for (const [id, p] of [['alpha', alpha], ['beta', beta], ['idporten', idporten]] as const) {
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

  // Each test breaks no Content Security Policy rule on our pages (the providers' pages are not ours).
  let consoleOfThisTest: (() => ConsoleLog) | undefined;
  afterEach(() => {
    consoleOfThisTest ??= consoleSince([log]);
    const ours = (line: string) => line.startsWith(server.baseUrl) || line.startsWith(providersOnly.baseUrl);
    expect(consoleOfThisTest().cspViolations.filter(ours)).toEqual([]);
  });

  afterAll(async () => {
    await page?.context().close();
    await axePage?.context().close();
    await browser?.close();
    await Promise.all([server?.close(), providersOnly?.close()]);
    await Promise.all([alpha?.close(), beta?.close(), idporten?.close(), smtp?.close()]);
  });

  /** The background job's sending step, as the running server does it, through the real SMTP server. */
  async function mailTo(address: string): Promise<ReceivedMail> {
    const mailer = smtpMailer(smtp.url, 'Nytenk <ikke-svar@nytenk.test>');
    try {
      await sendDue(server.t.database.db, mailer);
    } finally {
      mailer.close();
    }
    return until(() => smtp.received.filter((m) => m.to === address).at(-1), {
      what: `a mail to ${address}`,
      timeout: 15_000,
      interval: 50,
      state: () => `received mail to: ${smtp.received.map((m) => m.to).join(', ')}`,
    });
  }

  const codeIn = (mail: ReceivedMail) => /\b([0-9]{6})\b/.exec(mail.text)![1]!;
  const idportenLabel = (lang: Lang) => (lang === 'en' ? 'Test portal idporten' : 'Testportalen idporten');

  /** From the sign-in page to the provider's login form and back, to where Nytenk asks for an address. */
  async function signInAtIdporten(p: Page, login: string, lang: Lang, next = '') {
    idporten.accounts.set(login, { pid: '01017012345' });
    await p.goto(`${server.baseUrl}/signin?lang=${lang}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
    await Promise.all([p.waitForURL(`${idporten.issuer}/interaction/**`), p.getByRole('link', { name: oidcMessages(lang).signInWith(idportenLabel(lang)) }).click()]);
    await p.locator('#login').fill(login);
    await Promise.all([p.waitForURL(`${server.baseUrl}/auth/oidc/confirm-email`), p.getByRole('button', { name: 'Sign in' }).click()]);
  }

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

  it('at a provider without e-mail (ID-porten), asks for the work address and signs in with the code from the e-mail, without JavaScript', async () => {
    const user = await createUser(server.t, { email: 'ola.nordmann@bergen.kommune.no', name: 'Ola Nordmann' });
    const t = oidcMessages('nb').confirm;
    await page.context().clearCookies();
    await signInAtIdporten(page, 'ola-idporten', 'nb', '/profile');
    await expect(page.locator('h1').innerText()).resolves.toBe(t.emailTitle);
    await page.getByLabel(t.emailLabel).fill(user.email);
    await Promise.all([page.waitForURL(`${server.baseUrl}/auth/oidc/confirm-email`), page.getByRole('button', { name: t.sendCode }).click()]);
    await expect(page.locator('h1').innerText()).resolves.toBe(t.codeTitle);
    await expect(page.getByTestId('code-sent-to').innerText()).resolves.toBe(t.codeSent(user.email));

    const mail = await mailTo(user.email);
    expect(mail.subject).toBe(oidcMessages('nb').mail.subject);
    const code = codeIn(mail);

    // A wrong code: the page again, the error summary first, naming the field and the attempts left.
    await page.getByRole('textbox', { name: t.codeLabel, exact: true }).fill(code === '000000' ? '000001' : '000000');
    await Promise.all([page.waitForURL(`${server.baseUrl}/auth/oidc/confirm-email/code`), page.getByRole('button', { name: t.confirmSubmit }).click()]);
    await expect(page.locator('.ds-error-summary').innerText()).resolves.toContain(`${t.codeLabel}: ${t.codeErrors.wrong(4)}`);

    await page.getByRole('textbox', { name: t.codeLabel, exact: true }).fill(code);
    await Promise.all([page.waitForURL(`${server.baseUrl}/profile`), page.getByRole('button', { name: t.confirmSubmit }).click()]);
    await expect(page.locator('main').innerText()).resolves.toContain(user.email);
    const cookies = await page.context().cookies(server.baseUrl);
    expect(cookies.find((c) => c.name === 'nytenk_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === 'nytenk_oidc_confirm')).toBeUndefined();

    // Next time the identity is known: straight through, no question and no e-mail.
    const mails = smtp.received.length;
    await page.context().clearCookies();
    await page.goto(`${server.baseUrl}/signin?next=/profile`);
    await Promise.all([page.waitForURL(`${idporten.issuer}/interaction/**`), page.getByRole('link', { name: oidcMessages('nb').signInWith(idportenLabel('nb')) }).click()]);
    await page.locator('#login').fill('ola-idporten');
    await Promise.all([page.waitForURL(`${server.baseUrl}/profile`), page.getByRole('button', { name: 'Sign in' }).click()]);
    await expect(page.locator('main').innerText()).resolves.toContain(user.email);
    expect(smtp.received.length).toBe(mails);
  });

  type Heading = (lang: Lang) => string;
  const confirmStep = async (lang: Lang, step: 'address' | 'code' | 'start over') => {
    await axePage.context().clearCookies();
    if (step === 'start over') return axePage.goto(`${server.baseUrl}/auth/oidc/confirm-email?lang=${lang}`);
    await signInAtIdporten(axePage, `axe-${lang}`, lang);
    if (step === 'address') return;
    const t = oidcMessages(lang).confirm;
    const address = `axe.${lang}@example.no`;
    await axePage.getByLabel(t.emailLabel).fill(address);
    await Promise.all([axePage.waitForURL(`${server.baseUrl}/auth/oidc/confirm-email`), axePage.getByRole('button', { name: t.sendCode }).click()]);
    // The code e-mail speaks the page's language.
    expect((await mailTo(address)).subject).toBe(oidcMessages(lang).mail.subject);
    // The page with an error: a malformed code (never counted as a guess).
    await axePage.getByRole('textbox', { name: t.codeLabel, exact: true }).fill('12ab');
    await Promise.all([axePage.waitForURL(`${server.baseUrl}/auth/oidc/confirm-email/code`), axePage.getByRole('button', { name: t.confirmSubmit }).click()]);
    await expect(axePage.locator('.ds-error-summary').innerText()).resolves.toContain(t.codeErrors.format());
  };

  const scenarios: { name: string; open: (base: () => TestServer, q: string, lang: Lang) => Promise<unknown>; h1?: Heading }[] = [
    { name: 'sign-in page with two providers and the password form', open: (s, q) => axePage.goto(`${s().baseUrl}/signin${q}`) },
    { name: 'sign-in page with providers only (LOCAL_ACCOUNTS=false)', open: (_s, q) => axePage.goto(`${providersOnly.baseUrl}/signin${q}`) },
    { name: 'sign-in failed page (no sign-in under way)', open: (s, q) => axePage.goto(`${s().baseUrl}/auth/oidc/alpha/callback${q}&code=x&state=forged`), h1: (l) => oidcMessages(l).errorTitle },
    { name: 'confirm-email page asking for the address', open: (_s, _q, l) => confirmStep(l, 'address'), h1: (l) => oidcMessages(l).confirm.emailTitle },
    { name: 'confirm-email code page with an error', open: (_s, _q, l) => confirmStep(l, 'code'), h1: (l) => oidcMessages(l).confirm.codeTitle },
    { name: 'confirm-email start-over page (no sign-in under way)', open: (_s, _q, l) => confirmStep(l, 'start over'), h1: (l) => oidcMessages(l).confirm.startOverTitle },
  ];

  describe.each(LANGS.map((lang) => ({ lang })))('in $lang', ({ lang }: { lang: Lang }) => {
    it.for(scenarios)('$name has no axe violations', async (scenario) => {
      await axePage.setViewportSize({ width: 1280, height: 900 });
      await scenario.open(() => server, `?lang=${lang}`, lang);
      expect(await axePage.locator('html').getAttribute('lang')).toBe(lang);
      const t = oidcMessages(lang);
      if (scenario.h1) {
        await expect(axePage.locator('h1').innerText()).resolves.toBe(scenario.h1(lang));
      } else {
        await expect(axePage.getByRole('link', { name: t.signInWith(lang === 'en' ? 'Test portal beta' : 'Testportalen beta') }).count()).resolves.toBe(1);
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
});
