import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createToken, createUser, type TestApp } from '../helpers/app.js';
import { dataTargets } from '../helpers/db.js';
import { caseBody } from '../helpers/cases.js';
import { depthScanner, jsonNestsDeeperThan, MAX_JSON_DEPTH } from '../../src/http/json-body.js';

/**
 * Finding 11 of issue 14: a hostile body is refused before anything walks it, and the write rate
 * limit cannot be escaped by sending a fresh made-up credential with every request.
 */

const OSLO = '958935420';
const MB = 1024 * 1024;

/** A JSON text just under 1 MB: `depth` opening brackets, then as many closing ones. */
const nested = (open: string, close: string, bytes = MB - 16) => open.repeat(Math.floor(bytes / (open.length + close.length))) + close.repeat(Math.floor(bytes / (open.length + close.length)));

describe('the JSON depth scan', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonNestsDeeperThan('[[[1]]]', 3)).toBe(false);
    expect(jsonNestsDeeperThan('[[[[1]]]]', 3)).toBe(true);
    expect(jsonNestsDeeperThan(JSON.stringify({ a: '[[[[[[[[{{{{{{' }), 2)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ a: 'quote \\" [[[[[[' }), 2)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":{"b":{"c":{}}}}', 3)).toBe(true);
    expect(jsonNestsDeeperThan(JSON.stringify([1, [2, [3]]]), 3)).toBe(false);
  });

  it('scans bytes as they arrive, an escape or a string split across chunks included', () => {
    const chunks = ['{"a":"x\\', '"[[[[[', '[[", "b": [[', ']]}'];
    const s = depthScanner(3);
    expect(chunks.map((c) => s.feed(Buffer.from(c)))).toEqual([false, false, false, false]);
    const deep = depthScanner(3);
    expect(['{"a":[', '[[', '1]]]}'].map((c) => deep.feed(Buffer.from(c)))).toEqual([false, true, false]);
    // Multi-byte UTF-8 (æøå, emoji) never looks like a bracket or a quote.
    expect(depthScanner(1).feed(Buffer.from(JSON.stringify({ a: 'æøå 😀 [[[[' })))).toBe(false);
  });
});

describe.each(dataTargets())('hostile requests on $name PostgreSQL', (target) => {
  let t: TestApp;
  let token: string;
  let secondToken: string;
  let otherToken: string;

  beforeAll(async () => {
    t = await createTestApp(target, { writeRateLimit: 3 });
    const member = await createUser(t, { org: OSLO });
    token = await createToken(t, member.id);
    secondToken = await createToken(t, member.id);
    const other = await createUser(t, { org: OSLO });
    otherToken = await createToken(t, other.id);
  });
  afterAll(async () => t?.close());

  it.each([
    ['nested arrays', nested('[', ']')],
    ['nested objects', nested('{"a":', '}')],
    ['a valid case with one deep array', JSON.stringify(caseBody()).replace(/}$/, `,"extra":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`)],
  ])('a body of %s is refused with 400 problem+json naming the body, before it is parsed', async (_what, payload) => {
    const started = performance.now();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/json' }, payload });
    const ms = performance.now() - started;
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json();
    expect(problem.errors).toEqual([{ field: 'body', message: `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels` }]);
    // Generous for a loaded machine: the refusal comes at the first few bytes past depth 32.
    expect(ms).toBeLessThan(500);
  });

  it('a body at the depth limit is still read (brackets in strings do not count)', async () => {
    const deepButFine = JSON.stringify({ ...caseBody({ ownerOrgnr: OSLO, title: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ Tittel' }) });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/json' }, payload: deepButFine });
    expect(res.statusCode).toBe(201);
    expect(res.json().title).toMatch(/^\[\[\[\[/);
  });

  it('a megabyte form of qs-style nested keys is parsed flat and refused as a form, not as a server error', async () => {
    const payload = `a${'[b]'.repeat(Math.floor((MB - 64) / 3))}=1`;
    const res = await t.app.inject({ method: 'POST', url: '/register', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload });
    // Refused as a form without a CSRF token, not as a server error.
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('a made-up session cookie per request spends the client address’s write budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        remoteAddress: '192.0.2.7',
        headers: { cookie: `nytenk_session=${randomBytes(24).toString('base64url')}`, 'content-type': 'application/json' },
        payload: caseBody(),
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json().title).toBe('Too many requests');
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Another address is not affected.
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/cases', remoteAddress: '192.0.2.8', headers: { cookie: 'nytenk_session=x' }, payload: caseBody() });
    expect(elsewhere.statusCode).toBe(401);
  });

  it('a signed-in person has one write budget across their tokens; another person has their own', async () => {
    const patch = (bearer: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/cases', remoteAddress: '192.0.2.9', headers: { authorization: `Bearer ${bearer}` }, payload: { title: '' } });
    const statuses = [];
    for (const bearer of [token, secondToken, token, secondToken]) statuses.push((await patch(bearer)).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect((await patch(otherToken)).statusCode).not.toBe(429);
  });
});
