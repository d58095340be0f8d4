import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/i18n/index.js';
import { createUser } from '../helpers/app.js';
import { describeBrowser, launchBrowser, watchConsole, type ConsoleLog } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const nb = messages('nb');

/** What has keyboard focus: a short description to compare and to print. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : '');
  });
}

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 30): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    seen.push(await focused(page));
  }
  throw new Error(`Tab never reached ${selector}; focus went ${seen.join(' → ')}`);
}

const submitForm = (page: Page, form: string) =>
  Promise.all([page.waitForNavigation(), page.locator(`${form} button[type=submit]`).first().click()]);

describeBrowser('keyboard, no JavaScript and CSP', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const logs: ConsoleLog[] = [];

  /** A fresh browser profile (no cookies) whose console is watched for errors and CSP reports. */
  async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    contexts.push(context);
    logs.push(await watchConsole(context));
    return context.newPage();
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  describe('keyboard', () => {
    it('focuses the skip link first, and Enter moves focus to the main content', async () => {
      const page = await newPage();
      await page.goto(`${server.baseUrl}/organisations?lang=nb`);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('a[href="#main"]');
      await expect(page.locator('.ds-skip-link').isVisible()).resolves.toBe(true);
      expect(await page.locator(':focus').innerText()).toBe(nb.skipLink);
      await page.keyboard.press('Enter');
      expect(await focused(page)).toBe('main#main');
    });

    it('lets a user sign in with the keyboard alone and land on their profile', async () => {
      const user = await createUser(server.t, { name: 'Tastatur Bruker' });
      const page = await newPage();
      // Signed out, the profile offers a way to sign in that comes back here.
      await page.goto(`${server.baseUrl}/profile?lang=nb`);
      await tabTo(page, 'main a[href^="/signin"]');
      await Promise.all([page.waitForURL(/\/signin\?next=/), page.keyboard.press('Enter')]);

      await tabTo(page, '#field-email');
      await page.keyboard.type(user.email);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('input#field-password');
      await page.keyboard.type(user.password);
      await Promise.all([page.waitForURL((u) => u.pathname === '/profile'), page.keyboard.press('Enter')]);
      await expect(page.locator('h1').innerText()).resolves.toBe(nb.profile.title);
      await expect(page.locator('main').innerText()).resolves.toContain(user.email);
    });

    it('reaches the language switch with the keyboard', async () => {
      const page = await newPage();
      await page.goto(`${server.baseUrl}/?lang=nb`);
      await tabTo(page, `nav[aria-label="${nb.nav.language}"] a[hreflang="en"]`);
      await Promise.all([page.waitForURL(/lang=en/), page.keyboard.press('Enter')]);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expect(page.getByRole('navigation', { name: messages('en').nav.label }).innerText()).resolves.toContain(messages('en').nav.home);
    });

    it('moves focus to the error summary after a failed submit (JavaScript on)', async () => {
      const page = await newPage();
      await page.goto(`${server.baseUrl}/register?lang=nb`);
      await submitForm(page, 'form[action="/register"]');
      await page.waitForFunction(() => document.activeElement?.hasAttribute('data-error-summary'));
      await expect(page.locator(':focus').innerText()).resolves.toContain(nb.form.errorSummary);
    });
  });

  describe('without JavaScript', () => {
    let page: Page;
    const email = `uten.js.${Date.now()}@example.no`;
    const password = 'et langt og godt passord';

    beforeAll(async () => {
      page = await newPage({ javaScriptEnabled: false });
    });

    it('registers an account', async () => {
      await page.goto(`${server.baseUrl}/register?lang=nb`);
      await page.locator('#field-name').fill('Uten Skript');
      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill(password);
      await submitForm(page, 'form[action="/register"]');
      expect(new URL(page.url()).pathname).toBe('/profile');
      await expect(page.locator('main').innerText()).resolves.toContain(email);
    });

    it('signs out and in again', async () => {
      await submitForm(page, 'form[action="/signout"]');
      await expect(page.locator('main [role=status]').innerText()).resolves.toBe(nb.auth.signedOut);
      await page.goto(`${server.baseUrl}/signin`);
      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill(password);
      await submitForm(page, 'form[action="/signin"]');
      expect(new URL(page.url()).pathname).toBe('/');
      await expect(page.locator('.site-user').innerText()).resolves.toBe('Uten Skript');
    });

    it('shows an error summary linking to each field and keeps what was typed', async () => {
      await page.goto(`${server.baseUrl}/organisations/new`);
      await page.locator('#field-name').fill('Skriptløs Innovasjon AS');
      await page.locator('#field-kind').selectOption('business');
      await page.locator('#field-orgnr').fill('123456789');
      await page.locator('#field-website').fill('ikke en adresse');
      const response = await submitForm(page, 'form[action="/organisations/new"]').then(([r]) => r);
      expect(response?.status()).toBe(400);

      const summary = page.locator('.ds-error-summary');
      const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual(['#field-orgnr', '#field-website']);
      await expect(summary.innerText()).resolves.toContain(nb.form.orgnrCheckDigit);
      // Each field says what is wrong with it, tied to it for screen readers.
      await expect(page.locator('#field-orgnr').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.locator('#field-orgnr').getAttribute('aria-describedby')).resolves.toContain('field-orgnr-error');
      await expect(page.locator('#field-orgnr-error').innerText()).resolves.toBe(nb.form.orgnrCheckDigit);
      // Everything typed is still there.
      await expect(page.locator('#field-name').inputValue()).resolves.toBe('Skriptløs Innovasjon AS');
      await expect(page.locator('#field-kind').inputValue()).resolves.toBe('business');
      await expect(page.locator('#field-orgnr').inputValue()).resolves.toBe('123456789');
      await expect(page.locator('#field-website').inputValue()).resolves.toBe('ikke en adresse');
      // A summary link takes focus to its field, without script.
      await summary.locator('a[href="#field-orgnr"]').click();
      expect(await focused(page)).toBe('input#field-orgnr');
    });

    it('accepts the corrected form', async () => {
      await page.locator('#field-orgnr').fill('100000008');
      await page.locator('#field-website').fill('https://skriptlos.no');
      await submitForm(page, 'form[action="/organisations/new"]');
      expect(new URL(page.url()).pathname).toBe('/organisations/100000008');
      await expect(page.locator('main [role=status]').innerText()).resolves.toBe(nb.partner.created);
      await expect(page.locator('h1').innerText()).resolves.toBe('Skriptløs Innovasjon AS');
    });

    it('requests membership of an organisation', async () => {
      await page.goto(`${server.baseUrl}/organisations/958935420`);
      await submitForm(page, 'form[action="/organisations/958935420/join"]');
      expect(new URL(page.url()).pathname).toBe('/organisations/958935420');
      await expect(page.locator('main [role=status]').innerText()).resolves.toBe(nb.orgs.pending);
      await expect(page.locator('form[action$="/join"]').count()).resolves.toBe(0);
    });
  });

  it('breaks no Content Security Policy rule and throws no script error on any page', async () => {
    // The pages visited above, plus the rest, with JavaScript on so Designsystemet's elements run.
    const page = await newPage();
    for (const path of ['/', '/organisations?kind=municipality&county=46', '/organisations/991825827', '/about/data', '/signin', '/finnes-ikke']) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.waitForLoadState('load');
    }
    const all = { csp: logs.flatMap((l) => l.cspViolations), pageErrors: logs.flatMap((l) => l.pageErrors) };
    expect(all).toEqual({ csp: [], pageErrors: [] });
    // Console errors other than the expected 4xx resource messages would point at a broken page.
    const unexpected = logs.flatMap((l) => l.errors).filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
    expect(unexpected).toEqual([]);
  });
});
