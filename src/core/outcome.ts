import { AppError, type ErrorId, type FieldError } from './errors.js';

/**
 * Outcomes: a service's operation returns `{ ok: true, … }` or a failure with a named reason
 * (CONVENTIONS, habit 8), never throwing for what is expected. The reasons are one vocabulary for
 * every feature, each with its error in the catalogue (core/errors.ts); a route that cannot go on
 * hands the failure to `raise`, the one mapper.
 */

/** Every failure reason, with the catalogue error it becomes. */
export const FAILURE_ERRORS = {
  /** No such thing, or the viewer may not know it exists. */
  not_found: 'not_found',
  /** The viewer may see the thing but not do this. */
  forbidden: 'forbidden',
  /** Needs a signed-in person. */
  unauthenticated: 'unauthenticated',
  /** The input breaks a rule; the failure carries the violations. */
  invalid: 'validation',
  /** Already recorded (an adoption, a report, a response). */
  duplicate: 'conflict',
  /** The thing no longer takes this (a closed round or challenge). */
  closed: 'conflict',
  /** Someone has already answered this request. */
  already_decided: 'conflict',
  /** Too many of these in a short time. */
  rate_limited: 'rate_limited',
} as const satisfies Record<string, ErrorId>;

export type FailureReason = keyof typeof FAILURE_ERRORS;

/** The failures any operation on a thing can have: it is not there, it is not yours, you are not signed in. */
type CommonFailure = { ok: false; reason: 'not_found' } | { ok: false; reason: 'forbidden' } | { ok: false; reason: 'unauthenticated' };

/**
 * A feature's failed outcomes: the common ones plus its own `Extra`, each a reason and what it
 * carries, e.g. `Failure<{ reason: 'invalid'; violations: Violations } | { reason: 'closed' }>`.
 */
export type Failure<Extra extends { reason: FailureReason } = never> = CommonFailure | (Extra extends unknown ? { ok: false } & Extra : never);

export interface RaiseTexts {
  /**
   * The problem's detail per reason (an API names the thing: «No such case»); without one, only the
   * catalogue's title. For `invalid` the detail is the field errors joined, as for every validation
   * problem, unless given here; `null` leaves the detail out.
   */
  detail?: Partial<Record<FailureReason, string | null>>;
  /** The field errors, in the feature's own words (its violations turned into messages). */
  errors?: FieldError[];
  /** Response headers the error needs (`retry-after` for `rate_limited`). */
  headers?: Record<string, string>;
}

/** Throws the catalogue's error for a failure; the error handler answers with it (problem+json or a page). */
export function raise(failure: { reason: FailureReason }, texts: RaiseTexts = {}): never {
  const given = texts.detail?.[failure.reason];
  const joined = failure.reason === 'invalid' && texts.errors ? texts.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : undefined;
  const detail = given === null ? undefined : (given ?? joined);
  throw new AppError(FAILURE_ERRORS[failure.reason], detail, texts.errors, texts.headers);
}
