import { isLang, type Lang } from '../i18n/index.js';
import { messages } from '../i18n/index.js';
import type { FieldError } from '../core/errors.js';
import { describeViolation, email as emailField, text, type Violation } from '../core/validation.js';
import { challengeMessages } from './challenges.messages.js';
import { LOOKING_FOR, OUTCOMES, RESPONSE_KINDS, STATES, TRANSITIONS, type ChallengeState, type ChallengeValues, type LookingFor, type Outcome, type ResponseKind } from './challenges.model.js';

/** The shared violations plus the rules only challenges have. */
export type ChallengeViolation =
  | Violation
  | { code: 'unknown_challenge' }
  | { code: 'transition'; from: ChallengeState }
  | { code: 'outcome_needs_closed' }
  | { code: 'already_owner' }
  | { code: 'public_body_only' }
  | { code: 'before_last_change' }
  | { code: 'future_date' };

export type ChallengeViolations = Record<string, ChallengeViolation>;

export function describeChallengeViolation(lang: Lang, v: ChallengeViolation): string {
  const cm = challengeMessages(lang);
  switch (v.code) {
    case 'unknown_challenge':
      return cm.v.unknownChallenge;
    case 'transition':
      return cm.v.transition(cm.states[v.from]);
    case 'outcome_needs_closed':
      return cm.v.outcomeNeedsClosed;
    case 'already_owner':
      return cm.v.alreadyOwner;
    case 'public_body_only':
      return cm.v.publicBodyOnly;
    case 'before_last_change':
      return cm.v.beforeLastChange;
    case 'future_date':
      return cm.v.futureDate;
    default:
      return describeViolation(messages(lang), v);
  }
}

export function toChallengeFieldErrors(lang: Lang, violations: ChallengeViolations): FieldError[] {
  return Object.entries(violations).map(([field, v]) => ({ field, message: describeChallengeViolation(lang, v) }));
}

export function toChallengeFormErrors(lang: Lang, violations: ChallengeViolations): Record<string, string> {
  return Object.fromEntries(Object.entries(violations).map(([k, v]) => [k, describeChallengeViolation(lang, v)]));
}

export function toList(raw: unknown): unknown[] {
  if (raw === undefined || raw === null || raw === '') return [];
  return Array.isArray(raw) ? raw : [raw];
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d.getUTCFullYear() >= 1950 && d.getUTCFullYear() <= 2100;
}

/** Today's date in Norway (a change made at 00:30 Oslo time happened on the Norwegian day). */
export function osloToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Validates a challenge's fields and merges them over `base` (the stored challenge, or the empty
 * one). Absent fields keep their base value (PATCH); every violation is reported at once.
 */
export function validateChallengeInput(input: Record<string, unknown>, base: ChallengeValues): { values: ChallengeValues; violations: ChallengeViolations } {
  const v: ChallengeViolations = {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(input, k) && input[k] !== undefined;
  const out: ChallengeValues = structuredClone(base);
  const sink = v as Record<string, Violation>;

  if (has('title')) out.title = text(sink, 'title', input.title, { required: true, max: 200 });
  if (has('description')) out.description = text(sink, 'description', input.description, { required: true, max: 10_000 });
  if (has('usersConcerned')) out.usersConcerned = text(sink, 'usersConcerned', input.usersConcerned, { max: 2000 });
  if (has('lookingFor')) {
    const list = toList(input.lookingFor);
    if (list.some((x) => typeof x !== 'string' || !(LOOKING_FOR as readonly string[]).includes(x))) v.lookingFor = { code: 'invalid_choice' };
    else out.lookingFor = LOOKING_FOR.filter((k) => list.includes(k)) as LookingFor[];
  }
  if (has('themes')) {
    const list = toList(input.themes).filter((x) => x !== '');
    if (list.some((x) => typeof x !== 'string' || x.length > 300) || list.length > 30) v.themes = { code: 'invalid_choice' };
    else out.themes = [...new Set(list as string[])];
  }
  if (has('deadline')) {
    const raw = input.deadline;
    if (raw === null || raw === '') out.deadline = null;
    else if (typeof raw === 'string' && isIsoDate(raw.trim())) out.deadline = raw.trim();
    else v.deadline = { code: 'invalid_date' };
  }
  if (has('contactName')) out.contactName = input.contactName === null ? null : text(sink, 'contactName', input.contactName, { max: 200 }) || null;
  if (has('contactEmail')) {
    const raw = input.contactEmail;
    out.contactEmail = raw === null || (typeof raw === 'string' && raw.trim() === '') ? null : emailField(sink, 'contactEmail', raw) || null;
  }
  if (has('language')) {
    if (isLang(input.language)) out.language = input.language;
    else v.language = { code: 'invalid_choice' };
  }
  // Rules on the merged challenge.
  if (!v.lookingFor && out.lookingFor.length === 0) v.lookingFor = { code: 'at_least_one' };
  if (!v.themes && out.themes.length === 0) v.themes = { code: 'at_least_one' };
  return { values: out, violations: v };
}

export interface StateChangeValues {
  state: ChallengeState;
  outcome: Outcome | null;
  mergedInto: string | null;
  reason: string;
  changedOn: string;
}

/**
 * A move of the challenge to another state. A closed challenge needs an outcome; «merged» needs
 * the challenge it went into; only closed challenges have an outcome. The date is the day it
 * happened (today unless given): not in the future, not before the challenge's last change.
 */
export function validateStateChange(
  input: Record<string, unknown>,
  current: { state: ChallengeState; id: string; lastChangedOn: string },
  today: string,
): { value: StateChangeValues; violations: ChallengeViolations } {
  const v: ChallengeViolations = {};
  const sink = v as Record<string, Violation>;
  const raw = input.state;
  let state: ChallengeState = current.state;
  if (typeof raw !== 'string' || raw === '') v.state = { code: 'required' };
  else if (!(STATES as readonly string[]).includes(raw)) v.state = { code: 'invalid_choice' };
  else if (!TRANSITIONS[current.state].includes(raw as ChallengeState)) v.state = { code: 'transition', from: current.state };
  else state = raw as ChallengeState;

  let outcome: Outcome | null = null;
  const rawOutcome = input.outcome;
  if (rawOutcome !== undefined && rawOutcome !== null && rawOutcome !== '') {
    if (typeof rawOutcome !== 'string' || !(OUTCOMES as readonly string[]).includes(rawOutcome)) v.outcome = { code: 'invalid_choice' };
    else outcome = rawOutcome as Outcome;
  }
  if (!v.state && state === 'closed' && !outcome && !v.outcome) v.outcome = { code: 'required' };
  if (!v.state && state !== 'closed' && outcome) v.outcome = { code: 'outcome_needs_closed' };

  let mergedInto: string | null = null;
  const rawMerged = input.mergedInto;
  const mergedGiven = rawMerged !== undefined && rawMerged !== null && rawMerged !== '';
  if (mergedGiven) {
    const s = typeof rawMerged === 'number' ? String(rawMerged) : typeof rawMerged === 'string' ? rawMerged.trim() : '';
    if (!/^[0-9]{1,18}$/.test(s)) v.mergedInto = { code: 'invalid_number' };
    else if (s === current.id) v.mergedInto = { code: 'unknown_challenge' };
    else mergedInto = s;
  }
  if (outcome === 'merged' && !mergedGiven) v.mergedInto = { code: 'required' };
  // A merge target named with another outcome is dropped rather than stored where it means nothing.
  if (outcome !== 'merged') mergedInto = null;

  const reason = text(sink, 'reason', input.reason, { required: true, max: 2000 });

  let changedOn = today;
  const rawDate = input.changedOn;
  if (rawDate !== undefined && rawDate !== null && rawDate !== '') {
    const s = typeof rawDate === 'string' ? rawDate.trim() : '';
    if (!isIsoDate(s)) v.changedOn = { code: 'invalid_date' };
    else if (s > today) v.changedOn = { code: 'future_date' };
    else if (s < current.lastChangedOn) v.changedOn = { code: 'before_last_change' };
    else changedOn = s;
  }
  return { value: { state, outcome, mergedInto, reason, changedOn }, violations: v };
}

export interface ResponseValues {
  kind: ResponseKind;
  body: string;
  caseId: string | null;
  public: boolean;
  joinAsCoOwner: boolean;
}

const truthy = (x: unknown) => x === true || x === 'true' || x === 'on' || x === 'yes';

/** A response's own fields; who may send it, for which organisation, is the service's to check. */
export function validateResponse(input: Record<string, unknown>): { value: ResponseValues; violations: ChallengeViolations } {
  const v: ChallengeViolations = {};
  const sink = v as Record<string, Violation>;
  let kind: ResponseKind = 'proposal';
  if (typeof input.kind !== 'string' || input.kind === '') v.kind = { code: 'required' };
  else if (!(RESPONSE_KINDS as readonly string[]).includes(input.kind)) v.kind = { code: 'invalid_choice' };
  else kind = input.kind as ResponseKind;
  // A proposal is its text; the other kinds may say a word or two.
  const body = text(sink, 'body', input.body, { required: kind === 'proposal' && !v.kind, max: 5000 });
  let caseId: string | null = null;
  if (kind === 'solved') {
    const raw = input.caseId;
    const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    if (!s) v.caseId = { code: 'required' };
    else if (!/^[0-9]{1,18}$/.test(s)) v.caseId = { code: 'invalid_number' };
    else caseId = s;
  }
  return {
    value: { kind, body, caseId, public: kind === 'proposal' ? truthy(input.public) : true, joinAsCoOwner: kind === 'same_need' && truthy(input.joinAsCoOwner) },
    violations: v,
  };
}
