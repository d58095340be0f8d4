import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { caseBody, createCaseViaApi, THEME_HEALTH } from '../../test/helpers/cases.js';

const BAERUM = '935478715';
const ASKER = '920125298';

describe.each(dataTargets())('case bank API on $name PostgreSQL', (target) => {
  let t: TestApp;
  let baerum: string;
  let asker: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    baerum = await createToken(t, (await createUser(t, { org: BAERUM })).id);
    asker = await createToken(t, (await createUser(t, { org: ASKER })).id);
  });
  afterAll(async () => t?.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, token?: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

  it('keeps null as null: no cost is not 0 kr, and «don’t know» is not «no»', async () => {
    // With coerceTypes, Ajv used to turn null into 0 or false in an anyOf's first branch.
    const res = await api('POST', '/api/v1/cases', baerum, caseBody({ costNok: null, evaluated: null, activelySpread: false, benefits: [{ category: 'quality', realised: false, value: null, unit: null }] }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ costNok: null, evaluated: null, activelySpread: false, benefits: [{ value: null, unit: null }] });
    const zero = await api('PATCH', `/api/v1/cases/${res.json().id}`, baerum, { costNok: 0, benefits: [{ category: 'quality', realised: true, value: 0 }] });
    expect(zero.statusCode).toBe(200);
    expect(zero.json()).toMatchObject({ costNok: 0, benefits: [{ value: 0 }] });
    const spec = (await t.app.inject('/api/openapi.json')).json();
    expect(spec.components.schemas.Case.properties.costNok).toMatchObject({ type: 'number', nullable: true });
  });

  it('creates a draft and reports every invalid field at once', async () => {
    const bad = await api('POST', '/api/v1/cases', baerum, caseBody({ title: '', themes: ['https://psi.norge.no/los/tema/finnes-ikke'], costNok: 10 }));
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = bad.json().errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['themes', 'title']);

    const schemaBad = await api('POST', '/api/v1/cases', baerum, { ...caseBody(), types: ['spaceship'], stage: 'dreaming' });
    expect(schemaBad.statusCode).toBe(400);
    const schemaFields = schemaBad.json().errors.map((e: { field: string }) => e.field);
    expect(schemaFields).toEqual(expect.arrayContaining([expect.stringMatching(/^types/), 'stage']));

    const ok = await api('POST', '/api/v1/cases', baerum, caseBody());
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'in_use', visibility: 'public', published: false, owner: { orgnr: BAERUM }, version: 1 });
    expect(ok.json().id).toMatch(/^\d+$/);
  });

  it('refuses to save a stopped case without its reason and lessons', async () => {
    const res = await api('POST', '/api/v1/cases', baerum, caseBody({ status: 'stopped', lessons: '' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['lessons', 'stoppedReason']);
    const ok = await api('POST', '/api/v1/cases', baerum, caseBody({ status: 'stopped', stoppedReason: 'For dyrt i drift', lessons: 'Start smått og mål først.' }));
    expect(ok.statusCode).toBe(201);
  });

  it('keeps every edit as a version with the old and new value', async () => {
    const id = await createCaseViaApi(t, baerum, {}, false);
    for (let i = 1; i <= 5; i++) {
      const res = await api('PATCH', `/api/v1/cases/${id}`, baerum, { summary: `Oppsummering versjon ${i}`, ...(i === 3 ? { themes: [THEME_HEALTH] } : {}) });
      expect(res.statusCode).toBe(200);
    }
    const history = await api('GET', `/api/v1/cases/${id}/history`, baerum);
    const edits = history.json().items.filter((v: { action: string }) => v.action === 'edit');
    expect(edits).toHaveLength(5);
    expect(edits[0].changes).toContainEqual({ field: 'summary', old: 'Oppsummering versjon 4', new: 'Oppsummering versjon 5' });
    const third = edits.find((v: { version: number }) => v.version === 4);
    expect(third.changes.map((c: { field: string }) => c.field).sort()).toEqual(['summary', 'themes']);
    // An edit that changes nothing makes no version.
    await api('PATCH', `/api/v1/cases/${id}`, baerum, { summary: 'Oppsummering versjon 5' });
    expect((await api('GET', `/api/v1/cases/${id}/history`, baerum)).json().total).toBe(6);
  });

  it('hides drafts and other organisations’ private cases (404) and refuses edits by others (403)', async () => {
    const draft = await createCaseViaApi(t, baerum, {}, false);
    expect((await api('GET', `/api/v1/cases/${draft}`)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/cases/${draft}`, asker)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/cases/${draft}`, baerum)).statusCode).toBe(200);

    const published = await createCaseViaApi(t, baerum);
    expect((await api('GET', `/api/v1/cases/${published}`)).statusCode).toBe(200);
    const edit = await api('PATCH', `/api/v1/cases/${published}`, asker, { title: 'Kapret' });
    expect(edit.statusCode).toBe(403);
    expect((await api('POST', `/api/v1/cases/${published}/publish`, asker)).statusCode).toBe(403);
    expect((await api('PATCH', `/api/v1/cases/${published}`, undefined, { title: 'x' })).statusCode).toBe(401);
  });

  it('shows contact details only to signed-in public-sector users', async () => {
    const id = await createCaseViaApi(t, baerum, { contactName: 'Kari Nordmann', contactEmail: 'kari@baerum.kommune.no' });
    expect((await api('GET', `/api/v1/cases/${id}`)).json().contact).toBeNull();
    expect((await api('GET', `/api/v1/cases/${id}`, asker)).json().contact).toMatchObject({ name: 'Kari Nordmann', email: 'kari@baerum.kommune.no' });
  });

  it('records an adoption by another organisation, optionally with its own case, and shows the lineage', async () => {
    const source = await createCaseViaApi(t, baerum);
    const own = await api('POST', `/api/v1/cases/${source}/adoptions`, baerum, { adoptedOn: '2026-03-01' });
    expect(own.statusCode).toBe(400);
    expect(own.json().errors[0].field).toBe('adopterOrgnr');

    const res = await api('POST', `/api/v1/cases/${source}/adoptions`, asker, { adoptedOn: '2026-03-01', changes: 'Oversatt til vårt fagsystem', result: 'Halvert svartid', createCase: true });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ adopter: { orgnr: ASKER }, adoptedOn: '2026-03-01' });
    const adopterCaseId = res.json().adopterCaseId;
    expect(adopterCaseId).toMatch(/^\d+$/);

    const list = await api('GET', `/api/v1/cases/${source}/adoptions`);
    expect(list.json().total).toBe(1);
    expect(list.json().items[0].adopter.name).toMatch(/Asker/);
    expect((await api('GET', `/api/v1/cases/${source}`)).json().adoptionCount).toBe(1);

    const copy = await api('GET', `/api/v1/cases/${adopterCaseId}`, asker);
    expect(copy.json()).toMatchObject({ novelty: 'adapted', noveltySource: { caseId: source }, published: false, owner: { orgnr: ASKER } });
    const again = await api('POST', `/api/v1/cases/${source}/adoptions`, asker, { adoptedOn: '2026-04-01' });
    expect(again.statusCode).toBe(409);
  });

  it('adds trials and lists them across the public sector, filterable', async () => {
    const id = await createCaseViaApi(t, baerum);
    const bad = await api('POST', `/api/v1/cases/${id}/trials`, baerum, { title: 'Pilot', hypothesis: 'H', startedOn: '2026-05-01', endedOn: '2026-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('endedOn');
    const ok = await api('POST', `/api/v1/cases/${id}/trials`, baerum, { title: 'Pilot på to skoler', hypothesis: 'Svartiden går ned', method: 'A/B', measure: 'dager', result: 'confirmed', decision: 'scale', startedOn: '2026-01-01', endedOn: '2026-05-01' });
    expect(ok.statusCode).toBe(201);
    expect((await api('POST', `/api/v1/cases/${id}/trials`, asker, { title: 'x', hypothesis: 'y' })).statusCode).toBe(403);
    const all = await api('GET', '/api/v1/trials?result=confirmed');
    expect(all.json().items.some((x: { title: string; case: { id: string } }) => x.title === 'Pilot på to skoler' && x.case.id === id)).toBe(true);
    const refuted = await api('GET', '/api/v1/trials?result=refuted');
    expect(refuted.json().items.some((x: { title: string }) => x.title === 'Pilot på to skoler')).toBe(false);
  });
});
