import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { challengeMessages } from '../../src/challenges/challenges.messages.js';
import { BAERUM, BERGEN, PARTNER_ORGNR, STAVANGER, THEME_HEALTH } from '../fixtures/challenges.js';
import { smtpMailer } from '../../src/notifications/mailer.js';
import { notificationMessages } from '../../src/notifications/notifications.messages.js';
import { fanOutPending, queueDigests, sendDue } from '../../src/notifications/notifications.service.js';
import { createUser } from '../helpers/app.js';
import { describeBrowser, launchBrowser, signIn, watchConsole, type ConsoleLog } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const cm = challengeMessages('nb');
const nm = notificationMessages('nb');

/** Clicks something that loads a new page; returns that page's response. */
async function navigate(page: Page, click: () => Promise<unknown>) {
  const [response] = await Promise.all([page.waitForNavigation(), click()]);
  return response;
}

/**
 * Issue 5's acceptance scenario, in Chromium, through the pages only: Bergen posts a challenge;
 * Stavanger answers «same need» and asks to join, and Bergen accepts (issue 14); a business sends a proposal that a third
 * municipality (Bærum) cannot see; Bergen moves the challenge to dialogue; a Stavanger colleague who
 * follows it gets an e-mail digest (received by a real SMTP server) whose links open the right page.
 */
describeBrowser('challenge collaboration, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let smtp: TestSmtpServer;
  const contexts: BrowserContext[] = [];
  const logs: ConsoleLog[] = [];
  type Person = { email: string; password: string };
  const people = {} as Record<'bergen' | 'stavanger' | 'follower' | 'partner' | 'baerum', Person>;

  async function pageFor(who: Person): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    logs.push(await watchConsole(context));
    const page = await context.newPage();
    await signIn(page, server.baseUrl, who.email, who.password);
    return page;
  }

  beforeAll(async () => {
    [server, browser, smtp] = await Promise.all([startTestServer(), launchBrowser(), startSmtpServer()]);
    people.bergen = await createUser(server.t, { name: 'Berit Bergen', org: BERGEN });
    people.stavanger = await createUser(server.t, { name: 'Stian Stavanger', org: STAVANGER });
    people.follower = await createUser(server.t, { name: 'Siri Stavanger', org: STAVANGER });
    people.baerum = await createUser(server.t, { name: 'Bård Bærum', org: BAERUM });
    // A business and its user: the organisation is registered through the API, as partners do.
    const owner = await createUser(server.t, { name: 'Pia Partner' });
    const { issueToken } = await import('../../src/auth/auth.service.js');
    const token = (await issueToken(server.t.database.db, owner.id, 'test')).token;
    const res = await fetch(`${server.baseUrl}/api/v1/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Fallvern AS', kind: 'business', orgnr: PARTNER_ORGNR }),
    });
    expect(res.status).toBe(201);
    people.partner = await createUser(server.t, { name: 'Per Partner', org: PARTNER_ORGNR });
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await smtp?.close();
    await server?.close();
  });

  it('runs from posting to the digest e-mail', async () => {
    // Bergen posts the challenge.
    const bergen = await pageFor(people.bergen);
    await bergen.goto(`${server.baseUrl}/challenges/new`);
    await bergen.locator('#field-title').fill('Færre fall blant hjemmeboende eldre');
    await bergen.locator('#field-description').fill('Fallulykker er den vanligste årsaken til at eldre må på sykehus. Vi vil finne tiltak som virker.');
    await bergen.locator('input[name="lookingFor"][value="peers"]').check();
    await bergen.locator(`input[name="themes"][value="${THEME_HEALTH}"]`).check();
    const created = await navigate(bergen, () => bergen.locator('form.case-form .form-actions button[type=submit]').click());
    expect(created?.status()).toBe(200);
    const challengeUrl = new URL(bergen.url());
    expect(challengeUrl.pathname).toMatch(/^\/challenges\/\d+$/);
    const path = challengeUrl.pathname;

    // A Stavanger colleague follows it.
    const follower = await pageFor(people.follower);
    await follower.goto(`${server.baseUrl}${path}`);
    await navigate(follower, () => follower.locator('form[action="/follow"] button').click());
    await expect(follower.locator('form[action="/unfollow"] button').textContent()).resolves.toBe(nm.unfollow);

    // Stavanger answers «same need» and asks to join as co-owner: a request, not yet an owner.
    const stavanger = await pageFor(people.stavanger);
    await stavanger.goto(`${server.baseUrl}${path}`);
    const sameNeed = stavanger.locator('form[aria-labelledby="respond-sameNeed"]');
    await sameNeed.locator('textarea[name="sameNeedBody"]').fill('Vi ser det samme i Stavanger.');
    await sameNeed.locator('input[name="sameNeedJoin"]').check();
    await navigate(stavanger, () => sameNeed.locator('button[type=submit]').click());
    expect(await stavanger.locator('[data-testid="owners"]').textContent()).not.toContain('Stavanger');
    expect(await stavanger.locator('[data-testid="request-status"]').textContent()).toContain(cm.requests.status.pending);

    // Bergen accepts the request on its page; now Stavanger co-owns the challenge.
    await bergen.goto(`${server.baseUrl}${path}`);
    const request = bergen.locator('[data-testid="requests"] li').filter({ hasText: 'Stavanger' });
    await navigate(bergen, () => request.locator('form[action$="/accept"] button').click());
    await stavanger.reload();
    const owners = await stavanger.locator('[data-testid="owners"]').textContent();
    expect(owners).toContain('Bergen');
    expect(owners).toContain('Stavanger');

    // The business sends a proposal (not public).
    const partner = await pageFor(people.partner);
    await partner.goto(`${server.baseUrl}${path}`);
    const proposal = partner.locator('form[aria-labelledby="respond-proposal"]');
    await proposal.locator('textarea[name="proposalBody"]').fill('Sensorer i gulvet som varsler hjemmetjenesten ved fall.');
    await navigate(partner, () => proposal.locator('button[type=submit]').click());
    await expect(partner.locator('body').textContent()).resolves.toContain('Sensorer i gulvet');

    // Bærum, a third municipality, does not see it; the owners do.
    const baerum = await pageFor(people.baerum);
    await baerum.goto(`${server.baseUrl}${path}`);
    expect(await baerum.locator('body').textContent()).not.toContain('Sensorer i gulvet');
    await stavanger.reload();
    expect(await stavanger.locator('body').textContent()).toContain('Sensorer i gulvet');

    // Bergen moves it to dialogue.
    await bergen.goto(`${server.baseUrl}${path}`);
    await bergen.locator('form[action$="/state"] select[name="state"]').selectOption('dialogue');
    await bergen.locator('form[action$="/state"] textarea[name="reason"]').fill('Vi har startet dialog med Stavanger og leverandører.');
    await navigate(bergen, () => bergen.locator('form[action$="/state"] button[type=submit]').click());
    expect(await bergen.locator('.case-meta').first().textContent()).toContain(cm.states.dialogue);

    // The background jobs, as the running server does them: fan out, queue the digest, send it.
    const db = server.t.database.db;
    await fanOutPending(db);
    await queueDigests(db, { baseUrl: server.baseUrl }, { force: true });
    const mailer = smtpMailer(smtp.url, 'Nytenk <ikke-svar@nytenk.test>');
    try {
      await sendDue(db, mailer);
    } finally {
      mailer.close();
    }
    const mails = await smtp.waitFor(1);
    const digest = mails.find((m) => m.to === people.follower.email);
    expect(digest, `mail to ${mails.map((m) => m.to).join(', ')}`).toBeTruthy();
    expect(digest!.text).toContain('Færre fall blant hjemmeboende eldre');
    expect(digest!.text).toContain(nm.events['challenge.state']!);
    // The follower is not told of the private proposal.
    expect(digest!.text).not.toContain('Sensorer');
    expect(digest!.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // Its links open the right pages.
    const links = [...digest!.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
    const challengeLink = links.find((l) => new URL(l).pathname === path);
    expect(challengeLink, links.join('\n')).toBeTruthy();
    const opened = await follower.goto(challengeLink!);
    expect(opened?.status()).toBe(200);
    expect(await follower.locator('h1').textContent()).toBe('Færre fall blant hjemmeboende eldre');
    expect(await follower.locator('.case-meta').first().textContent()).toContain(cm.states.dialogue);
    const listLink = links.find((l) => new URL(l).pathname === '/notifications');
    await follower.goto(listLink!);
    expect(await follower.locator('[data-testid="notifications"]').textContent()).toContain('Færre fall blant hjemmeboende eldre');

    for (const log of logs) {
      expect(log.pageErrors).toEqual([]);
      expect(log.cspViolations).toEqual([]);
    }
  }, 120_000);
});
