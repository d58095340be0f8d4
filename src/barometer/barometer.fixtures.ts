import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { mergeCookies, csrfFrom } from '../../test/helpers/app.js';
import { BAROMETER_BARRIERS, BAROMETER_DRIVERS } from './questionnaire.js';
import { osloToday, addDays } from './barometer.validation.js';

export const BERGEN = '964338531';
export const STAVANGER = '964965226';
export const bearer = (token: string | undefined) => (token ? { authorization: `Bearer ${token}` } : {});

export async function openRoundViaApi(app: FastifyInstance, token: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const today = osloToday();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/barometer/rounds',
    headers: bearer(token),
    payload: { title: 'Innovasjonsbarometeret 2026', year: Number(today.slice(0, 4)), closesOn: addDays(today, 30), ...overrides },
  });
  if (res.statusCode !== 201) throw new Error(`open round: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

/** The link's token in an invitation e-mail. */
export function tokenFromText(text: string): string {
  const m = /\/barometer\/answer\/([A-Za-z0-9_-]+)/.exec(text);
  if (!m?.[1]) throw new Error(`no link in: ${text}`);
  return m[1];
}

/** A respondent without an account: a cookie jar, pages fetched, forms posted with their CSRF token. */
export class Respondent {
  cookies = '';
  constructor(
    private readonly app: FastifyInstance,
    readonly token: string,
  ) {}

  async get(path: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url: path, headers: { cookie: this.cookies, accept: 'text/html' } });
    this.cookies = mergeCookies(this.cookies, res);
    return res;
  }

  /** Posts a page of answers (repeated fields for checkboxes) from the page's own form. */
  async post(page: string, fields: [string, string][]): Promise<LightMyRequestResponse> {
    const form = await this.get(`/barometer/answer/${this.token}/${page === 'submit' ? 'review' : page}`);
    const body = new URLSearchParams([...fields, ['_csrf', csrfFrom(form.body)]]);
    const res = await this.app.inject({
      method: 'POST',
      url: `/barometer/answer/${this.token}/${page}`,
      headers: { cookie: this.cookies, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: body.toString(),
    });
    this.cookies = mergeCookies(this.cookies, res);
    return res;
  }
}

export const INNOVATION_YES: [string, string][] = [
  ['innovated', 'yes'],
  ['innovationCount', '2-3'],
];
export const INNOVATION_NO: [string, string][] = [
  ['innovated', 'no'],
  ['underDevelopment', 'yes'],
];
export const LATEST: [string, string][] = [
  ['latest.types', 'service'],
  ['latest.types', 'process'],
  ['latest.origin', 'inspired'],
  ['latest.initiators', 'leaders'],
  ['latest.initiators', 'employees'],
  ['latest.developedWith', 'other_agencies'],
  ['latest.values', 'quality'],
  ['latest.evaluated', 'yes'],
  ['latest.activelySpread', 'dont_know'],
];
export const DRIVERS: [string, string][] = BAROMETER_DRIVERS.map((k, i) => [`drivers.${k}`, i === 0 ? 'dont_know' : String((i % 6) + 1)]);
export const BARRIERS: [string, string][] = BAROMETER_BARRIERS.map((k, i) => [`barriers.${k}`, String(((i + 2) % 6) + 1)]);
export const BACKGROUND: [string, string][] = [
  ['sector', 'municipal'],
  ['sizeBand', '10-49'],
];

/** Answers every page and submits; returns the final response. */
export async function answerAll(r: Respondent, innovated: boolean, extraLatest: [string, string][] = []): Promise<LightMyRequestResponse> {
  const expect303 = (res: LightMyRequestResponse, what: string) => {
    if (res.statusCode !== 303) throw new Error(`${what}: ${res.statusCode} ${res.body.slice(0, 2000)}`);
  };
  expect303(await r.post('innovation', innovated ? INNOVATION_YES : INNOVATION_NO), 'innovation');
  if (innovated) expect303(await r.post('latest', [...LATEST, ...extraLatest]), 'latest');
  expect303(await r.post('drivers', DRIVERS), 'drivers');
  expect303(await r.post('barriers', BARRIERS), 'barriers');
  expect303(await r.post('background', BACKGROUND), 'background');
  return r.post('submit', []);
}
