import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caseMessages } from '../../src/cases/cases.messages.js';
import { messages } from '../../src/i18n/index.js';
import { createUser } from '../helpers/app.js';
import { consoleSince, describeBrowser, launchBrowser, signIn, watchConsole, type ConsoleLog } from '../helpers/browser.js';
import { ASKER, BAERUM } from '../helpers/cases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const nb = messages('nb');
const cm = caseMessages('nb');

/** The acceptance test: register, correct, publish, find, adopt, see the adopter on the map. */

/** Clicks something that loads a new page and returns that page's response. */
async function navigate(page: Page, click: () => Promise<void>) {
  const [response] = await Promise.all([page.waitForNavigation(), click()]);
  return response;
}

/** Saves the case form with its visible button (the form's first submit button is a hidden default for Enter). */
const save = (page: Page) => navigate(page, () => page.locator('form.case-form .form-actions button[type=submit]').click());

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Every value a reader typed or chose in the case form, to compare before and after a round trip. */
const formValues = (page: Page) =>
  page.locator('form.case-form').evaluate((form: HTMLFormElement) => {
    const data = new FormData(form);
    for (const skip of ['_csrf', 'themeSearch', 'action']) data.delete(skip);
    return [...data.entries()].map(([k, v]) => `${k}=${String(v)}`).sort();
  });

describeBrowser('case bank, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const logs: ConsoleLog[] = [];
  let baerum: { email: string; password: string };
  let asker: { email: string; password: string };

  async function newPage(javaScriptEnabled: boolean, who?: { email: string; password: string }): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
    contexts.push(context);
    logs.push(await watchConsole(context));
    const page = await context.newPage();
    if (who) await signIn(page, server.baseUrl, who.email, who.password);
    return page;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    [baerum, asker] = await Promise.all([
      createUser(server.t, { name: 'Berit Bærum', org: BAERUM }),
      createUser(server.t, { name: 'Aslak Asker', org: ASKER }),
    ]);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  // Each step breaks no Content Security Policy rule and throws no script error on the pages it drove.
  const consoleOfThisTest = consoleSince(logs);
  afterEach(() => {
    const fresh = consoleOfThisTest();
    expect({ csp: fresh.cspViolations, pageErrors: fresh.pageErrors }).toEqual({ csp: [], pageErrors: [] });
    // 400 answers to the form with mistakes are expected; any other console error is not.
    expect(fresh.errors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e))).toEqual([]);
  });

  describe.each([
    { mode: 'JavaScript on', js: true },
    { mode: 'JavaScript off', js: false },
  ])('with $mode', ({ js }) => {
    const title = js ? 'Nattlys som varsler fall (med skript)' : 'Nattlys som varsler fall (uten skript)';
    let owner: Page;
    let anonymous: Page;
    let adopter: Page;
    let caseUrl = '';
    let chosenTheme = '';
    let typed: string[] = [];

    beforeAll(async () => {
      [owner, anonymous, adopter] = await Promise.all([newPage(js, baerum), newPage(js), newPage(js, asker)]);
    });

    it('a member of Bærum kommune fills in the new-case form with two mistakes and sees them summarised, with everything kept', async () => {
      await owner.goto(`${server.baseUrl}/cases`);
      await navigate(owner, () => owner.getByRole('link', { name: cm.newCase }).click());
      expect(new URL(owner.url()).pathname).toBe('/cases/new');

      // Mistake 1: no title. Mistake 2: an e-mail address without its domain.
      await owner.locator('#field-summary').fill('Et nattlys med bevegelsessensor varsler nattevakten når en beboer står opp og ikke legger seg igjen.');
      await owner.locator('#field-problem').fill('Fall om natten ble oppdaget for sent.');
      await owner.locator('input[name=types][value=service]').check();
      await owner.locator('input[name=types][value=process]').check();
      await owner.locator('#field-stage').selectOption('implement');
      await owner.locator('#field-status').selectOption('in_use');
      await owner.locator('#field-partners-0-name').fill('Lysfabrikken AS');
      await owner.locator('#field-partners-0-actorType').selectOption('business');
      await owner.locator('input[name=evaluated][value=yes]').check();
      await owner.locator('#field-lessons').fill('Begynn med ett bofellesskap.');
      await owner.locator('#field-contactEmail').fill('berit.baerum@');

      if (js) {
        // Search as you type: results appear under the field; a click ticks the theme.
        await owner.locator('#field-themes').pressSequentially('skolehelse', { delay: 20 });
        const result = owner.locator('[data-theme-list] button').first();
        await result.waitFor();
        await result.click();
        // The result is marked as chosen, and the choice is announced.
        await expect.poll(() => result.getAttribute('aria-disabled')).toBe('true');
        await expect.poll(() => owner.locator('[data-theme-status]').innerText()).toMatch(/\S/);
      } else {
        // Without script «Søk i temaer» posts the whole form and the page comes back with results.
        const before = await formValues(owner);
        await owner.locator('#field-themes').fill('skolehelse');
        const searched = await navigate(owner, () => owner.getByRole('button', { name: nb.themes.searchButton }).click());
        expect(searched?.status()).toBe(200);
        expect(await formValues(owner)).toEqual(before);
        await owner.locator('[data-theme-list] input[type=checkbox]').first().check();
      }
      const checked = await owner.locator('input[name=themes]:checked').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
      expect(checked).toHaveLength(1);
      chosenTheme = checked[0]!;
      typed = await formValues(owner);

      const response = await save(owner);
      expect(response?.status()).toBe(400);
      const summary = owner.locator('.ds-error-summary');
      const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(links).toEqual(['#field-title', '#field-contactEmail']);
      // Each link points at a field that exists, marked invalid and tied to its message.
      for (const href of links) {
        const field = owner.locator(href);
        await expect(field.count()).resolves.toBe(1);
        await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
        await expect(field.getAttribute('aria-describedby')).resolves.toContain(`${href.slice(1)}-error`);
      }
      await expect(summary.innerText()).resolves.toContain(`${cm.f.title}:`);
      // Everything typed and chosen is still there, the chosen theme included.
      expect(await formValues(owner)).toEqual(typed);
      expect(typed).toContain(`themes=${chosenTheme}`);
      await expect(owner.locator('#field-contactEmail').inputValue()).resolves.toBe('berit.baerum@');
    });

    it('following a link in the error summary moves focus to its field', async () => {
      if (js) {
        // app.js focuses the summary when the page loads, so a screen reader starts there.
        expect(await owner.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
      }
      await owner.locator('.ds-error-summary a[href="#field-contactEmail"]').click();
      expect(await focusedId(owner)).toBe('field-contactEmail');
      await owner.locator('.ds-error-summary a[href="#field-title"]').click();
      expect(await focusedId(owner)).toBe('field-title');
    });

    it('fixes the mistakes, saves a draft and publishes it', async () => {
      await owner.locator('#field-title').fill(title);
      await owner.locator('#field-contactEmail').fill('berit.baerum@example.no');
      const response = await save(owner);
      expect(response?.status()).toBe(200);
      caseUrl = owner.url();
      expect(new URL(caseUrl).pathname).toMatch(/^\/cases\/\d+$/);
      await expect(owner.locator('main [role=status]').innerText()).resolves.toBe(cm.created);
      await expect(owner.locator('h1').innerText()).resolves.toBe(title);

      await navigate(owner, () => owner.getByRole('button', { name: cm.publish, exact: true }).click());
      expect(owner.url()).toBe(caseUrl);
      await expect(owner.locator('main [role=status]').innerText()).resolves.toBe(cm.publishedNotice);
      await expect(owner.getByRole('button', { name: cm.publish, exact: true }).count()).resolves.toBe(0);
    });

    it('an anonymous visitor finds it on /cases and reads it', async () => {
      await anonymous.goto(`${server.baseUrl}/cases`);
      await navigate(anonymous, () => anonymous.getByRole('link', { name: title, exact: true }).click());
      expect(anonymous.url()).toBe(caseUrl);
      await expect(anonymous.locator('h1').innerText()).resolves.toBe(title);
      const main = await anonymous.locator('main').innerText();
      expect(main).toContain('Et nattlys med bevegelsessensor');
      expect(main).toContain('Fall om natten ble oppdaget for sent.');
      expect(main).toContain('Lysfabrikken AS');
      expect(main).toContain('Begynn med ett bofellesskap.');
      // Contact details are for signed-in public-sector users only.
      expect(main).not.toContain('berit.baerum@example.no');
      expect(main).toContain(cm.contactHidden);
    });

    it('a member of Asker kommune records that Asker has taken it into use', async () => {
      await adopter.goto(caseUrl);
      await navigate(adopter, () => adopter.getByRole('link', { name: cm.adopt }).click());
      expect(new URL(adopter.url()).pathname).toBe(`${new URL(caseUrl).pathname}/adopt`);
      await expect(adopter.locator('main').innerText()).resolves.toContain('Asker kommune');
      await adopter.locator('#field-adoptedOn').fill('2026-11-02');
      await adopter.locator('#field-changes').fill('Koblet til vårt eget varslingsanlegg');
      await navigate(adopter, () => adopter.getByRole('button', { name: cm.adoptSubmit, exact: true }).click());
      expect(adopter.url()).toBe(caseUrl);
      await expect(adopter.locator('main [role=status]').innerText()).resolves.toBe(cm.adopted);
    });

    it('the case shows one adopter, and Asker in the list and on the map', async () => {
      await anonymous.goto(caseUrl);
      await expect(anonymous.locator('#s-adoptions').innerText()).resolves.toBe(`${cm.sections.adoptions} (1)`);
      await expect(anonymous.locator('[data-testid=adopters] > li').count()).resolves.toBe(1);
      await expect(anonymous.locator('[data-testid=adopters]').innerText()).resolves.toContain('Asker kommune');
      const markers = anonymous.locator('svg circle.map-marker');
      await expect(markers.count()).resolves.toBe(1);
      await expect(markers.locator('title').textContent()).resolves.toBe('Asker kommune');
      await expect(anonymous.locator(`svg a.map-marker-link[href="/organisations/${ASKER}"]`).count()).resolves.toBe(1);
    });
  });
});
