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
