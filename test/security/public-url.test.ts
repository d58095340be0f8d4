import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createToken, createUser, type TestApp } from '../helpers/app.js';
import { dataTargets } from '../helpers/db.js';
import { createCaseViaApi } from '../helpers/cases.js';
import { NYTENK, ROOT, nytenkEnv } from '../helpers/processes.js';
import { createChallengeViaApi } from '../fixtures/challenges.js';
import { bearer, openRoundViaApi } from '../fixtures/barometer.js';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';
import { startServer } from '../../src/main.js';

/**
 * Finding 14 of issue 14: absolute links come from PUBLIC_URL only, never from the Host header a
 * client sends; a server reachable from outside will not start without PUBLIC_URL; /metrics is off
 * without METRICS_TOKEN and needs it as a bearer token.
 */

const OSLO = '958935420';
const BERGEN = '964338531';
const FORGED = 'evil.attacker.example';

const READS = ['/sitemap.xml', '/sitemaps/cases-1.xml', '/open-data/catalog.ttl', '/open-data/catalog.jsonld', '/feeds/cases.atom', '/feeds/challenges.atom', `/feeds/organisations/${OSLO}/cases.atom`, '/open-data/cases.csv', '/open-data/cases.json', '/open-data/challenges.json', '/open-data', '/robots.txt'];

describe.each(dataTargets())('absolute links under a forged Host header on $name PostgreSQL', (target) => {
  describe.each([
    ['without PUBLIC_URL (development on loopback)', {}, 'http://localhost:3000'],
    ['with PUBLIC_URL', { publicUrl: 'https://nytenk.example.no', publicUrlSet: true }, 'https://nytenk.example.no'],
  ] as [string, Partial<Config>, string][])('%s', (_name, overrides, site) => {
    let t: TestApp;
    let caseId: string;
    let adminCookieless: string;
    let bergenToken: string;
    let roundId: string;

    beforeAll(async () => {
      t = await createTestApp(target, overrides);
      const member = await createUser(t, { org: OSLO });
      const token = await createToken(t, member.id);
      caseId = await createCaseViaApi(t, token, { ownerOrgnr: OSLO });
      await createChallengeViaApi(t.app, token, { ownerOrgnr: OSLO });
      adminCookieless = await createToken(t, (await createUser(t, { platformRole: 'analyst' })).id);
      bergenToken = await createToken(t, (await createUser(t, { org: BERGEN, role: 'org_admin' })).id);
      roundId = await openRoundViaApi(t.app, adminCookieless);
    });
    afterAll(async () => t?.close());

    const forged = { host: FORGED, 'x-forwarded-host': FORGED, 'x-forwarded-proto': 'https' };

    it('sitemap, DCAT, feeds, exports and pages never name the forged host', async () => {
      for (const url of [...READS, `/cases/${caseId}`]) {
        const res = await t.app.inject({ method: 'GET', url, headers: forged });
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).not.toContain(FORGED);
      }
      const sitemap = await t.app.inject({ method: 'GET', url: '/sitemaps/cases-1.xml', headers: forged });
      expect(sitemap.body).toContain(`${site}/cases/${caseId}`);
      const catalog = await t.app.inject({ method: 'GET', url: '/open-data/catalog.ttl', headers: forged });
      expect(catalog.body).toContain(`${site}/open-data/catalog`);
      const page = await t.app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: forged });
      expect(page.body).toContain(`${site}/cases/${caseId}`);
    });

    it('e-mails (barometer invitations) link to the site, not to the forged host', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/barometer/rounds/${roundId}/invitations/${BERGEN}`,
        headers: { ...bearer(bergenToken), ...forged },
        payload: { workplaces: [{ unitName: 'Årstad skole', sizeBand: '10-49', email: 'leder.arstad@bergen.kommune.no' }] },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      const mails = await t.database.db.selectFrom('outbox').select(['text_body', 'html_body', 'headers']).execute();
      expect(mails.length).toBeGreaterThan(0);
      for (const m of mails) {
        expect(JSON.stringify(m)).not.toContain(FORGED);
        expect(m.text_body).toContain(`${site}/barometer/answer/`);
      }
    });
  });
});

describe('PUBLIC_URL and the address listened on', () => {
  it('is parsed once, without a trailing slash; unset, it is http://localhost:PORT', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://nytenk.example.no/' })).toMatchObject({ publicUrl: 'https://nytenk.example.no', publicUrlSet: true, secureCookies: true });
    expect(loadConfig({ PORT: '8080' })).toMatchObject({ publicUrl: 'http://localhost:8080', publicUrlSet: false });
  });

  it.each(['0.0.0.0', '::', '10.0.0.5', 'nytenk.internal'])('without PUBLIC_URL, HOST=%s refuses to start before opening anything', async (host) => {
    const config = loadConfig({ HOST: host, LOG_LEVEL: 'silent', NYTENK_DATA_DIR: '/nonexistent/never-created' });
    const err = await startServer(config, { handleSignals: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/PUBLIC_URL is not set, and HOST=.* is not a loopback address/);
  });

  it('`nytenk serve` on 0.0.0.0 without PUBLIC_URL exits with the reason', () => {
    const out = spawnSync(process.execPath, [NYTENK, 'serve'], { cwd: ROOT, env: nytenkEnv('/nonexistent/never-created', { HOST: '0.0.0.0', PORT: '0' }), encoding: 'utf8', timeout: 60_000 });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('PUBLIC_URL is not set, and HOST=0.0.0.0 is not a loopback address');
    expect(out.stderr).toContain('PUBLIC_URL=https://');
  });
});

describe('/metrics', () => {
  const [target] = dataTargets();
  let off: TestApp;
  let on: TestApp;
  const TOKEN = 'metrics-secret-0123456789abcdef';

  beforeAll(async () => {
    [off, on] = await Promise.all([createTestApp(target!), createTestApp(target!, { metricsToken: TOKEN })]);
  });
  afterAll(async () => Promise.all([off?.close(), on?.close()]));

  it('is off (404) without METRICS_TOKEN, for everyone and any token', async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
      const res = await off.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('http_request_duration_seconds');
    }
    // A machine's endpoint: its refusals are problem+json, a query string or not.
    const withQuery = await off.app.inject({ method: 'GET', url: '/metrics?x=1' });
    expect(withQuery.statusCode).toBe(404);
    expect(withQuery.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('with METRICS_TOKEN, answers only its bearer', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }]) {
      const res = await on.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body).not.toContain('http_request_duration_seconds');
    }
    await on.app.inject({ method: 'GET', url: '/health/live' });
    const ok = await on.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('http_request_duration_seconds');
  });

  it('METRICS_TOKEN is read from the environment and must be long enough to be a secret', () => {
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
  });
});
