import type { Messages } from '../i18n/index.js';
import type { FieldError } from './errors.js';

/** A rule a field broke, named so pages and the API can word it in the reader's language. */
export type Violation =
  | { code: 'required' }
  | { code: 'too_long'; max: number }
  | { code: 'too_short'; min: number }
  | { code: 'invalid_email' }
  | { code: 'invalid_orgnr' }
  | { code: 'orgnr_check_digit' }
  | { code: 'orgnr_taken' }
  | { code: 'invalid_choice' }
  | { code: 'invalid_country' }
  | { code: 'invalid_url' }
  | { code: 'email_taken' }
  | { code: 'unknown_user' }
  | { code: 'wrong_password' }
  | { code: 'already_member' }
  | { code: 'invalid_date' }
  | { code: 'invalid_number' }
  | { code: 'at_least_one' }
  | { code: 'unknown_theme' }
  | { code: 'unknown_org' }
  | { code: 'unknown_case' }
  | { code: 'stopped_needs_reason' }
  | { code: 'stopped_needs_lessons' }
  | { code: 'own_org' };

export type Violations = Record<string, Violation>;

export function describeViolation(m: Messages, v: Violation): string {
  switch (v.code) {
    case 'required':
      return m.form.required;
    case 'too_long':
      return m.form.tooLong(String(v.max));
    case 'too_short':
      return m.form.tooShort(String(v.min));
    case 'invalid_email':
      return m.form.invalidEmail;
    case 'invalid_orgnr':
      return m.form.invalidOrgnr;
    case 'orgnr_check_digit':
      return m.form.orgnrCheckDigit;
    case 'orgnr_taken':
      return m.form.orgnrTaken;
    case 'invalid_choice':
      return m.form.invalidChoice;
    case 'invalid_country':
      return m.form.invalidCountry;
    case 'invalid_url':
      return m.form.invalidUrl;
    case 'email_taken':
      return m.auth.emailTaken;
    case 'unknown_user':
      return m.form.unknownUser;
    case 'wrong_password':
      return m.form.wrongPassword;
    case 'already_member':
      return m.form.alreadyMember;
    case 'invalid_date':
      return m.form.invalidDate;
    case 'invalid_number':
      return m.form.invalidNumber;
    case 'at_least_one':
      return m.form.atLeastOne;
    case 'unknown_theme':
      return m.form.unknownTheme;
    case 'unknown_org':
      return m.form.unknownOrg;
    case 'unknown_case':
      return m.form.unknownCase;
    case 'stopped_needs_reason':
      return m.form.stoppedNeedsReason;
    case 'stopped_needs_lessons':
      return m.form.stoppedNeedsLessons;
    case 'own_org':
      return m.form.ownOrg;
  }
}

export function toFormErrors(m: Messages, violations: Violations): Record<string, string> {
  return Object.fromEntries(Object.entries(violations).map(([k, v]) => [k, describeViolation(m, v)]));
}

export function toFieldErrors(m: Messages, violations: Violations): FieldError[] {
  return Object.entries(violations).map(([field, v]) => ({ field, message: describeViolation(m, v) }));
}

/** Trimmed text, or a violation. */
export function text(
  out: Violations,
  field: string,
  value: unknown,
  opts: { required?: boolean; min?: number; max: number },
): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (!s) {
    if (opts.required) out[field] = { code: 'required' };
    return '';
  }
  if (s.length > opts.max) out[field] = { code: 'too_long', max: opts.max };
  else if (opts.min !== undefined && s.length < opts.min) out[field] = { code: 'too_short', min: opts.min };
  return s;
}

// Deliberately loose (one @, something on each side, a dot in the domain): the only real check of an
// address is mail reaching it.
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function email(out: Violations, field: string, value: unknown): string {
  const s = text(out, field, value, { required: true, max: 254 });
  if (s && !out[field] && !EMAIL.test(s)) out[field] = { code: 'invalid_email' };
  return s.toLowerCase();
}

export function choice<T extends string>(out: Violations, field: string, value: unknown, allowed: readonly T[], required = true): T | null {
  if ((value === undefined || value === '' || value === null) && !required) return null;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  out[field] = value === undefined || value === '' ? { code: 'required' } : { code: 'invalid_choice' };
  return null;
}

export function url(out: Violations, field: string, value: unknown): string | null {
  const s = text(out, field, value, { max: 500 });
  if (!s) return null;
  try {
    const u = new URL(s);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
    return u.toString();
  } catch {
    out[field] = { code: 'invalid_url' };
    return null;
  }
}

/**
 * Fields of validated input holding a number that is not finite. Ajv coerces the strings
 * "Infinity" and "1e400" to numbers and then skips its range checks for them (they are not
 * finite), so an integer in a query string or a form would take them on to the database.
 */
export function nonFiniteFields(value: unknown): FieldError[] {
  const out: FieldError[] = [];
  const stack: [unknown, string][] = [[value, '']];
  // Iterative and bounded: an unvalidated body may be nested thousands deep.
  for (let seen = 0; stack.length > 0 && seen < 10_000; seen++) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) out.push({ field: path || 'body', message: 'must be a finite number' });
    else if (v && typeof v === 'object' && !ArrayBuffer.isView(v) && !(v instanceof Date) && typeof (v as { pipe?: unknown }).pipe !== 'function') {
      for (const [k, x] of Object.entries(v)) stack.push([x, path ? `${path}.${k}` : k]);
    }
  }
  return out;
}

/**
 * `value` (a query or a body, at any depth, keys too) with text PostgreSQL cannot store made
 * storable: U+0000 dropped (never meaningful in text; PostgreSQL refuses it) and every lone UTF-16
 * surrogate replaced by U+FFFD (JSON carries them as `\udbff` escapes; PostgreSQL refuses them in
 * json and jsonb, 22P02). Without this both end a request in a database error (500). Changes the
 * value in place; iterative, for any depth; buffers and streams are left as they are.
 */
export function withStorableText<T>(value: T): T {
  const clean = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '') : s).replace(/\p{Cs}/gu, '\uFFFD');
  if (typeof value === 'string') return clean(value) as T;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || ArrayBuffer.isView(node) || typeof (node as { pipe?: unknown }).pipe === 'function') continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      const k = clean(key);
      if (k !== key) delete record[key];
      record[k] = typeof v === 'string' ? clean(v) : v;
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  return value;
}
