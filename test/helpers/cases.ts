import type { TestApp } from './app.js';

export const THEME_SCHOOL = 'https://psi.norge.no/los/tema/skole-og-utdanning';
export const THEME_HEALTH = 'https://psi.norge.no/los/tema/helse-og-omsorg';

/** A valid case body for the API, with overrides. */
export function caseBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Digital innbyggerdialog i skolen',
    summary: 'Foreldre og elever melder fra om skolevei og trivsel i en enkel app; skolen svarer innen to dager.',
    problem: 'Henvendelser kom på papir og e-post og ble borte.',
    whatIsNew: 'Én kanal for alle henvendelser, med svarfrist.',
    types: ['service', 'communication'],
    themes: [THEME_SCHOOL],
    stage: 'implement',
    status: 'in_use',
    visibility: 'public',
    language: 'nb',
    ...overrides,
  };
}

/** Creates (and optionally publishes) a case through the API as the token's user. */
export async function createCaseViaApi(t: TestApp, token: string, overrides: Record<string, unknown> = {}, publish = true): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, payload: caseBody(overrides) });
  if (res.statusCode !== 201) throw new Error(`create failed ${res.statusCode}: ${res.body}`);
  const id = res.json().id as string;
  if (publish) {
    const p = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/publish`, headers: { authorization: `Bearer ${token}` } });
    if (p.statusCode !== 200) throw new Error(`publish failed ${p.statusCode}: ${p.body}`);
  }
  return id;
}

export const BAERUM = '935478715';
export const ASKER = '920125298';
export const OSLO = '958935420';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function call(t: TestApp, method: 'POST' | 'PATCH', url: string, token: string, payload: unknown = {}, status = 200): Promise<Record<string, unknown>> {
  const res = await t.app.inject({ method, url, headers: auth(token), payload: payload as Record<string, unknown> });
  if (res.statusCode !== status) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Everything a case page can show beyond the basics: partners, benefits, links, evaluation, cost, contact. */
export const FULL_CASE_FIELDS = {
  problem: 'Henvendelser kom på papir og e-post og ble borte.\n\nSaksbehandlerne brukte en time om dagen på å lete.',
  whatIsNew: 'Én kanal for alle henvendelser, med svarfrist.',
  initiators: ['employees', 'users'],
  partners: [
    { name: 'Digitaliseringsdirektoratet', orgnr: '991825827', actorType: 'public' },
    { name: 'Skoleappen AS', orgnr: null, actorType: 'business' },
  ],
  benefits: [
    { category: 'efficiency', realised: true, description: 'Mindre tid til å finne henvendelser', value: 250, unit: 'timer i året', method: 'Tidsregistrering før og etter' },
    { category: 'quality', realised: false, description: 'Raskere svar til foreldre', value: null, unit: null, method: null },
  ],
  evaluated: true,
  evaluationHow: 'Spørreundersøkelse blant foreldre',
  evaluationLink: 'https://example.no/evaluering',
  activelySpread: true,
  spreadHow: 'Presentert på KS-konferansen',
  challenges: 'Foreldre uten smarttelefon falt utenfor i starten.',
  lessons: 'Test med de som har minst digital erfaring først.',
  successConditions: 'En skoleleder som eier tjenesten.',
  howToReplicate: 'Start med én skole og ett skjema.',
  costNok: 450000,
  fundingSources: ['Eget budsjett', 'StimuLab'],
  links: [{ url: 'https://example.no/skoleappen', label: 'Om løsningen' }],
  contactName: 'Kari Kontakt',
  contactEmail: 'kari.kontakt@example.no',
  contactPhone: '67 50 00 00',
};

/**
 * A published case whose page shows every section: an Oslo case it was adapted from (lineage up),
 * partners, benefits, a trial, and an adoption by Asker that made Asker a case of its own (lineage
 * down, one adopter, Asker on the map). Tokens are of members of Oslo, Bærum and Asker.
 */
export async function createShowcaseCase(t: TestApp, tokens: { oslo: string; baerum: string; asker: string }) {
  const sourceId = await createCaseViaApi(t, tokens.oslo, { title: 'Meldingstjeneste for skolen', ownerOrgnr: OSLO });
  const fromOslo = await call(t, 'POST', `/api/v1/cases/${sourceId}/adoptions`, tokens.baerum, { adopterOrgnr: BAERUM, adoptedOn: '2025-03-01', createCase: true }, 201);
  const caseId = fromOslo.adopterCaseId as string;
  await call(t, 'PATCH', `/api/v1/cases/${caseId}`, tokens.baerum, { ...caseBody({ title: 'Digital innbyggerdialog i Bærumsskolen' }), ...FULL_CASE_FIELDS });
  await call(t, 'POST', `/api/v1/cases/${caseId}/publish`, tokens.baerum);
  await call(t, 'POST', `/api/v1/cases/${caseId}/trials`, tokens.baerum, {
    title: 'Pilot på tre skoler',
    hypothesis: 'Foreldre svarer oftere når de kan gjøre det på mobilen.',
    method: 'A/B-test over ett semester',
    measure: 'Svarprosent',
    result: 'confirmed',
    decision: 'scale',
    startedOn: '2025-01-06',
    endedOn: '2025-06-20',
  }, 201);
  const byAsker = await call(t, 'POST', `/api/v1/cases/${caseId}/adoptions`, tokens.asker, { adopterOrgnr: ASKER, adoptedOn: '2026-01-15', changes: 'Tilpasset videregående', result: 'Færre ubesvarte henvendelser', createCase: true }, 201);
  const askerCaseId = byAsker.adopterCaseId as string;
  await call(t, 'POST', `/api/v1/cases/${askerCaseId}/publish`, tokens.asker);
  return { sourceId, caseId, askerCaseId };
}
