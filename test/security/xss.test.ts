import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createToken, createUser, type TestApp } from '../helpers/app.js';
import { dataTargets } from '../helpers/db.js';
import { caseBody, OSLO } from '../helpers/cases.js';
import { challengeBody } from '../../src/challenges/challenges.fixtures.js';

/** Payloads that would run or break markup if a page put them out unescaped. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '</textarea><script>alert(4)</script>',
  'javascript:alert(5)',
  '<a href="javascript:alert(6)">x</a>',
  '{{7*7}}<iframe srcdoc="<script>alert(8)</script>">',
];

/** Markup a payload could only have produced if it was not escaped. */
const LIVE = [/<script>alert\(/i, /<img src=x onerror/i, /<svg onload/i, /<iframe srcdoc/i, /<a href="javascript:alert/i];

function assertInert(html: string, where: string) {
  for (const pattern of LIVE) expect(html, `${where}: ${pattern}`).not.toMatch(pattern);
}

/**
 * Stored and reflected XSS: every payload goes through the text fields of a case, a challenge and
 * a comment and through query parameters; the pages that show them render them as text.
 */
describe.each(dataTargets().slice(0, 1))('XSS payloads stay inert ($name PostgreSQL)', (target) => {
  let t: TestApp;
  let token = '';

  beforeAll(async () => {
    t = await createTestApp(target);
    token = await createToken(t, (await createUser(t, { org: OSLO, name: '<b>Oslo</b> "tester"' })).id);
  }, 60_000);
  afterAll(async () => t?.close());

  it('renders stored payloads in cases, challenges and comments as text', async () => {
    const auth = { authorization: `Bearer ${token}` };
    for (const [i, p] of PAYLOADS.entries()) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: auth,
        payload: caseBody({ title: `Sak ${i} ${p}`.slice(0, 200), summary: `Sammendrag ${p}`, problem: p, whatIsNew: p, lessons: p }),
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/publish`, headers: auth })).statusCode).toBe(200);
      const comment = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/comments`, headers: auth, payload: { body: `Kommentar ${p}` } });
      expect(comment.statusCode, comment.body).toBe(201);
      const challenge = await t.app.inject({ method: 'POST', url: '/api/v1/challenges', headers: auth, payload: challengeBody({ title: `Utfordring ${i} ${p}`.slice(0, 200), description: p, usersConcerned: p }) });
      expect(challenge.statusCode, challenge.body).toBe(201);
      const challengeId = challenge.json().id as string;
      for (const url of [`/cases/${id}`, `/cases/${id}/history`, `/challenges/${challengeId}`, '/cases', '/challenges', `/search?q=Sak`, '/feeds/cases.atom', '/dashboard', '/organisations/958935420']) {
        const res = await t.app.inject(url);
        expect(res.statusCode, url).toBe(200);
        assertInert(res.body, `${url} with payload ${i}`);
      }
      // The payload is there, as text (else the checks above would prove nothing).
      const casePage = (await t.app.inject(`/cases/${id}`)).body;
      expect(casePage).toContain(/alert\(\d\)/.exec(p)![0]);
      // Text escaping turns "<" into "&lt;" (a ">" alone opens nothing).
      if (i === 0) expect(casePage).toContain('&lt;script>alert(1)&lt;/script>');
    }
  }, 120_000);

  it('renders reflected payloads in query parameters as text', async () => {
    for (const p of PAYLOADS) {
      const q = encodeURIComponent(p);
      for (const url of [`/search?q=${q}`, `/organisations?q=${q}`, `/partners?q=${q}`, `/signin?next=${q}`, `/cases?page=1&x=${q}`, `/search?q=a&type=${q}`]) {
        const res = await t.app.inject(url);
        expect(res.statusCode, url).toBeLessThan(500);
        assertInert(res.body, url);
      }
    }
  });
});
