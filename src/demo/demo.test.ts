import { readFileSync } from 'node:fs';
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, createToken, createUser, csrfFrom, mergeCookies, type TestApp } from '../../test/helpers/app.js';
import { caseBody } from '../../test/helpers/cases.js';
import { dataTargets } from '../../test/helpers/db.js';
import { EMPTY_CASE, type CaseValues } from '../cases/index.js';
import { casesQueries as cq } from '../cases/index.js';
import { validateCaseInput } from '../cases/index.js';
import { DEMO_ADOPTIONS, DEMO_ANCHOR, DEMO_CASES, DEMO_TRIALS, ORG } from './demo.content.js';
import { DEMO_USER, demoCaseInput, hasAnyCases, loadDemo, monthsSinceAnchor, removeDemo, shiftDate } from './demo.service.js';

interface RefOrg {
  orgnr: string | null;
  kind: string;
  countyNumber: string | null;
}
const referenceOrgs = JSON.parse(readFileSync(new URL('../../resources/reference/organisations.json', import.meta.url), 'utf8')) as RefOrg[];
const orgByNr = new Map(referenceOrgs.filter((o) => o.orgnr).map((o) => [o.orgnr!, o]));
const losUris = new Set((JSON.parse(readFileSync(new URL('../../resources/los/los-concepts.json', import.meta.url), 'utf8')) as { uri: string }[]).map((c) => c.uri));
const caseByKey = new Map(DEMO_CASES.map((c) => [c.key, c]));

describe('demo content', () => {
  it('is valid by the case rules, every case of it', () => {
    for (const c of DEMO_CASES) {
      const { values, violations } = validateCaseInput(demoCaseInput(c, c.noveltySourceKey ? '1' : null, 0), EMPTY_CASE);
      expect(violations, c.key).toEqual({});
      // Nothing is dropped or rewritten by the validation: the content is already normalised.
      expect({ ...values, noveltySourceCaseId: undefined }, c.key).toEqual({ ...c.values, noveltySourceCaseId: undefined });
    }
  });

  it('has at least 24 cases with unique keys, owned by real public bodies, with 1–3 real LOS themes each', () => {
    expect(DEMO_CASES.length).toBeGreaterThanOrEqual(24);
    expect(new Set(DEMO_CASES.map((c) => c.key)).size).toBe(DEMO_CASES.length);
    for (const orgnr of Object.values(ORG)) expect(orgByNr.has(orgnr), orgnr).toBe(true);
    for (const c of DEMO_CASES) {
      expect(orgByNr.has(c.ownerOrgnr), c.key).toBe(true);
      expect(c.values.themes.length, c.key).toBeGreaterThanOrEqual(1);
      expect(c.values.themes.length, c.key).toBeLessThanOrEqual(3);
      for (const t of c.values.themes) expect(losUris.has(t), `${c.key}: ${t}`).toBe(true);
      for (const p of c.values.partners) if (p.orgnr) expect(orgByNr.has(p.orgnr), `${c.key}: ${p.name}`).toBe(true);
      for (const o of c.values.coOwners) expect(o === c.ownerOrgnr, c.key).toBe(false);
    }
  });

  it('uses every field of the case record somewhere, and every value of each vocabulary', () => {
    const used = (k: keyof CaseValues) =>
      DEMO_CASES.some((c) => {
        const v = (c.values as unknown as Record<string, unknown>)[k];
        return Array.isArray(v) ? v.length > 0 : v !== null && v !== '' && v !== undefined;
      });
    for (const k of Object.keys(EMPTY_CASE) as (keyof CaseValues)[]) {
      if (k === 'noveltySourceCaseId') expect(DEMO_CASES.some((c) => c.noveltySourceKey)).toBe(true);
      else expect(used(k), k).toBe(true);
    }
    const all = <T>(pick: (c: (typeof DEMO_CASES)[number]) => T[]) => new Set(DEMO_CASES.flatMap(pick));
    expect(all((c) => c.values.types).size).toBe(5);
    expect(all((c) => [c.values.stage]).size).toBe(6);
    expect(all((c) => [c.values.status])).toEqual(new Set(['active', 'in_use', 'stopped', 'archived']));
    expect(all((c) => c.values.initiators).size).toBe(7);
    expect(all((c) => c.values.partners.map((p) => p.actorType)).size).toBe(5);
    expect(all((c) => c.values.benefits.map((b) => b.category)).size).toBe(7);
    expect(all((c) => [c.values.novelty])).toEqual(new Set(['new', 'adapted', 'copied']));
    expect(DEMO_CASES.some((c) => c.values.benefits.some((b) => b.realised)) && DEMO_CASES.some((c) => c.values.benefits.some((b) => !b.realised))).toBe(true);
  });

  it('is written in bokmål, three cases in nynorsk from Vestland or Møre og Romsdal municipalities and two in English from state agencies', () => {
    const nn = DEMO_CASES.filter((c) => c.values.language === 'nn');
    const en = DEMO_CASES.filter((c) => c.values.language === 'en');
    expect(nn).toHaveLength(3);
    expect(en).toHaveLength(2);
    for (const c of nn) expect(orgByNr.get(c.ownerOrgnr), c.key).toMatchObject({ kind: 'municipality', countyNumber: expect.stringMatching(/^(46|15)$/) });
    for (const c of en) expect(orgByNr.get(c.ownerOrgnr)?.kind, c.key).toBe('state_agency');
  });

  it('is mostly public: two cases for the public sector only, one for its own organisation', () => {
    const count = (v: string) => DEMO_CASES.filter((c) => c.values.visibility === v).length;
    expect(count('public_sector')).toBe(2);
    expect(count('own_org')).toBe(1);
    expect(count('public')).toBe(DEMO_CASES.length - 3);
  });

  it('tells honestly why stopped cases stopped and what was learned', () => {
    const stopped = DEMO_CASES.filter((c) => c.values.status === 'stopped');
    expect(stopped.length).toBeGreaterThanOrEqual(2);
    for (const c of stopped) {
      expect(c.values.stoppedReason?.length ?? 0, c.key).toBeGreaterThan(100);
      expect(c.values.lessons.length, c.key).toBeGreaterThan(100);
      expect(c.values.challenges.length, c.key).toBeGreaterThan(100);
    }
    expect(DEMO_TRIALS.some((t) => stopped.some((c) => c.key === t.caseKey) && t.decision === 'stop')).toBe(true);
  });

  it('dates everything on or before the anchor, on day 28 or earlier, and a month shift keeps ISO dates', () => {
    const dates = [
      ...DEMO_CASES.flatMap((c) => [c.publishedOn, c.values.takenIntoUseOn]),
      ...DEMO_ADOPTIONS.map((a) => a.adoptedOn),
      ...DEMO_TRIALS.flatMap((t) => [t.startedOn, t.endedOn]),
    ].filter((d): d is string => !!d);
    for (const d of dates) {
      expect(d <= DEMO_ANCHOR, d).toBe(true);
      expect(Number(d.slice(8, 10)), d).toBeLessThanOrEqual(28);
    }
    for (const t of DEMO_TRIALS) if (t.endedOn) expect(t.endedOn >= t.startedOn, t.title).toBe(true);
    expect(shiftDate('2025-11-28', 3)).toBe('2026-02-28');
    expect(monthsSinceAnchor(new Date('2027-02-10T00:00:00Z'))).toBe(3);
    expect(monthsSinceAnchor(new Date('2020-01-01T00:00:00Z'))).toBe(0);
  });

  it('records adoptions that make sense: by another organisation, after the source was in use, with the adopter’s own case adapted from the source', () => {
    expect(DEMO_ADOPTIONS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(DEMO_ADOPTIONS.map((a) => `${a.sourceKey} ${a.adopterOrgnr}`)).size).toBe(DEMO_ADOPTIONS.length);
    for (const a of DEMO_ADOPTIONS) {
      const source = caseByKey.get(a.sourceKey)!;
      expect(source, a.sourceKey).toBeDefined();
      expect(a.adopterOrgnr === source.ownerOrgnr || source.values.coOwners.includes(a.adopterOrgnr), a.sourceKey).toBe(false);
      expect(orgByNr.has(a.adopterOrgnr)).toBe(true);
      if (source.values.takenIntoUseOn) expect(a.adoptedOn >= source.values.takenIntoUseOn, `${a.sourceKey} → ${a.adopterOrgnr}`).toBe(true);
      if (a.adopterCaseKey) {
        const own = caseByKey.get(a.adopterCaseKey)!;
        expect(own.ownerOrgnr).toBe(a.adopterOrgnr);
        expect(own.noveltySourceKey).toBe(a.sourceKey);
        expect(own.values.takenIntoUseOn).toBe(a.adoptedOn);
        expect(own.publishedOn > source.publishedOn).toBe(true);
      }
    }
    expect(DEMO_TRIALS.length).toBeGreaterThanOrEqual(10);
    for (const t of DEMO_TRIALS) expect(caseByKey.has(t.caseKey), t.caseKey).toBe(true);
    expect(DEMO_TRIALS.some((t) => t.result === null && t.endedOn === null)).toBe(true);
  });
});

describe.each(dataTargets())('demo content on $name PostgreSQL', (target) => {
  describe('loading and removing', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(target);
    });
    afterAll(async () => t?.close());

    const count = async (query: RawBuilder<unknown>) => ((await query.execute(t.database.db)).rows[0] as { n: number }).n;

    it('loads at least 20 published public cases from several organisations, state agencies among them, with adoptions, trials and a stopped case', async () => {
      const db = t.database.db;
      expect(await hasAnyCases(db)).toBe(false);
      const result = await loadDemo(db);
      expect(result).toEqual({ cases: DEMO_CASES.length, adoptions: DEMO_ADOPTIONS.length, trials: DEMO_TRIALS.length, alreadyLoaded: false });
      expect(await hasAnyCases(db)).toBe(true);

      const { rows } = await sql<{ n: number; orgs: number; state: number }>`
        select count(*)::int as n, count(distinct c.owner_org_id)::int as orgs,
               count(distinct c.owner_org_id) filter (where o.kind = 'state_agency')::int as state
        from cases c join organisations o on o.id = c.owner_org_id
        where c.source = 'demo' and c.visibility = 'public' and c.published_at is not null`.execute(db);
      expect(rows[0]!.n).toBeGreaterThanOrEqual(20);
      expect(rows[0]!.orgs).toBeGreaterThanOrEqual(5);
      expect(rows[0]!.state).toBeGreaterThanOrEqual(2);
      expect(await count(sql`select count(*)::int as n from adoptions`)).toBeGreaterThanOrEqual(12);
      expect(await count(sql`select count(*)::int as n from case_trials`)).toBeGreaterThanOrEqual(10);
      expect(await count(sql`select count(*)::int as n from cases where status = 'stopped' and lessons <> '' and stopped_reason <> '' and challenges <> ''`)).toBeGreaterThanOrEqual(2);
      expect(await count(sql`select count(*)::int as n from cases where source = 'demo' and (source_key is null or published_at is null)`)).toBe(0);
    });

    it('stores every case so that it still passes the rules it would be published under', async () => {
      const ids = await t.database.db.selectFrom('cases').select('id').where('source', '=', 'demo').execute();
      for (const { id } of ids) {
        const stored = (await cq.loadCase(t.database.db, id))!;
        const { violations } = validateCaseInput({}, cq.storedToValues(stored));
        expect(violations, stored.title).toEqual({});
        expect(stored.themeUris.length).toBeGreaterThanOrEqual(1);
      }
      // Partners and co-owners that are public bodies are linked to their organisation rows.
      expect(await count(sql`select count(*)::int as n from case_coowners`)).toBe(DEMO_CASES.reduce((n, c) => n + c.values.coOwners.length, 0));
      expect(await count(sql`select count(*)::int as n from case_partners where org_id is not null`)).toBe(
        DEMO_CASES.reduce((n, c) => n + c.values.partners.filter((p) => p.orgnr).length, 0),
      );
    });

    it('spreads publication over the last two years and keeps each case’s history', async () => {
      const { rows } = await sql<{ first: Date; last: Date; versions: number; bad: number }>`
        select min(published_at) as first, max(published_at) as last,
               (select count(*)::int from case_versions v join cases c on c.id = v.case_id where c.source = 'demo') as versions,
               (select count(*)::int from cases c where c.source = 'demo' and (c.created_at >= c.published_at or c.version <>
                 (select max(version) from case_versions v where v.case_id = c.id))) as bad
        from cases where source = 'demo'`.execute(t.database.db);
      const { first, last, versions, bad } = rows[0]!;
      const now = Date.now();
      expect(new Date(last).getTime()).toBeLessThanOrEqual(now);
      expect(new Date(first).getTime()).toBeGreaterThan(now - 2 * 366 * 24 * 3600 * 1000);
      expect(new Date(last).getTime() - new Date(first).getTime()).toBeGreaterThan(600 * 24 * 3600 * 1000);
      expect(versions).toBe(DEMO_CASES.length * 2 + DEMO_TRIALS.length);
      expect(bad).toBe(0);
    });

    it('links adopters’ own cases into lineages of three steps', async () => {
      const [root] = await t.database.db.selectFrom('cases').select('id').where('source_key', '=', 'baerum-digitalt-nattilsyn').execute();
      const { down } = await cq.lineage(t.database.db, root!.id);
      expect(down.map((n) => [n.orgnr, n.depth])).toEqual(expect.arrayContaining([[ORG.asker, 1], [ORG.volda, 2]]));
      const [volda] = await t.database.db.selectFrom('cases').select(['id', 'novelty_source_case_id']).where('source_key', '=', 'volda-digitalt-nattilsyn').execute();
      const { up } = await cq.lineage(t.database.db, volda!.id);
      expect(up.map((n) => n.orgnr)).toEqual([ORG.asker, ORG.baerum]);
      expect(volda!.novelty_source_case_id).toBe(down.find((n) => n.orgnr === ORG.asker)!.caseId);
    });

    it('changes nothing when loaded a second time', async () => {
      const db = t.database.db;
      const before = await sql<{ c: number; a: number; tr: number; u: number; v: number }>`
        select (select count(*)::int from cases) as c, (select count(*)::int from adoptions) as a, (select count(*)::int from case_trials) as tr,
               (select count(*)::int from users) as u, (select count(*)::int from case_versions) as v`.execute(db);
      const again = await loadDemo(db);
      expect(again).toEqual({ cases: DEMO_CASES.length, adoptions: DEMO_ADOPTIONS.length, trials: DEMO_TRIALS.length, alreadyLoaded: true });
      const after = await sql`
        select (select count(*)::int from cases) as c, (select count(*)::int from adoptions) as a, (select count(*)::int from case_trials) as tr,
               (select count(*)::int from users) as u, (select count(*)::int from case_versions) as v`.execute(db);
      expect(after.rows).toEqual(before.rows);
    });

    it('removes every demo case, adoption, trial and the demo user, and leaves real content alone', async () => {
      const db = t.database.db;
      // A real organisation adapts a demo case and records the adoption with a case of its own.
      const user = await createUser(t, { org: '964952701' });
      const token = await createToken(t, user.id);
      const [source] = await db.selectFrom('cases').select('id').where('source_key', '=', 'trondheim-chatbot-byggesak').execute();
      const realId = await (async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: { authorization: `Bearer ${token}` },
          payload: caseBody({ title: 'Chatbot for byggesak i Hemsedal', novelty: 'adapted', noveltySourceCaseId: source!.id }),
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id as string;
      })();
      const adopt = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${source!.id}/adoptions`,
        headers: { authorization: `Bearer ${token}` },
        payload: { adoptedOn: '2025-01-06', changes: 'Egne svartekster', result: 'Færre telefoner', createCase: true },
      });
      expect(adopt.statusCode, adopt.body).toBe(201);

      const removed = await removeDemo(db);
      expect(removed).toEqual({ cases: DEMO_CASES.length, adoptions: DEMO_ADOPTIONS.length + 1, trials: DEMO_TRIALS.length, users: 1 });
      expect(await count(sql`select count(*)::int as n from cases where source = 'demo'`)).toBe(0);
      expect(await count(sql`select count(*)::int as n from adoptions`)).toBe(0);
      expect(await count(sql`select count(*)::int as n from case_trials`)).toBe(0);
      expect(await count(sql`select count(*)::int as n from users where email = ${DEMO_USER.email}`)).toBe(0);
      // The real cases stay; their link to the removed source is cleared, not left dangling.
      const real = await db.selectFrom('cases').select(['id', 'novelty_source_case_id']).where('source', '=', 'user').orderBy('id').execute();
      expect(real.map((r) => r.id)).toContain(realId);
      expect(real).toHaveLength(2);
      expect(real.every((r) => r.novelty_source_case_id === null)).toBe(true);
      expect(await count(sql`select count(*)::int as n from audit_log where action in ('demo.load', 'demo.remove')`)).toBe(2);

      expect(await removeDemo(db)).toEqual({ cases: 0, adoptions: 0, trials: 0, users: 0 });
      // And it can be loaded again afterwards.
      expect((await loadDemo(db)).alreadyLoaded).toBe(false);
    });
  });

  describe('the front page offer', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(target);
    });
    afterAll(async () => t?.close());

    const OFFER = 'Plattformen er tom';

    it('offers demo content on an empty platform, loads it from the form and then stops offering it', async () => {
      const browser = new Browser(t);
      const home = await browser.get('/');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain(OFFER);
      expect(home.body).toContain('action="/demo"');

      const res = await browser.submit('/', '/demo', {});
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/cases');
      const after = await browser.get('/');
      expect(after.body).not.toContain(OFFER);
      expect(after.body).toContain(`Eksempelinnholdet er lastet inn: ${DEMO_CASES.length} innovasjoner.`);
      expect(await hasAnyCases(t.database.db)).toBe(true);
    });

    it('renders every public demo case page, marked as demo, and keeps the restricted ones from anonymous visitors', async () => {
      const list = await t.app.inject({ url: '/cases' });
      expect(list.statusCode).toBe(200);
      const rows = await t.database.db.selectFrom('cases').select(['id', 'visibility', 'title']).where('source', '=', 'demo').execute();
      for (const r of rows) {
        const page = await t.app.inject({ url: `/cases/${r.id}` });
        expect(page.statusCode, r.title).toBe(r.visibility === 'public' ? 200 : 404);
        if (r.visibility === 'public') expect(page.body).toContain('Eksempelinnhold for å vise hvordan Nytenk virker.');
      }
    });

    it('is in nynorsk and English too', async () => {
      await removeDemo(t.database.db);
      const nn = await t.app.inject({ url: '/?lang=nn' });
      expect(nn.body).toContain('Plattforma er tom');
      const en = await t.app.inject({ url: '/?lang=en' });
      expect(en.body).toContain('The platform is empty');
      await loadDemo(t.database.db);
    });

    it('refuses an anonymous visitor on a platform that has content (403), even with a valid form token', async () => {
      const browser = new Browser(t);
      const page = await browser.get('/signin');
      const res = await t.app.inject({
        method: 'POST',
        url: '/demo',
        headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams({ _csrf: csrfFrom(page.body) }).toString(),
      });
      expect(res.statusCode).toBe(403);
      browser.cookies = mergeCookies(browser.cookies, res);
    });

    it('shows an empty platform with users the offer, but the button only to a platform admin', async () => {
      await removeDemo(t.database.db);
      const member = await createUser(t, { org: ORG.oslo });
      const browser = new Browser(t);
      await browser.signIn(member.email, member.password);
      const page = await browser.get('/');
      expect(page.body).toContain(OFFER);
      expect(page.body).not.toContain('action="/demo"');
      expect((await browser.submit('/', '/demo', {})).statusCode).toBe(403);

      const admin = await createUser(t, { platformRole: 'admin' });
      const adminBrowser = new Browser(t);
      await adminBrowser.signIn(admin.email, admin.password);
      expect((await adminBrowser.get('/')).body).toContain('action="/demo"');
      const res = await adminBrowser.submit('/', '/demo', {});
      expect(res.statusCode).toBe(303);
      // Loading again as admin changes nothing and says so.
      await adminBrowser.submit('/', '/demo', {});
      expect((await adminBrowser.get('/')).body).toContain('Eksempelinnholdet var allerede lastet inn.');
    });
  });
});
