import type { CaseValues } from './cases.model.js';

/** A form as posted: every field as the user typed it (kept verbatim when it comes back with errors). */
export type FormState = Record<string, string | string[] | undefined>;

export const PARTNER_ROWS = 3;
export const BENEFIT_ROWS = 2;
export const LINK_ROWS = 2;

export function one(state: FormState, name: string): string {
  const v = state[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export function many(state: FormState, name: string): string[] {
  const v = state[name];
  if (v === undefined || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

const splitList = (s: string) =>
  s
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

function rows(state: FormState, prefix: string, fields: string[]): Record<string, string>[] {
  const indexes = new Set<number>();
  for (const key of Object.keys(state)) {
    const m = new RegExp(`^${prefix}\\.(\\d{1,2})\\.`).exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((i) => Object.fromEntries(fields.map((f) => [f, one(state, `${prefix}.${i}.${f}`)])));
}

const triState = (s: string) => (s === 'yes' ? true : s === 'no' ? false : s === '' || s === 'unknown' ? null : s);

/**
 * The posted form as the same input object the API takes, so pages and API share one validation.
 * Row fields keep their position so errors point at the row the user filled in.
 */
export function formToInput(state: FormState): Record<string, unknown> {
  const input: Record<string, unknown> = {
    title: one(state, 'title'),
    summary: one(state, 'summary'),
    problem: one(state, 'problem'),
    whatIsNew: one(state, 'whatIsNew'),
    types: many(state, 'types'),
    novelty: one(state, 'novelty') || null,
    noveltySourceCaseId: one(state, 'noveltySourceCaseId').trim() || null,
    noveltySourceText: one(state, 'noveltySourceText'),
    stage: one(state, 'stage') || null,
    status: one(state, 'status'),
    takenIntoUseOn: one(state, 'takenIntoUseOn').trim() || null,
    stoppedReason: one(state, 'stoppedReason'),
    initiators: many(state, 'initiators'),
    evaluated: triState(one(state, 'evaluated')),
    evaluationHow: one(state, 'evaluationHow'),
    evaluationLink: one(state, 'evaluationLink').trim() || null,
    activelySpread: triState(one(state, 'activelySpread')),
    spreadHow: one(state, 'spreadHow'),
    lookingForPartners: one(state, 'lookingForPartners') === 'true',
    partnerNeeds: many(state, 'partnerNeeds'),
    challenges: one(state, 'challenges'),
    lessons: one(state, 'lessons'),
    successConditions: one(state, 'successConditions'),
    howToReplicate: one(state, 'howToReplicate'),
    costNok: one(state, 'costNok').trim() || null,
    fundingSources: splitList(one(state, 'fundingSources')),
    contactName: one(state, 'contactName'),
    contactEmail: one(state, 'contactEmail').trim() || null,
    contactPhone: one(state, 'contactPhone'),
    visibility: one(state, 'visibility'),
    language: one(state, 'language'),
    themes: many(state, 'themes'),
    coOwners: splitList(one(state, 'coOwners')),
  };
  // Rows keep their index (a blank row in the middle is skipped by validation, not renumbered here).
  const partners: unknown[] = [];
  for (const r of rows(state, 'partners', ['name', 'orgnr', 'actorType'])) partners.push(r);
  const benefits: unknown[] = [];
  for (const r of rows(state, 'benefits', ['category', 'realised', 'description', 'value', 'unit', 'method'])) benefits.push(r);
  const links: unknown[] = [];
  for (const r of rows(state, 'links', ['url', 'label'])) links.push(r);
  input.partners = partners;
  input.benefits = benefits;
  input.links = links;
  if (state.ownerOrgnr !== undefined) input.ownerOrgnr = one(state, 'ownerOrgnr');
  return input;
}

const tri = (b: boolean | null) => (b === true ? 'yes' : b === false ? 'no' : 'unknown');

/** A stored case as a form to edit. */
export function valuesToForm(v: CaseValues): FormState {
  const state: FormState = {
    title: v.title,
    summary: v.summary,
    problem: v.problem,
    whatIsNew: v.whatIsNew,
    types: v.types,
    novelty: v.novelty ?? '',
    noveltySourceCaseId: v.noveltySourceCaseId ?? '',
    noveltySourceText: v.noveltySourceText ?? '',
    stage: v.stage ?? '',
    status: v.status,
    takenIntoUseOn: v.takenIntoUseOn ?? '',
    stoppedReason: v.stoppedReason ?? '',
    initiators: v.initiators,
    evaluated: tri(v.evaluated),
    evaluationHow: v.evaluationHow ?? '',
    evaluationLink: v.evaluationLink ?? '',
    activelySpread: tri(v.activelySpread),
    spreadHow: v.spreadHow ?? '',
    lookingForPartners: v.lookingForPartners ? 'true' : '',
    partnerNeeds: v.partnerNeeds,
    challenges: v.challenges,
    lessons: v.lessons,
    successConditions: v.successConditions,
    howToReplicate: v.howToReplicate,
    costNok: v.costNok === null ? '' : String(v.costNok),
    fundingSources: v.fundingSources.join(', '),
    contactName: v.contactName ?? '',
    contactEmail: v.contactEmail ?? '',
    contactPhone: v.contactPhone ?? '',
    visibility: v.visibility,
    language: v.language,
    themes: v.themes,
    coOwners: v.coOwners.join(', '),
  };
  v.partners.forEach((p, i) => {
    state[`partners.${i}.name`] = p.name;
    state[`partners.${i}.orgnr`] = p.orgnr ?? '';
    state[`partners.${i}.actorType`] = p.actorType;
  });
  v.benefits.forEach((b, i) => {
    state[`benefits.${i}.category`] = b.category;
    state[`benefits.${i}.realised`] = b.realised ? 'realised' : 'planned';
    state[`benefits.${i}.description`] = b.description;
    state[`benefits.${i}.value`] = b.value === null ? '' : String(b.value);
    state[`benefits.${i}.unit`] = b.unit ?? '';
    state[`benefits.${i}.method`] = b.method ?? '';
  });
  v.links.forEach((l, i) => {
    state[`links.${i}.url`] = l.url;
    state[`links.${i}.label`] = l.label;
  });
  return state;
}

/** How many rows of a repeated group to show: the filled ones plus one empty, at least `min`. */
export function rowCount(state: FormState, prefix: string, min: number): number {
  let max = -1;
  for (const key of Object.keys(state)) {
    const m = new RegExp(`^${prefix}\\.(\\d{1,2})\\.`).exec(key);
    if (m && Object.keys(state).some((k) => k.startsWith(`${prefix}.${m[1]}.`) && one(state, k) !== '')) max = Math.max(max, Number(m[1]));
  }
  return Math.min(Math.max(min, max + 2), 30);
}
