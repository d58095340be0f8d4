import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMessages } from '../../src/cases/cases.messages.js';
import { messages } from '../../src/i18n/index.js';
import { createToken, createUser } from '../helpers/app.js';
import { ASKER, BAERUM, OSLO, createShowcaseCase } from '../helpers/cases.js';
import { describeBrowser, launchBrowser, signIn, watchConsole, type ConsoleLog } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const nb = messages('nb');
const cm = caseMessages('nb');

/** What has keyboard focus: a short description to compare and to print. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : '');
  });
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 30, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
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

    it('fills in and saves the new-case form with the keyboard alone; Enter in the title saves, Enter in the theme search searches', async () => {
      const member = await createUser(server.t, { name: 'Tastatur Bærum', org: BAERUM });
      const page = await newPage();
      await signIn(page, server.baseUrl, member.email, member.password);
      await page.goto(`${server.baseUrl}/cases/new?lang=nb`);
      // The form's first submit button, the one Enter presses, is «save»: out of sight and out of the tab order.
      const defaultButton = await page.locator('form.case-form').evaluate((f) => {
        const b = f.querySelector('button[type=submit]') as HTMLButtonElement;
        return { text: b.textContent, tabIndex: b.tabIndex, name: b.name, inForm: b.form === f };
      });
      expect(defaultButton).toEqual({ text: cm.saveDraft, tabIndex: -1, name: '', inForm: true });

      await tabTo(page, '#field-title');
      await page.keyboard.type('Tastaturvennlig innmelding');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('textarea#field-summary');
      await page.keyboard.type('Alt kan fylles ut uten mus.');
      await tabTo(page, 'input[name=types][value=service]', 5);
      await page.keyboard.press('Space');
      await tabTo(page, '#field-themes', 10);
      await page.keyboard.type('skolehelse');
      // Enter in the search field searches in place; it does not submit the form.
      await page.keyboard.press('Enter');
      const firstResult = page.locator('[data-theme-list] button').first();
      await firstResult.waitFor();
      expect(new URL(page.url()).pathname).toBe('/cases/new');
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.closest('[data-theme-list]') !== null)).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => firstResult.getAttribute('aria-disabled')).toBe('true');
      await expect(page.locator('input[name=themes]:checked').count()).resolves.toBe(1);

      // Back up to the title and press Enter there: the form is saved (not searched, not half-posted).
      await tabTo(page, '#field-title', 20, 'Shift+Tab');
      await Promise.all([page.waitForURL(/\/cases\/\d+$/), page.keyboard.press('Enter')]);
      await expect(page.locator('main [role=status]').innerText()).resolves.toBe(cm.created);
      await expect(page.locator('h1').innerText()).resolves.toBe('Tastaturvennlig innmelding');
    });

    it('reaches the adopters map’s marker links with Tab, and follows one with Enter', async () => {
      const [oslo, baerum, asker] = await Promise.all([
        createUser(server.t, { org: OSLO }),
        createUser(server.t, { org: BAERUM }),
        createUser(server.t, { org: ASKER }),
      ]);
      const tokens = { oslo: await createToken(server.t, oslo.id), baerum: await createToken(server.t, baerum.id), asker: await createToken(server.t, asker.id) };
      const { caseId } = await createShowcaseCase(server.t, tokens);
      const page = await newPage();
      await page.goto(`${server.baseUrl}/cases/${caseId}?lang=nb`);
      await tabTo(page, 'svg a.map-marker-link', 60);
      expect(await page.locator(':focus').getAttribute('aria-label')).toBe('Asker kommune');
      // The focus ring is drawn on the dot (map.css): it must be visible, not only present.
      expect(await page.locator(':focus circle.map-marker').evaluate((c) => getComputedStyle(c).strokeWidth)).not.toBe('1.5px');
      await Promise.all([page.waitForURL((u) => u.pathname === `/organisations/${ASKER}`), page.keyboard.press('Enter')]);
      await expect(page.locator('h1').innerText()).resolves.toBe('Asker kommune');
    });

    it('reaches a municipality on the dashboard map with Tab and shows its name and level; the skip link jumps to the table', async () => {
      const page = await newPage();
      await page.goto(`${server.baseUrl}/dashboard?lang=nb`);
      await tabTo(page, 'svg a.map-area', 60);
      const label = await page.locator(':focus').getAttribute('aria-label');
      expect(label).toMatch(/^Oslo[^:]*: (Ikke med ennå|Har medlemmer|Har publisert innovasjon|Har svart på barometeret|Har tatt i bruk eller spredt innovasjon)$/);
      // The label is shown beside the map for sighted keyboard users, and the focused area gets a dark border.
      await expect(page.locator('[data-map-label]').innerText()).resolves.toBe(label);
      expect(await page.locator(':focus path.map-muni').evaluate((p) => getComputedStyle(p).strokeWidth)).toBe('2.5px');
      await page.keyboard.press('Tab');
      expect(await page.locator(':focus').getAttribute('data-kommunenummer')).toMatch(/^\d{4}$/);
      // Back to the start: the skip link before the map moves focus to the table of municipalities.
      await page.goto(`${server.baseUrl}/dashboard?lang=nb`);
      await tabTo(page, 'a.dashboard-map__skip', 60);
      await page.keyboard.press('Enter');
      expect(await focused(page)).toBe('h3#kommuner');
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
    const password = 'et langt og godt passord';

    /** A browser profile with script off, signed in as a new user of its own: no test leans on another's. */
    async function signedInPage(name: string): Promise<Page> {
      const user = await createUser(server.t, { name, password });
      const page = await newPage({ javaScriptEnabled: false });
      await signIn(page, server.baseUrl, user.email, password);
      return page;
    }

    /** Fills in the new-organisation form with a bad organisation number and a bad address, and sends it. */
    async function submitWithErrors(page: Page) {
      await page.goto(`${server.baseUrl}/organisations/new`);
      await page.locator('#field-name').fill('Skriptløs Innovasjon AS');
      await page.locator('#field-kind').selectOption('business');
      await page.locator('#field-orgnr').fill('123456789');
      await page.locator('#field-website').fill('ikke en adresse');
      return submitForm(page, 'form[action="/organisations/new"]').then(([r]) => r);
    }

    it('registers an account, confirming the address by the link in the mail', async () => {
      const email = `uten.js.${Date.now()}@example.no`;
      const page = await newPage({ javaScriptEnabled: false });
      await page.goto(`${server.baseUrl}/register?lang=nb`);
      await page.locator('#field-name').fill('Uten Skript');
      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill(password);
      await submitForm(page, 'form[action="/register"]');
      await expect(page.locator('main').innerText()).resolves.toContain(`Vi har sendt en e-post til ${email}.`);
      const mail = await server.t.database.db.selectFrom('outbox').select('text_body').where('to_address', '=', email).executeTakeFirstOrThrow();
      const link = /\/register\/confirm\/[A-Za-z0-9_-]{43}/.exec(mail.text_body)![0];
      await page.goto(`${server.baseUrl}${link}`);
      await submitForm(page, `form[action="${link}"]`);
      expect(new URL(page.url()).pathname).toBe('/profile');
      await expect(page.locator('main').innerText()).resolves.toContain(email);
    });

    it('signs out and in again', async () => {
      const user = await createUser(server.t, { name: 'Uten Skript', password });
      const page = await newPage({ javaScriptEnabled: false });
      await signIn(page, server.baseUrl, user.email, password);
      await submitForm(page, 'form[action="/signout"]');
      await expect(page.locator('main [role=status]').innerText()).resolves.toBe(nb.auth.signedOut);
      await page.goto(`${server.baseUrl}/signin`);
      await page.locator('#field-email').fill(user.email);
      await page.locator('#field-password').fill(password);
      await submitForm(page, 'form[action="/signin"]');
      expect(new URL(page.url()).pathname).toBe('/');
      await expect(page.locator('.site-user').innerText()).resolves.toBe('Uten Skript');
    });

    it('shows an error summary linking to each field and keeps what was typed', async () => {
      const page = await signedInPage('Uten Skript Feil');
      const response = await submitWithErrors(page);
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
      const page = await signedInPage('Uten Skript Retting');
      expect((await submitWithErrors(page))?.status()).toBe(400);
      await page.locator('#field-orgnr').fill('100000008');
      await page.locator('#field-website').fill('https://skriptlos.no');
      await submitForm(page, 'form[action="/organisations/new"]');
      expect(new URL(page.url()).pathname).toBe('/organisations/100000008');
      await expect(page.locator('main [role=status]').innerText()).resolves.toBe(nb.partner.created);
      await expect(page.locator('h1').innerText()).resolves.toBe('Skriptløs Innovasjon AS');
    });

    it('saves the new-case form when Enter is pressed in the title field', async () => {
      const member = await createUser(server.t, { org: BAERUM });
      const own = await newPage({ javaScriptEnabled: false });
      await signIn(own, server.baseUrl, member.email, member.password);
      await own.goto(`${server.baseUrl}/cases/new`);
      await own.locator('#field-summary').fill('Lagret med Enter, uten skript.');
      await own.locator('input[name=types][value=process]').check();
      await own.locator('input[name=themes]').first().check();
      await own.locator('#field-title').fill('Enter lagrer skjemaet');
      await Promise.all([own.waitForURL(/\/cases\/\d+$/), own.locator('#field-title').press('Enter')]);
      await expect(own.locator('main [role=status]').innerText()).resolves.toBe(cm.created);
      await expect(own.locator('h1').innerText()).resolves.toBe('Enter lagrer skjemaet');
    });

    it('requests membership of an organisation', async () => {
      const page = await signedInPage('Uten Skript Medlem');
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
    for (const path of ['/', '/organisations?kind=municipality&county=46', '/organisations/991825827', '/about/data', '/signin', '/cases', '/trials', '/dashboard', '/finnes-ikke']) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.waitForLoadState('load');
    }
    // Not found says so in its heading, not only «something went wrong».
    await expect(page.locator('h1').innerText()).resolves.toBe(nb.errors.notFoundTitle);
    // The API docs: Swagger UI builds the page in script, under the site's own CSP.
    const docs = await page.goto(`${server.baseUrl}/api/docs`);
    expect(docs?.headers()['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
    await page.locator('.opblock-tag').first().waitFor();
    await expect(page.locator('.opblock').count()).resolves.toBeGreaterThan(5);
    const all = { csp: logs.flatMap((l) => l.cspViolations), pageErrors: logs.flatMap((l) => l.pageErrors) };
    expect(all).toEqual({ csp: [], pageErrors: [] });
    // Console errors other than the expected 4xx resource messages would point at a broken page.
    const unexpected = logs.flatMap((l) => l.errors).filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
    expect(unexpected).toEqual([]);
  });
});
