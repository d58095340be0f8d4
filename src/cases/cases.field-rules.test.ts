import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { ASKER, BAERUM, createCaseViaApi } from '../../test/helpers/cases.js';

/**
 * Field-level read rules of cases.access.ts, as a reader of the API and the pages sees them
 * (issue 14, findings 5 and 6). Secrets are marker strings; the assertions look for them in the
 * whole response body, not at status codes.
 */
const PARTNER_ORGNR = '100000008';

describe.each(dataTargets())('case field rules on $name PostgreSQL', (target) => {
  let t: TestApp;
  let baerum: string;
  let asker: string;
  let partner: string;
  let askerBrowser: Browser;
  let partnerBrowser: Browser;
  beforeAll(async () => {
    t = await createTestApp(target);
    const seed = await createUser(t);
    await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { authorization: `Bearer ${await createToken(t, seed.id)}` }, payload: { name: 'Partner AS', kind: 'business', orgnr: PARTNER_ORGNR } });
    baerum = await createToken(t, (await createUser(t, { org: BAERUM, name: 'Redaktør EDITORMARK' })).id);
    const askerUser = await createUser(t, { org: ASKER });
    asker = await createToken(t, askerUser.id);
    const partnerUser = await createUser(t, { org: PARTNER_ORGNR });
    partner = await createToken(t, partnerUser.id);
    askerBrowser = new Browser(t);
    await askerBrowser.signIn(askerUser.email, askerUser.password);
    partnerBrowser = new Browser(t);
    await partnerBrowser.signIn(partnerUser.email, partnerUser.password);
  });
  afterAll(async () => t?.close());

  const api = (method: 'GET' | 'PATCH', url: string, token?: string, payload?: object) =>
    t.app.inject({ method, url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(payload ? { payload } : {}) });
  const page = (url: string) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

  describe('finding 5: «adapted from» names the source only to those who may read it', () => {
    it('a source hidden after it was cited: its title leaves the citing case’s page and API for everyone who may no longer read it', async () => {
      const source = await createCaseViaApi(t, baerum, { title: 'Kildesak SOURCEMARK-HIDDEN-LATER' });
      const citing = await createCaseViaApi(t, asker, { title: 'Vår tilpassede sak', novelty: 'adapted', noveltySourceCaseId: source });
      // While the source is public, everyone sees where the case came from.
      expect((await api('GET', `/api/v1/cases/${citing}`)).json().noveltySource).toEqual({ caseId: source, title: 'Kildesak SOURCEMARK-HIDDEN-LATER' });
      expect((await page(`/cases/${citing}`)).body).toContain('SOURCEMARK-HIDDEN-LATER');

      expect((await api('PATCH', `/api/v1/cases/${source}`, baerum, { visibility: 'own_org' })).statusCode).toBe(200);

      for (const token of [undefined, asker, partner]) {
        const res = await api('GET', `/api/v1/cases/${citing}`, token);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain('SOURCEMARK-HIDDEN-LATER');
        expect(res.json().noveltySource).toBeNull();
        expect(res.json().novelty).toBe('adapted');
      }
      for (const html of [(await page(`/cases/${citing}`)).body, (await askerBrowser.get(`/cases/${citing}`)).body, (await partnerBrowser.get(`/cases/${citing}`)).body]) {
        expect(html).toContain('Vår tilpassede sak');
        expect(html).not.toContain('SOURCEMARK-HIDDEN-LATER');
        expect(html).not.toContain(`href="/cases/${source}"`);
      }
      // The source's own organisation still reads it, and sees the link.
      expect((await api('GET', `/api/v1/cases/${citing}`, baerum)).json().noveltySource).toEqual({ caseId: source, title: 'Kildesak SOURCEMARK-HIDDEN-LATER' });
      // The citing case's history names the source only to those who may read it, too.
      const sourceChange = async (token?: string) =>
        (await api('GET', `/api/v1/cases/${citing}/history`, token)).json().items.flatMap((v: { changes: { field: string }[] }) => v.changes).find((c: { field: string }) => c.field === 'noveltySourceCaseId');
      expect(await sourceChange()).toEqual({ field: 'noveltySourceCaseId', old: null, new: null });
      expect(await sourceChange(asker)).toEqual({ field: 'noveltySourceCaseId', old: null, new: null });
      expect(await sourceChange(baerum)).toEqual({ field: 'noveltySourceCaseId', old: null, new: source });
      expect((await page(`/cases/${citing}/history`)).body).not.toContain(`Innovasjon nr. ${source}`);
    });

    it('a draft of the same organisation cited by a published case: the draft’s title is not shown to others', async () => {
      const draft = await createCaseViaApi(t, baerum, { title: 'Utkast SOURCEMARK-DRAFT' }, false);
      const citing = await createCaseViaApi(t, baerum, { title: 'Publisert etter utkastet', novelty: 'adapted', noveltySourceCaseId: draft });
      for (const token of [undefined, asker, partner]) {
        const res = await api('GET', `/api/v1/cases/${citing}`, token);
        expect(res.body).not.toContain('SOURCEMARK-DRAFT');
        expect(res.json().noveltySource).toBeNull();
      }
      expect((await page(`/cases/${citing}`)).body).not.toContain('SOURCEMARK-DRAFT');
      expect((await askerBrowser.get(`/cases/${citing}`)).body).not.toContain('SOURCEMARK-DRAFT');
      expect((await api('GET', `/api/v1/cases/${citing}`, baerum)).json().noveltySource).toMatchObject({ caseId: draft, title: 'Utkast SOURCEMARK-DRAFT' });
    });
  });

  it('an adoption names the adopter’s own case only to those who may read it (a fresh copy is a draft)', async () => {
    const source = await createCaseViaApi(t, baerum, { title: 'Delt løsning' });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${source}/adoptions`, headers: { authorization: `Bearer ${asker}` }, payload: { adoptedOn: '2026-03-01', createCase: true } });
    expect(res.statusCode).toBe(201);
    const draft = res.json().adopterCaseId as string;
    expect(draft).toMatch(/^\d+$/);
    for (const token of [undefined, partner, baerum]) {
      const list = await api('GET', `/api/v1/cases/${source}/adoptions`, token);
      expect(list.json().items).toEqual([expect.objectContaining({ adopter: expect.objectContaining({ orgnr: ASKER }), adopterCaseId: null })]);
    }
    expect((await api('GET', `/api/v1/cases/${source}/adoptions`, asker)).json().items[0].adopterCaseId).toBe(draft);
    expect((await page(`/cases/${source}`)).body).not.toContain(`href="/cases/${draft}"`);
    expect((await askerBrowser.get(`/cases/${source}`)).body).toContain(`href="/cases/${draft}"`);
  });

  describe('finding 6: contact details stay out of the history for those who may not see them', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = await createCaseViaApi(t, baerum, { contactName: 'Kari CONTACTMARK', contactEmail: 'contactmark@baerum.kommune.no', contactPhone: '99 11 22 33' });
      expect((await api('PATCH', `/api/v1/cases/${caseId}`, baerum, { contactName: 'Ola CONTACTMARK2', contactPhone: '99 44 55 66', summary: 'En ny oppsummering som alle kan lese.' })).statusCode).toBe(200);
    });
    const secrets = ['CONTACTMARK', 'contactmark@baerum.kommune.no', '99 11 22 33', '99 44 55 66', 'EDITORMARK'];

    it('API: anonymous readers and partners get the versions without contact fields or editors’ names', async () => {
      for (const token of [undefined, partner]) {
        const res = await api('GET', `/api/v1/cases/${caseId}/history`, token);
        expect(res.statusCode).toBe(200);
        for (const s of secrets) expect(res.body).not.toContain(s);
        const body = res.json();
        // The history itself is still there: every version, and the public changes in it.
        expect(body.total).toBe(3);
        expect(body.items[0].changes).toContainEqual({ field: 'summary', old: expect.any(String), new: 'En ny oppsummering som alle kan lese.' });
        expect(body.items.every((v: { user: string | null }) => v.user === null)).toBe(true);
      }
      // The case itself hides the contact from them too (the rule the history now follows).
      expect((await api('GET', `/api/v1/cases/${caseId}`)).json().contact).toBeNull();
    });

    it('pages: the history page shows no contact detail to anonymous readers and partners', async () => {
      for (const res of [await page(`/cases/${caseId}/history`), await partnerBrowser.get(`/cases/${caseId}/history`)]) {
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain('En ny oppsummering som alle kan lese.');
        for (const s of secrets) expect(res.body).not.toContain(s);
      }
    });

    it('signed-in public-sector users still see who changed the contact, and to what', async () => {
      const res = await api('GET', `/api/v1/cases/${caseId}/history`, asker);
      expect(res.json().items[0].changes).toContainEqual({ field: 'contactName', old: 'Kari CONTACTMARK', new: 'Ola CONTACTMARK2' });
      expect(res.json().items[0].user).toBe('Redaktør EDITORMARK');
      const html = (await askerBrowser.get(`/cases/${caseId}/history`)).body;
      expect(html).toContain('Ola CONTACTMARK2');
      expect(html).toContain('Redaktør EDITORMARK');
    });
  });
});
