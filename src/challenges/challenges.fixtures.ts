import type { FastifyInstance } from 'fastify';

/** Test factories for challenges (used by this feature's tests and the accessibility test). */

export const BERGEN = '964338531';
export const STAVANGER = '964965226';
export const BAERUM = '935478715';
export const PARTNER_ORGNR = '100000008';
export const THEME_HEALTH = 'https://psi.norge.no/los/tema/helse-og-omsorg';

export const bearer = (token: string | undefined) => (token ? { authorization: `Bearer ${token}` } : {});

/** A valid challenge body for the API, with overrides. */
export function challengeBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Færre fall blant hjemmeboende eldre',
    description: 'Fallulykker er den vanligste årsaken til at eldre må på sykehus.\n\nVi vil finne tiltak som virker før fallet skjer.',
    usersConcerned: 'Hjemmeboende over 80 år og hjemmetjenesten',
    lookingFor: ['peers', 'solutions', 'suppliers'],
    themes: [THEME_HEALTH],
    deadline: '2027-03-01',
    contactName: 'Kari Kontakt',
    contactEmail: 'kari.kontakt@bergen.kommune.no',
    language: 'nb',
    ...overrides,
  };
}

/** Posts a challenge through the API as the token's user; returns its id. */
export async function createChallengeViaApi(app: FastifyInstance, token: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/challenges', headers: bearer(token), payload: challengeBody(overrides) });
  if (res.statusCode !== 201) throw new Error(`create challenge failed ${res.statusCode}: ${res.body}`);
  return res.json().id as string;
}

/** A response through the API; throws unless it gets `status`. */
export async function respondViaApi(app: FastifyInstance, token: string, id: string, payload: Record<string, unknown>, status = 201) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/challenges/${id}/responses`, headers: bearer(token), payload });
  if (res.statusCode !== status) throw new Error(`respond failed ${res.statusCode}: ${res.body}`);
  return res.json();
}

/** A business partner organisation (orgnr 100000008), added by any signed-in user. */
export async function createPartnerOrg(app: FastifyInstance, token: string, name = 'Fallvern AS'): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/organisations', headers: bearer(token), payload: { name, kind: 'business', orgnr: PARTNER_ORGNR } });
  if (res.statusCode !== 201) throw new Error(`partner org failed ${res.statusCode}: ${res.body}`);
}

/** An owner's answer to a request (joining, «we solved this») through the API; throws unless it gets `status`. */
export async function decideViaApi(app: FastifyInstance, token: string, id: string, responseId: string, decision: 'accept' | 'decline' = 'accept', status = 200) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/challenges/${id}/responses/${responseId}/${decision}`, headers: bearer(token) });
  if (res.statusCode !== status) throw new Error(`${decision} failed ${res.statusCode}: ${res.body}`);
  return res.json();
}
