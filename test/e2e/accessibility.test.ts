import fs from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LANGS, messages, type Lang } from '../../src/i18n/index.js';
import { createToken, createUser } from '../helpers/app.js';
import { ASKER, BAERUM, OSLO, createCaseViaApi, createShowcaseCase } from '../helpers/cases.js';
import { consoleSince, describeBrowser, launchBrowser, signIn, watchConsole, type ConsoleLog } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createChallengeViaApi, decideViaApi, respondViaApi } from '../fixtures/challenges.js';
import { commentActionViaApi, commentViaApi, createThread } from '../fixtures/comments.js';
import { fanOutPending, queueDigests } from '../../src/notifications/notifications.service.js';
import { openRoundViaApi, tokenFromText } from '../fixtures/barometer.js';
import { seedStatisticsAnswers } from '../fixtures/barometer-stats.js';

// WCAG 2.1 A and AA, the level Norwegian public bodies must meet (forskrift om universell utforming av IKT).
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type Who = 'anonymous' | 'user' | 'member' | 'admin' | 'baerum' | 'asker' | 'platform';
const VISITORS: Who[] = ['anonymous', 'user', 'member', 'admin', 'baerum', 'asker', 'platform'];

interface Scenario {
  name: string;
  who: Who;
  /** Brings the page into the state to check; `q` is `?lang=xx` for the language under test. */
  open: (page: Page, base: string, q: string) => Promise<unknown>;
}

const submit = (page: Page, form: string) =>
  Promise.all([page.waitForNavigation(), page.locator(`${form} button[type=submit]`).first().click()]);

/** The cases made in beforeAll (createShowcaseCase, plus a draft of Bærum's). */
const cases = { sourceId: '', caseId: '', askerCaseId: '', draftId: '' };
/** A challenge of Bærum's co-owned by Oslo, in dialogue, with Asker's «we solved this» (made in beforeAll). */
const challenge = { id: '' };
/** Comments on the showcase case: an answered question, a hidden comment, an open question, a reported one (made in beforeAll). */
const thread = { questionId: '', answerId: '', hiddenId: '', openQuestionId: '', flaggedId: '' };
/** The member's one-click unsubscribe token (read in beforeAll). */
const mail = { token: '' };
/** A barometer round with Oslo's invited workplaces: a link token for the questionnaire pages (made in beforeAll). */
const barometer = { roundId: '', token: '' };

/** Submits a case form with its visible «save» button (the last one; the first is the hidden default). */
const saveCaseForm = (page: Page) =>
  Promise.all([page.waitForNavigation(), page.locator('form.case-form .form-actions button[type=submit]').click()]);

const SCENARIOS: Scenario[] = [
  { name: 'front page', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/${q}`) },
  { name: 'organisations', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/organisations${q}`) },
  { name: 'organisations filtered', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/organisations${q}&kind=municipality&county=46`) },
  { name: 'organisations without results', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/organisations${q}&q=zzzz`) },
  { name: 'Oslo kommune', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/organisations/958935420${q}`) },
  { name: 'Digitaliseringsdirektoratet', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/organisations/991825827${q}`) },
  { name: 'sign-in', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/signin${q}`) },
  {
    name: 'sign-in failed',
    who: 'anonymous',
    open: async (p, b, q) => {
      await p.goto(`${b}/signin${q}`);
      await p.locator('#field-email').fill('nobody@example.no');
      await p.locator('#field-password').fill('wrong password, surely');
      await submit(p, 'form[action="/signin"]');
    },
  },
  { name: 'register', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/register${q}`) },
  {
    name: 'register with errors',
    who: 'anonymous',
    open: async (p, b, q) => {
      await p.goto(`${b}/register${q}`);
      await submit(p, 'form[action="/register"]');
      await expect(p.locator('.ds-error-summary').count()).resolves.toBe(1);
    },
  },
  { name: 'data sources', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/about/data${q}`) },
  { name: 'open data', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/open-data${q}`) },
  { name: 'not found', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/finnes-ikke${q}`) },
  { name: 'profile', who: 'user', open: (p, b, q) => p.goto(`${b}/profile${q}`) },
  {
    name: 'profile with a new API token',
    who: 'user',
    open: async (p, b, q) => {
      await p.goto(`${b}/profile${q}`);
      await p.locator('form[action="/profile/tokens"] #field-name').fill('CI');
      await submit(p, 'form[action="/profile/tokens"]');
      await expect(p.locator('[data-testid=new-token]').count()).resolves.toBe(1);
    },
  },
  { name: 'new partner organisation', who: 'user', open: (p, b, q) => p.goto(`${b}/organisations/new${q}`) },
  {
    name: 'new partner organisation with errors',
    who: 'user',
    open: async (p, b, q) => {
      await p.goto(`${b}/organisations/new${q}`);
      await submit(p, 'form[action="/organisations/new"]');
      await expect(p.locator('.ds-error-summary').count()).resolves.toBe(1);
    },
  },
  {
    name: 'organisation, membership pending',
    who: 'member',
    open: async (p, b, q) => {
      await p.goto(`${b}/organisations/958935420${q}`);
      await expect(p.locator('main .ds-alert[data-color=info]').count()).resolves.toBe(1);
    },
  },
  {
    name: 'members, as org admin',
    who: 'admin',
    open: async (p, b, q) => {
      await p.goto(`${b}/organisations/958935420/members${q}`);
      await expect(p.locator('input[name=action][value=approve]').count()).resolves.toBe(1);
    },
  },
  { name: 'case bank', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/cases${q}`) },
  { name: 'my cases', who: 'baerum', open: (p, b, q) => p.goto(`${b}/cases/mine${q}`) },
  { name: 'new case', who: 'baerum', open: (p, b, q) => p.goto(`${b}/cases/new${q}`) },
  {
    name: 'new case with errors',
    who: 'baerum',
    open: async (p, b, q) => {
      await p.goto(`${b}/cases/new${q}`);
      await p.locator('#field-partners-0-name').fill('Uten aktørtype AS');
      await p.locator('#field-benefits-0-value').fill('mye');
      await saveCaseForm(p);
      await expect(p.locator('.ds-error-summary li').count()).resolves.toBeGreaterThan(4);
    },
  },
  {
    name: 'new case after a theme search',
    who: 'baerum',
    open: async (p, b, q) => {
      await p.goto(`${b}/cases/new${q}`);
      await p.locator('#field-themes').fill('skole');
      // The no-JavaScript path: post the form with the search button as submitter (a click would
      // be taken over by theme-picker.js and search in place).
      await Promise.all([
        p.waitForNavigation(),
        p.locator('form.case-form').evaluate((f: HTMLFormElement) => f.requestSubmit(f.querySelector<HTMLButtonElement>('[data-theme-search-button]'))),
      ]);
      await expect(p.locator('[data-theme-list] input[type=checkbox]').count()).resolves.toBeGreaterThan(1);
    },
  },
  { name: 'case page', who: 'baerum', open: (p, b, q) => p.goto(`${b}/cases/${cases.caseId}${q}`) },
  {
    name: 'case page, anonymous',
    who: 'anonymous',
    open: async (p, b, q) => {
      await p.goto(`${b}/cases/${cases.caseId}${q}`);
      await expect(p.locator('circle.map-marker').count()).resolves.toBe(1);
    },
  },
  { name: 'draft case page', who: 'baerum', open: (p, b, q) => p.goto(`${b}/cases/${cases.draftId}${q}`) },
  { name: 'edit case', who: 'baerum', open: (p, b, q) => p.goto(`${b}/cases/${cases.caseId}/edit${q}`) },
  { name: 'case history', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/cases/${cases.caseId}/history${q}`) },
  { name: 'adopt a case', who: 'asker', open: (p, b, q) => p.goto(`${b}/cases/${cases.sourceId}/adopt${q}`) },
  {
    name: 'adopt a case with errors',
    who: 'asker',
    open: async (p, b, q) => {
      await p.goto(`${b}/cases/${cases.sourceId}/adopt${q}`);
      await p.locator('#field-adoptedOn').fill('i fjor');
      await submit(p, 'form[action$="/adopt"]');
      await expect(p.locator('.ds-error-summary').count()).resolves.toBe(1);
    },
  },
  { name: 'new trial', who: 'baerum', open: (p, b, q) => p.goto(`${b}/cases/${cases.caseId}/trials/new${q}`) },
  {
    name: 'new trial with errors',
    who: 'baerum',
    open: async (p, b, q) => {
      await p.goto(`${b}/cases/${cases.caseId}/trials/new${q}`);
      await p.locator('#field-startedOn').fill('snart');
      await submit(p, 'form[action$="/trials/new"]');
      await expect(p.locator('.ds-error-summary').count()).resolves.toBe(1);
    },
  },
  { name: 'trials', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/trials${q}`) },
  { name: 'trials confirmed', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/trials${q}&result=confirmed`) },
  { name: 'search', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/search${q}`) },
  { name: 'search with a query and filters', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/search${q}&q=${encodeURIComponent('digitalt tilsyn')}&type=service&language=nb`) },
  { name: 'search without results', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/search${q}&q=zzzzqqq`) },
  { name: 'challenges', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/challenges${q}`) },
  { name: 'challenges in dialogue', who: 'baerum', open: (p, b, q) => p.goto(`${b}/challenges${q}&state=dialogue`) },
  { name: 'new challenge', who: 'baerum', open: (p, b, q) => p.goto(`${b}/challenges/new${q}`) },
  {
    name: 'new challenge with errors',
    who: 'baerum',
    open: async (p, b, q) => {
      await p.goto(`${b}/challenges/new${q}`);
      await p.locator('#field-deadline').fill('snart');
      await Promise.all([p.waitForNavigation(), p.locator('form.case-form .form-actions button[type=submit]').click()]);
      await expect(p.locator('.ds-error-summary li').count()).resolves.toBeGreaterThan(3);
    },
  },
  { name: 'challenge page, owner', who: 'baerum', open: (p, b, q) => p.goto(`${b}/challenges/${challenge.id}${q}`) },
  { name: 'challenge page, anonymous', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/challenges/${challenge.id}${q}`) },
  {
    name: 'challenge page, another body responding',
    who: 'asker',
    open: async (p, b, q) => {
      await p.goto(`${b}/challenges/${challenge.id}${q}`);
      await expect(p.locator('form[action$="/responses"]').count()).resolves.toBe(3);
    },
  },
  {
    name: 'challenge page with errors',
    who: 'asker',
    open: async (p, b, q) => {
      await p.goto(`${b}/challenges/${challenge.id}${q}`);
      await submit(p, 'form[aria-labelledby="respond-proposal"]');
      await expect(p.locator('.ds-error-summary').count()).resolves.toBe(1);
    },
  },
  {
    name: 'challenge state change with errors',
    who: 'baerum',
    open: async (p, b, q) => {
      await p.goto(`${b}/challenges/${challenge.id}${q}`);
      await p.locator('#field-state').selectOption('closed');
      await submit(p, `form[action$="/state"]`);
      await expect(p.locator('.ds-error-summary li').count()).resolves.toBe(2);
    },
  },
  { name: 'edit challenge', who: 'baerum', open: (p, b, q) => p.goto(`${b}/challenges/${challenge.id}/edit${q}`) },
  {
    name: 'case page with comments, every form open (owner)',
    who: 'baerum',
    open: async (p, b, q) => {
      await p.goto(`${b}/cases/${cases.caseId}${q}`);
      await expect(p.locator('[data-testid=the-answer]').count()).resolves.toBe(1);
      await expect(p.locator('[data-testid=hidden]').count()).resolves.toBe(1);
      await p.locator('#comments details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    },
  },
  { name: 'case page with comments, author of the hidden one', who: 'asker', open: (p, b, q) => p.goto(`${b}/cases/${cases.caseId}${q}#comments`) },
  {
    name: 'comments with errors',
    who: 'asker',
    open: async (p, b, q) => {
      await p.goto(`${b}/cases/${cases.caseId}/comments${q}`);
      await submit(p, 'form[aria-labelledby="comment-form-heading"]');
      await expect(p.locator('.ds-error-summary').count()).resolves.toBe(1);
    },
  },
  { name: 'report a comment', who: 'asker', open: (p, b, q) => p.goto(`${b}/comments/${thread.answerId}/flag${q}`) },
  { name: 'comment moderation', who: 'admin', open: (p, b, q) => p.goto(`${b}/moderation/comments${q}`) },
  {
    name: 'partners filtered',
    who: 'anonymous',
    open: async (p, b, q) => {
      await p.goto(`${b}/partners${q}&kind=municipality&theme=${encodeURIComponent('https://psi.norge.no/los/tema/helse-og-omsorg')}&looking=true`);
      await expect(p.locator('[data-testid=partners] li').count()).resolves.toBeGreaterThan(0);
    },
  },
  { name: 'partners without results', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/partners${q}&q=zzzz&looking=true`) },
  { name: 'follow-up dashboard', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/dashboard${q}`) },
  { name: 'follow-up dashboard filtered, sorted by level', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/dashboard${q}&from=2021&to=2021&county=03&kind=municipality&sort=level`) },
  { name: 'barometer rounds, analyst', who: 'platform', open: (p, b, q) => p.goto(`${b}/barometer/rounds${q}`) },
  {
    name: 'barometer round with errors',
    who: 'platform',
    open: async (p, b, q) => {
      await p.goto(`${b}/barometer/rounds${q}`);
      await p.locator('#field-closesOn').fill('snart');
      await submit(p, 'form[action="/barometer/rounds"]');
    },
  },
  { name: 'barometer invitations, org admin', who: 'admin', open: (p, b, q) => p.goto(`${b}/barometer/rounds/${barometer.roundId}/invitations/958935420${q}`) },
  {
    name: 'barometer invitations with line errors',
    who: 'admin',
    open: async (p, b, q) => {
      await p.goto(`${b}/barometer/rounds/${barometer.roundId}/invitations/958935420${q}`);
      await p.locator('#field-workplaces').fill('Tøyen skole; kommunal; 10-49; leder@tøyen\nGrünerløkka; ; stor; leder@oslo.kommune.no');
      await submit(p, 'form[action$="/invitations/958935420"]');
    },
  },
  { name: 'barometer response rates', who: 'platform', open: (p, b, q) => p.goto(`${b}/barometer/rounds/${barometer.roundId}/response-rates${q}`) },
  { name: 'barometer questionnaire', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/barometer/answer/${barometer.token}/innovation${q}`) },
  {
    name: 'barometer questionnaire with errors',
    who: 'anonymous',
    open: async (p, b, q) => {
      await p.goto(`${b}/barometer/answer/${barometer.token}/innovation${q}`);
      await p.locator('#field-innovated').check();
      await submit(p, 'form[action$="/innovation"]');
    },
  },
  { name: 'barometer latest innovation', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/barometer/answer/${barometer.token}/latest${q}`) },
  { name: 'barometer drivers', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/barometer/answer/${barometer.token}/drivers${q}`) },
  { name: 'barometer review', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/barometer/answer/${barometer.token}/review${q}`) },
  { name: 'barometer statistics', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/barometer/rounds/${barometer.roundId}/statistics${q}`) },
  { name: 'barometer statistics by county, filtered', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/barometer/rounds/${barometer.roundId}/statistics${q}&kind=state_agency&by=county`) },
  { name: 'barometer statistics, too many choices', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/barometer/rounds/${barometer.roundId}/statistics${q}&county=03&kind=municipality&by=size`) },
  { name: 'barometer peer comparison', who: 'admin', open: (p, b, q) => p.goto(`${b}/barometer/rounds/${barometer.roundId}/organisations/958935420${q}`) },
  {
    name: 'notifications',
    who: 'admin',
    open: async (p, b, q) => {
      await p.goto(`${b}/notifications${q}`);
      await expect(p.locator('[data-testid=notifications] li').count()).resolves.toBeGreaterThan(0);
    },
  },
  { name: 'notifications, unread only', who: 'admin', open: (p, b, q) => p.goto(`${b}/notifications${q}&unread=true`) },
  { name: 'notifications, none', who: 'member', open: (p, b, q) => p.goto(`${b}/notifications${q}`) },
  {
    name: 'notification settings with follows',
    who: 'user',
    open: async (p, b, q) => {
      await p.goto(`${b}/notifications/settings${q}`);
      await expect(p.locator('.follow-list li').count()).resolves.toBeGreaterThan(1);
    },
  },
  {
    name: 'search, following it and its theme',
    who: 'user',
    open: async (p, b, q) => {
      await p.goto(`${b}/search${q}&q=skole&theme=${encodeURIComponent('https://psi.norge.no/los/tema/skole-og-utdanning')}`);
      await expect(p.locator('form[action="/unfollow"]').count()).resolves.toBe(1);
      await expect(p.locator('form[action="/follow"]').count()).resolves.toBe(1);
    },
  },
  { name: 'organisation page, signed in (follow)', who: 'user', open: (p, b, q) => p.goto(`${b}/organisations/958935420${q}`) },
  { name: 'one-click unsubscribe', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/unsubscribe/${mail.token}${q}`) },
  { name: 'unsubscribe, unknown link', who: 'anonymous', open: (p, b, q) => p.goto(`${b}/unsubscribe/00000000000000000000000000000000${q}`) },
  { name: 'audit log', who: 'platform', open: (p, b, q) => p.goto(`${b}/admin/audit${q}`) },
  { name: 'audit log filtered', who: 'platform', open: (p, b, q) => p.goto(`${b}/admin/audit${q}&action=case.&entity=case`) },
  {
    name: 'outbox',
    who: 'platform',
    open: async (p, b, q) => {
      await p.goto(`${b}/admin/outbox${q}`);
      await expect(p.locator('table tbody tr').count()).resolves.toBeGreaterThan(0);
    },
  },
  {
    name: 'case solving a challenge, looking for partners',
    who: 'anonymous',
    open: async (p, b, q) => {
      await p.goto(`${b}/cases/${cases.askerCaseId}${q}`);
      await expect(p.locator('[data-testid=solves-challenges] a').count()).resolves.toBe(1);
      await expect(p.locator('[data-testid=looking-for-partners]').count()).resolves.toBe(1);
    },
  },
];

const DESKTOP = { width: 1280, height: 900 };

/** Runs in the page: when the page scrolls sideways, the innermost elements that stick out. */
function tooWideElements(): string[] {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const out: string[] = [];
  const describe = (el: Element) =>
    el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
  const walk = (el: Element) => {
    // What a scrolling or clipping box holds cannot widen the page.
    if (getComputedStyle(el).overflowX !== 'visible') return;
    const sticking = [...el.children].filter((c) => c.getBoundingClientRect().right > width + 1);
    if (sticking.length === 0 && el.getBoundingClientRect().right > width + 1) out.push(`${describe(el)} (${Math.round(el.getBoundingClientRect().right)} px)`);
    // Text that does not wrap (a long word) overflows its box without widening the box.
    else if (sticking.length === 0 && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) out.push(`${describe(el)} (text ${el.scrollWidth} px in ${el.clientWidth} px)`);
    for (const c of el.children) walk(c);
  };
  for (const c of document.body.children) walk(c);
  return out.length ? out.slice(0, 10) : [`document (${document.documentElement.scrollWidth} px)`];
}

/** One line per violation and node: rule, what to fix, where. */
function describeViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n');
      return `  [${v.impact ?? '?'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

describeBrowser('accessibility (WCAG 2.1 AA, axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  // One browser context per kind of visitor, kept for the whole file: a fresh context per page costs
  // a new renderer and cold caches (~0.5 s against ~0.06 s for a page load).
  const pages = {} as Record<Who, Page>;
  const logs: ConsoleLog[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const { t, baseUrl } = server;
    const [user, member, admin, baerum, asker, platform] = await Promise.all([
      createUser(t, { name: 'Kari Nordmann' }),
      createUser(t, { name: 'Ola Nordmann' }),
      createUser(t, { name: 'Åse Admin', org: OSLO, role: 'org_admin' }),
      createUser(t, { name: 'Berit Bærum', org: BAERUM }),
      createUser(t, { name: 'Aslak Asker', org: ASKER }),
      createUser(t, { name: 'Petra Plattform', platformRole: 'admin' }),
    ]);
    const accounts = { user, member, admin, baerum, asker, platform };
    // A case whose page has every section (lineage both ways, benefits, a trial, Asker on the map),
    // and a draft of Bærum's.
    const tokens = { oslo: await createToken(t, admin.id), baerum: await createToken(t, baerum.id), asker: await createToken(t, asker.id) };
    Object.assign(cases, await createShowcaseCase(t, tokens));
    cases.draftId = await createCaseViaApi(t, tokens.baerum, { title: 'Utkast: kveldsåpent bibliotek' }, false);
    challenge.id = await createChallengeViaApi(t.app, tokens.baerum, { title: 'Færre fall blant hjemmeboende eldre', contactName: 'Berit Bærum', contactEmail: 'berit@baerum.kommune.no' });
    // Oslo's org admin follows the challenge before the answers come; Kari follows a case, a theme and a search.
    const follow = (token: string, kind: string, key: string) => t.app.inject({ method: 'POST', url: '/api/v1/following', headers: { authorization: `Bearer ${token}` }, payload: { kind, key } });
    await follow(tokens.oslo, 'challenge', challenge.id);
    const kari = await createToken(t, user.id);
    await follow(kari, 'case', cases.caseId);
    await follow(kari, 'theme', 'https://psi.norge.no/los/tema/skole-og-utdanning');
    await follow(kari, 'search', 'q=skole');
    const join = await respondViaApi(t.app, tokens.oslo, challenge.id, { kind: 'same_need', joinAsCoOwner: true, body: 'Vi har samme behov i Oslo.' });
    const link = await respondViaApi(t.app, tokens.asker, challenge.id, { kind: 'solved', caseId: cases.askerCaseId, body: 'Vi tok dette i bruk i fjor.' });
    // Both are requests (issue 14): Bærum, the owner, accepts them.
    await decideViaApi(t.app, tokens.baerum, challenge.id, join.id);
    await decideViaApi(t.app, tokens.baerum, challenge.id, link.id);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${cases.askerCaseId}`, headers: { authorization: `Bearer ${tokens.asker}` }, payload: { lookingForPartners: true, partnerNeeds: ['research', 'business'] } });
    await t.app.inject({ method: 'POST', url: `/api/v1/challenges/${challenge.id}/state`, headers: { authorization: `Bearer ${tokens.baerum}` }, payload: { state: 'dialogue', reason: 'Dialogmøte med Asker og to leverandører.' } });
    // Comments on the showcase case (hidden by a platform admin), and a reported comment on the
    // challenge Oslo co-owns, for Oslo's org admin to moderate.
    const moderator = await createToken(t, (await createUser(t, { name: 'Petra Plattform', platformRole: 'admin' })).id);
    Object.assign(thread, await createThread(t.app, { kind: 'case', id: cases.caseId }, { asker: tokens.asker, owner: tokens.baerum, moderator }));
    const reported = await commentViaApi(t.app, tokens.asker, { kind: 'challenge', id: challenge.id }, { body: 'Ring meg på 999 99 999 for et tilbud.' });
    await commentActionViaApi(t.app, tokens.baerum, reported.id, 'flags', { reason: 'personal_data', note: 'Telefonnummer i teksten' });
    // The background jobs once: notifications for the followers, digests into the outbox (no SMTP here).
    await fanOutPending(t.database.db);
    await queueDigests(t.database.db, { baseUrl }, { force: true });
    mail.token = (await t.database.db.selectFrom('users').select('unsubscribe_token').where('id', '=', member.id).executeTakeFirstOrThrow()).unsubscribe_token;
    // A barometer round (opened by the platform admin) to which Oslo invited two workplaces.
    barometer.roundId = await openRoundViaApi(t.app, await createToken(t, platform.id));
    await seedStatisticsAnswers(t.database.db, barometer.roundId);
    await t.app.inject({ method: 'POST', url: `/api/v1/barometer/rounds/${barometer.roundId}/invitations/958935420`, headers: { authorization: `Bearer ${tokens.oslo}` }, payload: { csv: 'Tøyen skole; ; 10-49; leder.toyen@oslo.kommune.no\nFrogner sykehjem; ; 50-249; leder.frogner@oslo.kommune.no' } });
    barometer.token = tokenFromText((await t.database.db.selectFrom('outbox').select('text_body').where('subject', 'like', 'Invitasjon:%').orderBy('id').executeTakeFirstOrThrow()).text_body);
    for (const who of VISITORS) {
      const context = await browser.newContext({ viewport: DESKTOP });
      logs.push(await watchConsole(context));
      pages[who] = await context.newPage();
      if (who !== 'anonymous') await signIn(pages[who], baseUrl, accounts[who].email, accounts[who].password);
    }
    // The member asks to join Oslo kommune: the org page shows "pending", the admin has a request.
    await pages.member.goto(`${baseUrl}/organisations/958935420`);
    await submit(pages.member, 'form[action="/organisations/958935420/join"]');
  });

  // Each test breaks no Content Security Policy rule and throws no script error on the pages it drove.
  const consoleOfThisTest = consoleSince(logs);
  afterEach(() => {
    const fresh = consoleOfThisTest();
    expect({ csp: fresh.cspViolations, pageErrors: fresh.pageErrors }).toEqual({ csp: [], pageErrors: [] });
  });

  afterAll(async () => {
    for (const page of Object.values(pages)) await page.context().close();
    await browser?.close();
    await server?.close();
  });

  describe.each(LANGS.map((lang) => ({ lang })))('in $lang', ({ lang }: { lang: Lang }) => {
    const m = messages(lang);
    const others = LANGS.filter((l) => l !== lang).map((l) => messages(l).nav.home);

    // One page at a time: axe is CPU-bound in Chromium, and on two cores pages checked side by side
    // only queue behind each other (measured: slower). The pages also share their visitor's cookies.
    it.for(SCENARIOS)('$name ($who) has no violations', async (scenario) => {
      const page = pages[scenario.who];
      await page.setViewportSize(DESKTOP);
      await scenario.open(page, server.baseUrl, `?lang=${lang}`);

      // The language is declared and the page is written in it.
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      const nav = page.getByRole('navigation', { name: m.nav.label });
      expect(await nav.getByRole('link', { name: m.nav.home, exact: true }).count()).toBe(1);
      const navText = await nav.innerText();
      for (const other of others) expect(navText).not.toContain(other);
      expect(await page.locator('.ds-skip-link').innerText()).toBe(m.skipLink);

      // Legacy mode runs axe inside the page in one go; the default opens a second page per run to
      // merge results across iframes, which these pages do not have, and costs twice the time.
      const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
      if (results.violations.length > 0) {
        console.error(`axe: ${scenario.name} (${lang}, ${page.url()}):\n${describeViolations(results.violations)}`);
      }
      expect(results.violations.map((v) => v.id)).toEqual([]);
      // A run that checked nothing would also report no violations.
      expect(results.passes.length).toBeGreaterThan(10);

      // Reflow (WCAG 1.4.10): at 320 CSS px nothing may need sideways scrolling.
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await page.evaluate(tooWideElements), `elements wider than 320 px on ${page.url()}`).toEqual([]);
    });
  });

  // SCREENSHOTS=/tmp/shots [SCREENSHOTS_LANG=en] npx vitest run test/e2e/accessibility.test.ts -t screenshots:
  // pictures to look at.
  it.runIf(process.env.SCREENSHOTS)('takes screenshots', async () => {
    const dir = process.env.SCREENSHOTS as string;
    await fs.mkdir(dir, { recursive: true });
    const shots: [string, string][] = [
      ['front', 'front page'],
      ['organisations', 'organisations'],
      ['oslo', 'Oslo kommune'],
      ['signin', 'sign-in'],
      ['signin-failed', 'sign-in failed'],
      ['register-errors', 'register with errors'],
      ['partner-errors', 'new partner organisation with errors'],
      ['members', 'members, as org admin'],
      ['profile-token', 'profile with a new API token'],
      ['not-found', 'not found'],
      ['data-sources', 'data sources'],
      ['cases', 'case bank'],
      ['case-new', 'new case'],
      ['case-new-errors', 'new case with errors'],
      ['case-theme-search', 'new case after a theme search'],
      ['case', 'case page'],
      ['case-draft', 'draft case page'],
      ['case-history', 'case history'],
      ['case-adopt-errors', 'adopt a case with errors'],
      ['case-trial-errors', 'new trial with errors'],
      ['trials', 'trials'],
      ['challenges', 'challenges'],
      ['challenge-new-errors', 'new challenge with errors'],
      ['challenge-owner', 'challenge page, owner'],
      ['challenge-responder-errors', 'challenge page with errors'],
    ];
    for (const width of [1280, 375]) {
      for (const [name, scenarioName] of shots) {
        const scenario = SCENARIOS.find((x) => x.name === scenarioName)!;
        const page = pages[scenario.who];
        await page.setViewportSize({ width, height: width > 600 ? 900 : 800 });
        await scenario.open(page, server.baseUrl, `?lang=${process.env.SCREENSHOTS_LANG ?? 'nb'}`);
        await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
        // Long pages also in parts (top, the middle ones, end), readable at full size.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        if (height > 1600) {
          const parts = Math.ceil(height / 1200);
          for (let i = 0; i < parts; i++) {
            const y = Math.min(i * 1200, height - 1200);
            const part = i === 0 ? 'top' : i === parts - 1 ? 'end' : `part${i}`;
            await page.screenshot({ path: path.join(dir, `${name}-${width}-${part}.png`), fullPage: true, clip: { x: 0, y, width, height: 1200 } });
          }
        }
      }
    }
  }, 600_000); // some fifty pages at two widths: minutes, not the minute a test gets
});
