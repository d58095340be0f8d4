import { isLang, messages, type Lang } from '../i18n/index.js';
import type { FieldError } from '../core/errors.js';
import { describeViolation, text, type Violation } from '../core/validation.js';
import { barometerMessages, type BarometerMessages } from './barometer.messages.js';
import {
  BAROMETER_BARRIERS,
  BAROMETER_DRIVERS,
  isAsked,
  pageItems,
  pagesFor,
  SECTORS,
  SIZE_BANDS,
  type BarometerResponse,
  type PageId,
  type Score,
  type Sector,
  type SizeBand,
} from './questionnaire.js';

/** The shared violations plus the barometer's own (worded in barometer.messages.ts `v`). */
export type BarometerViolation = Violation | { code: 'barometer'; key: Exclude<keyof BarometerMessages['v'], 'line' | 'tooManyChosen'> } | { code: 'too_many_chosen'; max: number };
export type BarometerViolations = Record<string, BarometerViolation>;

export function describeBarometerViolation(lang: Lang, v: BarometerViolation): string {
  const bm = barometerMessages(lang);
  if (v.code === 'barometer') return bm.v[v.key];
  if (v.code === 'too_many_chosen') return bm.v.tooManyChosen(v.max);
  return describeViolation(messages(lang), v);
}

export function toBarometerFormErrors(lang: Lang, violations: BarometerViolations): Record<string, string> {
  return Object.fromEntries(Object.entries(violations).map(([k, v]) => [k, describeBarometerViolation(lang, v)]));
}

export function toBarometerFieldErrors(lang: Lang, violations: BarometerViolations): FieldError[] {
  return Object.entries(violations).map(([field, v]) => ({ field, message: describeBarometerViolation(lang, v) }));
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** Today's date in Norway: a round closes at the end of the Norwegian day. */
export function osloToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// ---- rounds ----

export interface RoundValues {
  key: string;
  title: string;
  year: number;
  periodFrom: string;
  periodTo: string;
  opensOn: string;
  closesOn: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A round as typed or posted; the period defaults to the two years before it opens. */
export function validateRoundInput(input: Record<string, unknown>, today: string): { values: RoundValues; violations: BarometerViolations } {
  const v: BarometerViolations = {};
  const sink = v as Record<string, Violation>;
  const title = text(sink, 'title', input.title, { required: true, max: 200 });
  const yearRaw = str(input.year);
  const year = /^\d{4}$/.test(yearRaw) ? Number(yearRaw) : NaN;
  if (!yearRaw) v.year = { code: 'required' };
  else if (!(year >= 2000 && year <= 2100)) v.year = { code: 'barometer', key: 'year' };
  let key = str(input.key).toLowerCase();
  if (!key && Number.isFinite(year)) key = String(year);
  if (!key) v.key = { code: 'required' };
  else if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(key)) v.key = { code: 'barometer', key: 'key' };
  const date = (field: string, fallback?: string) => {
    const s = str(input[field]) || fallback || '';
    if (!s) v[field] = { code: 'required' };
    else if (!isIsoDate(s)) v[field] = { code: 'invalid_date' };
    return s;
  };
  const opensOn = date('opensOn', today);
  const closesOn = date('closesOn');
  const periodTo = date('periodTo', isIsoDate(opensOn) ? addDays(opensOn, -1) : undefined);
  const periodFrom = date('periodFrom', isIsoDate(opensOn) ? addYears(opensOn, -2) : undefined);
  if (!v.periodFrom && !v.periodTo && periodFrom > periodTo) v.periodTo = { code: 'barometer', key: 'periodOrder' };
  if (!v.opensOn && !v.closesOn) {
    if (closesOn < opensOn) v.closesOn = { code: 'barometer', key: 'closesOrder' };
    else if (closesOn < today) v.closesOn = { code: 'barometer', key: 'closesPast' };
  }
  return { values: { key, title, year, periodFrom, periodTo, opensOn, closesOn }, violations: v };
}

// ---- workplaces (invitations) ----

export interface WorkplaceInput {
  unitName: string;
  sector: Sector;
  sizeBand: SizeBand;
  email: string;
}

/** One line's problems (several may be wrong at once); `line` counts from 1 as the user sees the text. */
export interface LineProblem {
  line: number;
  problems: Exclude<keyof BarometerMessages['v'], 'line' | 'tooManyChosen'>[];
}

const SECTOR_WORDS: Record<string, Sector> = {
  municipal: 'municipal',
  kommunal: 'municipal',
  kommune: 'municipal',
  county: 'county',
  fylkeskommunal: 'county',
  fylkeskommune: 'county',
  state: 'state',
  stat: 'state',
  statlig: 'state',
  statleg: 'state',
};

export function parseSector(raw: string): Sector | null {
  return SECTOR_WORDS[raw.trim().toLowerCase()] ?? null;
}

export function parseSizeBand(raw: string): SizeBand | null {
  const s = raw.replace(/[\s\u2013\u2012\u2014]/g, (c) => (c.trim() ? '-' : '')).replace(/ansatte|tilsette|employees/gi, '');
  return (SIZE_BANDS as readonly string[]).includes(s) ? (s as SizeBand) : null;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const MAX_WORKPLACES = 2000;

/** Splits one pasted line: tabs (a spreadsheet), else semicolons, else commas; quotes around a field go. */
function splitLine(line: string): string[] {
  const sep = line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
  return line.split(sep).map((f) => f.trim().replace(/^"(.*)"$/, '$1').trim());
}

/**
 * Reads workplaces typed or pasted as text (CSV, one per line) and checks each: every problem of every
 * line is reported with its line number, and nothing is accepted unless all lines are right.
 */
export function parseWorkplaces(textInput: string, defaultSector: Sector): { rows: WorkplaceInput[]; problems: LineProblem[]; empty: boolean } {
  const lines = textInput.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows: WorkplaceInput[] = [];
  const problems: LineProblem[] = [];
  const seen = new Set<string>();
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const fields = splitLine(line);
    // A header row from a spreadsheet ("Navn; Sektor; Størrelse; E-post").
    if (i === 0 && !line.includes('@') && /e-?post|e-?mail/i.test(line)) return;
    const mine: LineProblem['problems'] = [];
    if (fields.length !== 4) {
      problems.push({ line: i + 1, problems: ['columns'] });
      return;
    }
    const [unitName, sectorRaw, sizeRaw, emailRaw] = fields as [string, string, string, string];
    if (!unitName) mine.push('unitName');
    else if (unitName.length > 200) mine.push('unitNameLong');
    const sector = sectorRaw ? parseSector(sectorRaw) : defaultSector;
    if (!sector) mine.push('sector');
    const sizeBand = parseSizeBand(sizeRaw);
    if (!sizeBand) mine.push('sizeBand');
    const email = emailRaw.toLowerCase();
    if (!EMAIL.test(email) || email.length > 254) mine.push('email');
    const k = `${unitName.toLowerCase()}|${email}`;
    if (mine.length === 0 && seen.has(k)) mine.push('duplicate');
    seen.add(k);
    if (mine.length) problems.push({ line: i + 1, problems: mine });
    else rows.push({ unitName, sector: sector!, sizeBand: sizeBand!, email });
  });
  return { rows, problems, empty: rows.length === 0 && problems.length === 0 };
}

/** Workplaces given as JSON objects (the API), checked like lines of text: line n is item n. */
export function validateWorkplaceObjects(items: { unitName?: unknown; sector?: unknown; sizeBand?: unknown; email?: unknown }[], defaultSector: Sector) {
  const textForm = items.map((w) => [w.unitName, w.sector, w.sizeBand, w.email].map((x) => (typeof x === 'string' ? x.replace(/[\t\r\n;]/g, ' ') : '')).join('\t')).join('\n');
  return parseWorkplaces(textForm, defaultSector);
}

export function describeLineProblem(lang: Lang, p: LineProblem): string {
  const bm = barometerMessages(lang);
  return `${bm.v.line(p.line)} ${p.problems.map((k) => bm.v[k]).join(', ')}.`;
}

// ---- the questionnaire ----

/** A respondent's answers as posted: item id → value(s), kept verbatim (also in the draft). */
export type AnswerState = Record<string, string | string[] | undefined>;

export const one = (s: AnswerState, k: string): string => {
  const v = s[k];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
export const many = (s: AnswerState, k: string): string[] => {
  const v = s[k];
  if (v === undefined || v === '') return [];
  return Array.isArray(v) ? v : [v];
};

export const CASE_FIELD = 'latest.caseId';

/**
 * Checks one page's answers. `innovated` is the answer to the first item (from this page when it is
 * the first page, else from the draft); `caseIds` the cases the page offered. Returns the values to
 * keep in the draft (only this page's items) and what is wrong.
 */
export function validatePage(page: PageId, posted: AnswerState, innovatedSoFar: boolean | null, caseIds: string[], version: number): { values: AnswerState; violations: BarometerViolations } {
  const v: BarometerViolations = {};
  const values: AnswerState = {};
  const innovated = page === 'innovation' ? (one(posted, 'innovated') === 'yes' ? true : one(posted, 'innovated') === 'no' ? false : null) : innovatedSoFar;
  for (const item of pageItems(page, version)) {
    if (page === 'innovation' && item.id !== 'innovated' && innovated === null) continue;
    if (!isAsked(item, innovated)) continue;
    const allowed = item.options.map((o) => o.value);
    if (item.kind === 'multi_choice') {
      const chosen = [...new Set(many(posted, item.id))];
      if (chosen.some((c) => !allowed.includes(c))) v[item.id] = { code: 'invalid_choice' };
      else if (chosen.length === 0 && item.id !== 'latest.developedWith') v[item.id] = { code: 'at_least_one' };
      else if (item.max !== undefined && chosen.length > item.max) v[item.id] = { code: 'too_many_chosen', max: item.max };
      values[item.id] = chosen;
    } else {
      const value = one(posted, item.id);
      if (!value) v[item.id] = { code: 'required' };
      else if (!allowed.includes(value)) v[item.id] = { code: 'invalid_choice' };
      values[item.id] = value;
    }
  }
  if (page === 'latest' && caseIds.length) {
    const c = one(posted, CASE_FIELD);
    if (c && c !== 'none' && !caseIds.includes(c)) v[CASE_FIELD] = { code: 'invalid_choice' };
    values[CASE_FIELD] = c;
  }
  return { values, violations: v };
}

const score = (s: string): Score => (s === 'dont_know' || !/^[1-6]$/.test(s) ? null : (Number(s) as Score));
const yesNo = (s: string) => s === 'yes';

/** The first page with a missing or wrong answer, or the complete answer built from the draft. */
export function buildResponse(
  draft: AnswerState,
  caseIds: string[],
  version: number,
): { ok: true; response: BarometerResponse; caseId: string | null } | { ok: false; page: PageId } {
  const innovatedRaw = one(draft, 'innovated');
  const innovated = innovatedRaw === 'yes' ? true : innovatedRaw === 'no' ? false : null;
  for (const page of pagesFor(innovated ?? false)) {
    const { violations } = validatePage(page, draft, innovated, caseIds, version);
    if (Object.keys(violations).length || innovated === null) return { ok: false, page };
  }
  const caseId = innovated && caseIds.includes(one(draft, CASE_FIELD)) ? one(draft, CASE_FIELD) : null;
  const response: BarometerResponse = {
    innovated: innovated!,
    innovationCount: innovated ? (one(draft, 'innovationCount') as BarometerResponse['innovationCount']) : null,
    underDevelopment: innovated ? null : yesNo(one(draft, 'underDevelopment')),
    latest: innovated
      ? {
          types: many(draft, 'latest.types') as NonNullable<BarometerResponse['latest']>['types'],
          origin: one(draft, 'latest.origin') as NonNullable<BarometerResponse['latest']>['origin'],
          initiators: many(draft, 'latest.initiators') as NonNullable<BarometerResponse['latest']>['initiators'],
          developedWith: many(draft, 'latest.developedWith') as NonNullable<BarometerResponse['latest']>['developedWith'],
          values: many(draft, 'latest.values') as NonNullable<BarometerResponse['latest']>['values'],
          evaluated: one(draft, 'latest.evaluated') as NonNullable<BarometerResponse['latest']>['evaluated'],
          activelySpread: one(draft, 'latest.activelySpread') as NonNullable<BarometerResponse['latest']>['activelySpread'],
        }
      : null,
    drivers: Object.fromEntries(BAROMETER_DRIVERS.map((k) => [k, score(one(draft, `drivers.${k}`))])) as BarometerResponse['drivers'],
    barriers: Object.fromEntries(BAROMETER_BARRIERS.map((k) => [k, score(one(draft, `barriers.${k}`))])) as BarometerResponse['barriers'],
    sector: one(draft, 'sector') as Sector,
    sizeBand: one(draft, 'sizeBand') as SizeBand,
  };
  return { ok: true, response, caseId };
}

export const langOr = (raw: unknown, fallback: Lang): Lang => (isLang(raw) ? raw : fallback);
export { SECTORS };
