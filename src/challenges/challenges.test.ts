import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp, sqlStatements } from '../../test/helpers/app.js';
import { createCaseViaApi } from '../../test/helpers/cases.js';
import { BAERUM, BERGEN, PARTNER_ORGNR, STAVANGER, THEME_HEALTH, bearer, challengeBody, createChallengeViaApi, createPartnerOrg, decideViaApi, respondViaApi } from '../../test/fixtures/challenges.js';

type User = Awaited<ReturnType<typeof createUser>>;

describe.each(dataTargets())('challenges on $name PostgreSQL', (target) => {
  let t: TestApp;
  const users = {} as Record<'bergen' | 'stavanger' | 'baerum' | 'partner', User>;
  const tokens = {} as Record<keyof typeof users, string>;
  const browsers = {} as Record<keyof typeof users, Browser>;

  beforeAll(async () => {
    t = await createTestApp(target);
    const seed = await createUser(t);
    await createPartnerOrg(t.app, await createToken(t, seed.id));
    users.bergen = await createUser(t, { org: BERGEN, name: 'Berit Bergen' });
    users.stavanger = await createUser(t, { org: STAVANGER, name: 'Stian Stavanger' });
    users.baerum = await createUser(t, { org: BAERUM, name: 'Bård Bærum' });
    users.partner = await createUser(t, { org: PARTNER_ORGNR, name: 'Pia Partner' });
    for (const k of Object.keys(users) as (keyof typeof users)[]) {
      tokens[k] = await createToken(t, users[k].id);
      browsers[k] = new Browser(t);
      await browsers[k].signIn(users[k].email, users[k].password);
    }
  });
  afterAll(async () => t?.close());

  const api = (who: keyof typeof users | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(who ? tokens[who] : undefined), ...(payload ? { payload } : {}) });

  it('Bergen posts; Stavanger has the same need and co-owns it; a private proposal is seen by the owners only; Bergen moves it to dialogue', async () => {
    // Bergen posts the challenge through the form.
    const posted = await browsers.bergen.submit('/challenges/new', '/challenges/new', {
      title: 'Færre fall blant hjemmeboende eldre',
      description: 'Fallulykker er den vanligste årsaken til at eldre må på sykehus.',
      usersConcerned: 'Hjemmeboende over 80 år',
      lookingFor: 'peers',
      themes: THEME_HEALTH,
      deadline: '2027-03-01',
      contactName: 'Berit Bergen',
      contactEmail: 'berit@bergen.kommune.no',
      language: 'nb',
    });
    expect(posted.statusCode).toBe(303);
    const url = posted.headers.location as string;
    expect(url).toMatch(/^\/challenges\/\d+$/);
    const id = url.split('/').pop()!;

    // Anyone may read it; it is in the public list; contact details are for signed-in users.
    const anon = await t.app.inject(url);
    expect(anon.statusCode).toBe(200);
    expect(anon.body).toContain('Færre fall blant hjemmeboende eldre');
    expect(anon.body).not.toContain('berit@bergen.kommune.no');
    expect((await api(null, 'GET', `/api/v1/challenges/${id}`)).json()).toMatchObject({ state: 'open', owner: { orgnr: BERGEN }, contact: null, lookingFor: ['peers'] });
    expect((await api(null, 'GET', '/api/v1/challenges')).json().items.map((c: { id: string }) => c.id)).toContain(id);

    // Stavanger cannot edit yet; then answers «same need» through the form and asks to join as co-owner.
    expect((await browsers.stavanger.get(`${url}/edit`)).statusCode).toBe(403);
    const same = await browsers.stavanger.submit(url, `${url}/responses`, { kind: 'same_need', sameNeedBody: 'Vi ser det samme i Stavanger.', sameNeedJoin: 'true' });
    expect(same.statusCode).toBe(303);
    // A request: not an owner yet, on the page or in the API, and no edit.
    expect((await api(null, 'GET', `/api/v1/challenges/${id}`)).json().coOwners).toEqual([]);
    expect((await browsers.stavanger.get(`${url}/edit`)).statusCode).toBe(403);
    // Bergen accepts it on the page, with the button in «requests».
    const bergenPage = (await browsers.bergen.get(url)).body;
    const requests = /data-testid="requests">([\s\S]*?)<\/ul>/.exec(bergenPage)![1]!;
    expect(requests).toContain('Stavanger');
    const accept = /action="(\/challenges\/\d+\/responses\/\d+\/accept)"/.exec(requests)![1]!;
    expect((await browsers.bergen.submit(url, accept, {})).statusCode).toBe(303);
    const afterJoin = (await api(null, 'GET', `/api/v1/challenges/${id}`)).json();
    expect(afterJoin.coOwners.map((o: { orgnr: string }) => o.orgnr)).toEqual([STAVANGER]);
    const ownersOnPage = /data-testid="owners">([\s\S]*?)<\/p>/.exec((await t.app.inject(url)).body)![1]!;
    expect(ownersOnPage).toContain('Bergen');
    expect(ownersOnPage).toContain('Stavanger');
    // Now Stavanger may edit, on the page and through the API.
    expect((await browsers.stavanger.get(`${url}/edit`)).statusCode).toBe(200);
    const patched = await api('stavanger', 'PATCH', `/api/v1/challenges/${id}`, { usersConcerned: 'Hjemmeboende over 80 år i Bergen og Stavanger' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().usersConcerned).toBe('Hjemmeboende over 80 år i Bergen og Stavanger');

    // A business sends a proposal, not public.
    const proposal = await respondViaApi(t.app, tokens.partner, id, { kind: 'proposal', body: 'Sensorer i gulvet som varsler hjemmetjenesten.' });
    expect(proposal).toMatchObject({ kind: 'proposal', public: false, organisation: { orgnr: PARTNER_ORGNR, kind: 'business' } });
    const proposalIds = async (who: keyof typeof users | null) => (await api(who, 'GET', `/api/v1/challenges/${id}/responses`)).json().items.filter((r: { kind: string }) => r.kind === 'proposal').map((r: { id: string }) => r.id);
    // Bærum (a third municipality) does not see it, in the API or on the page; nor does anyone anonymous.
    expect(await proposalIds('baerum')).toEqual([]);
    expect(await proposalIds(null)).toEqual([]);
    expect((await browsers.baerum.get(url)).body).not.toContain('Sensorer i gulvet');
    expect((await t.app.inject(url)).body).not.toContain('Sensorer i gulvet');
    // Bergen and Stavanger (owners) and the proposer do.
    for (const who of ['bergen', 'stavanger', 'partner'] as const) {
      expect(await proposalIds(who)).toEqual([proposal.id]);
      expect((await browsers[who].get(url)).body).toContain('Sensorer i gulvet');
    }

    // Owners see who sent each response, to follow it up; others see the organisation only.
    const responsesFor = async (who: keyof typeof users) => (await api(who, 'GET', `/api/v1/challenges/${id}/responses`)).json().items as { id: string; sender: unknown }[];
    expect((await responsesFor('bergen')).find((r) => r.id === proposal.id)!.sender).toEqual({ name: 'Pia Partner', email: users.partner.email });
    expect((await responsesFor('baerum')).map((r) => r.sender)).toEqual([null]);
    expect((await browsers.bergen.get(url)).body).toContain(users.stavanger.email);
    expect((await browsers.baerum.get(url)).body).not.toContain(users.stavanger.email);

    // Bergen moves it to dialogue with a reason, through the form on the page.
    const moved = await browsers.bergen.submit(url, `${url}/state`, { state: 'dialogue', reason: 'Tre leverandører og Stavanger inviteres til dialogmøte.', changedOn: '' });
    expect(moved.statusCode).toBe(303);
    const page = await t.app.inject(url);
    const timeline = /data-testid="timeline">([\s\S]*?)<\/ol>/.exec(page.body)![1]!;
    expect(timeline).toContain('Til «Dialog»');
    expect(timeline).toContain('Tre leverandører og Stavanger inviteres til dialogmøte.');
    const json = (await api(null, 'GET', `/api/v1/challenges/${id}`)).json();
    expect(json.state).toBe('dialogue');
    expect(json.timeline.map((s: { from: string | null; to: string }) => [s.from, s.to])).toEqual([
      [null, 'open'],
      ['open', 'dialogue'],
    ]);
    expect(json.timeline[1].reason).toBe('Tre leverandører og Stavanger inviteres til dialogmøte.');
    expect(json.timeline[1].changedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Listed under each owner, not under Bærum.
    const owned = async (orgnr: string) => (await api(null, 'GET', `/api/v1/challenges?owner=${orgnr}&per_page=100`)).json().items.map((c: { id: string }) => c.id);
    expect(await owned(BERGEN)).toContain(id);
    expect(await owned(STAVANGER)).toContain(id);
    expect(await owned(BAERUM)).not.toContain(id);
  });

  it('links a published case that solved it, on the page and in the API; a draft or unknown case is refused', async () => {
    const id = await createChallengeViaApi(t.app, tokens.bergen);
    const caseId = await createCaseViaApi(t, tokens.baerum, { title: 'Fallsensorer i Bærum' });
    const draftId = await createCaseViaApi(t, tokens.baerum, { title: 'Utkast om fall' }, false);
    const draft = await api('baerum', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'solved', caseId: draftId });
    expect(draft.statusCode).toBe(400);
    expect(draft.json().errors.map((e: { field: string }) => e.field)).toEqual(['caseId']);
    const link = await respondViaApi(t.app, tokens.baerum, id, { kind: 'solved', caseId, body: 'Tatt i bruk i alle soner.' });
    // The same link again is a conflict, not a second entry.
    expect((await api('baerum', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'solved', caseId })).statusCode).toBe(409);
    // A request until Bergen accepts it: not shown to the public.
    expect((await api(null, 'GET', `/api/v1/challenges/${id}`)).json().solvedBy).toEqual([]);
    expect((await t.app.inject(`/challenges/${id}`)).body).not.toContain(`href="/cases/${caseId}"`);
    await decideViaApi(t.app, tokens.bergen, id, link.id);
    const json = (await api(null, 'GET', `/api/v1/challenges/${id}`)).json();
    expect(json.solvedBy).toEqual([{ case: { id: caseId, title: 'Fallsensorer i Bærum' }, organisation: { orgnr: BAERUM, name: expect.any(String) } }]);
    const page = await t.app.inject(`/challenges/${id}`);
    expect(page.body).toContain(`href="/cases/${caseId}"`);
  });

  it('answers 400 problem+json naming every bad field', async () => {
    const bad = await api('bergen', 'POST', '/api/v1/challenges', { title: '', lookingFor: ['friends'], themes: ['https://example.org/nope'], deadline: 'i morgen', contactEmail: 'ikke-epost', language: 'sv' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = bad.json();
    expect(problem.type).toBe('/api/problems#validation');
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['contactEmail', 'deadline', 'description', 'language', 'lookingFor', 'themes', 'title']);
    for (const e of problem.errors) expect(e.message).toEqual(expect.any(String));

    const id = await createChallengeViaApi(t.app, tokens.bergen);
    const fields = async (payload: object, url = `/api/v1/challenges/${id}/state`) => {
      const res = await api('bergen', 'POST', url, payload);
      expect(res.statusCode).toBe(400);
      return res.json().errors.map((e: { field: string }) => e.field).sort();
    };
    // Open cannot jump to procurement; closed needs an outcome; merged needs the other challenge; a reason is required.
    expect(await fields({ state: 'procurement', reason: 'Rett på anskaffelse' })).toEqual(['state']);
    expect(await fields({ state: 'closed', reason: '' })).toEqual(['outcome', 'reason']);
    expect(await fields({ state: 'closed', outcome: 'merged', reason: 'Samme som en annen' })).toEqual(['mergedInto']);
    expect(await fields({ state: 'closed', outcome: 'merged', mergedInto: '999999999', reason: 'Samme som en annen' })).toEqual(['mergedInto']);
    expect(await fields({ state: 'dialogue', outcome: 'solved', reason: 'x', changedOn: '2999-01-01' })).toEqual(['changedOn', 'outcome']);
    expect(await fields({ kind: 'proposal', body: '' }, `/api/v1/challenges/${id}/responses`)).toEqual(['body', 'kind']);
    expect(await fields({ kind: 'solved' }, `/api/v1/challenges/${id}/responses`)).toEqual(['caseId']);

    // A merge into an existing challenge closes it with the link in the timeline.
    const other = await createChallengeViaApi(t.app, tokens.bergen, { title: 'Fallforebygging i hjemmetjenesten' });
    const merged = await api('bergen', 'POST', `/api/v1/challenges/${id}/state`, { state: 'closed', outcome: 'merged', mergedInto: other, reason: 'Samme behov som den andre' });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ state: 'closed', outcome: 'merged', mergedInto: { id: other } });
    // Closed is closed: no more moves, no more responses.
    expect(await fields({ state: 'open', reason: 'Likevel' })).toEqual(['state']);
    expect((await api('stavanger', 'POST', `/api/v1/challenges/${id}/responses`, { kind: 'same_need' })).statusCode).toBe(409);
  });

  it('re-renders the forms with an error summary linking to the fields and every input kept', async () => {
    const fields = { title: '', description: 'Eldre faller <b>ofte</b> om natten.', lookingFor: 'research', themes: THEME_HEALTH, deadline: 'snart', contactEmail: 'feil', language: 'nb' };
    const bad = await browsers.bergen.submit('/challenges/new', '/challenges/new', fields);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="ds-error-summary"');
    for (const f of ['title', 'deadline', 'contactEmail']) expect(bad.body).toContain(`href="#field-${f}"`);
    expect(bad.body).toContain('Eldre faller &lt;b>ofte&lt;/b> om natten.');
    expect(bad.body).toContain('value="snart"');
    expect(bad.body).toMatch(/value="research"[^>]*checked|checked[^>]*value="research"/);
    expect(bad.body).toMatch(/aria-describedby="field-title-hint field-title-error"/);

    const id = await createChallengeViaApi(t.app, tokens.bergen);
    const url = `/challenges/${id}`;
    const state = await browsers.bergen.submit(url, `${url}/state`, { state: 'closed', outcome: '', mergedInto: '', reason: 'Vi ga <opp>', changedOn: '' });
    expect(state.statusCode).toBe(400);
    expect(state.body).toContain('href="#field-outcome"');
    expect(state.body).toContain('Vi ga &lt;opp>');
    expect(state.body).toMatch(/<option value="closed" selected/);

    const proposal = await browsers.partner.submit(url, `${url}/responses`, { kind: 'proposal', proposalBody: '', proposalPublic: 'true' });
    expect(proposal.statusCode).toBe(400);
    expect(proposal.body).toContain('href="#field-proposalBody"');
    expect(proposal.body).toMatch(/id="field-proposalPublic"[^>]*checked|checked[^>]*id="field-proposalPublic"/);
  });

  it('searches themes without JavaScript: the form comes back with results and its input kept', async () => {
    const res = await browsers.bergen.submit('/challenges/new', '/challenges/new', { title: 'Skolevei om vinteren', description: 'Glatte fortau', action: 'theme-search', themeSearch: 'skole' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('class="ds-error-summary"');
    expect(res.body).toContain('value="Skolevei om vinteren"');
    expect(res.body).toContain('id="field-themes-result-tema-skole-og-utdanning"');
  });

  it('lists with filters and pages, in a fixed number of statements', async () => {
    for (let i = 0; i < 12; i++) await createChallengeViaApi(t.app, tokens.stavanger, challengeBody({ title: `Utfordring ${i}` }));
    const count = async (url: string) => {
      const res = await t.app.inject(url);
      expect(res.statusCode).toBe(200);
      const n = sqlStatements(res);
      expect(n).toBeGreaterThan(0);
      return n;
    };
    const page1 = (await api(null, 'GET', '/api/v1/challenges?per_page=5')).json();
    expect(page1.items).toHaveLength(5);
    expect(page1.total).toBeGreaterThanOrEqual(12);
    expect((await api(null, 'GET', '/api/v1/challenges?state=closed')).json().items.every((c: { state: string }) => c.state === 'closed')).toBe(true);
    expect((await api(null, 'GET', `/api/v1/challenges?theme=${encodeURIComponent(THEME_HEALTH)}&per_page=1`)).json().total).toBeGreaterThanOrEqual(12);
    expect(await count('/api/v1/challenges?per_page=2')).toBe(await count('/api/v1/challenges?per_page=12'));
    expect((await t.app.inject('/challenges?state=open')).statusCode).toBe(200);
    // A filter keeps the page out of the anonymous page cache, so both renders are counted.
    expect(await count('/challenges?state=open&page=2')).toBe(await count('/challenges?state=open&page=1'));
  });

  it('is documented in OpenAPI under the tag challenges', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    for (const p of ['/api/v1/challenges', '/api/v1/challenges/{id}', '/api/v1/challenges/{id}/state', '/api/v1/challenges/{id}/responses']) {
      expect(doc.paths[p], p).toBeDefined();
      for (const op of Object.values(doc.paths[p]) as { tags: string[] }[]) expect(op.tags).toEqual(['challenges']);
    }
  });
});
