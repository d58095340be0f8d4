/**
 * The error catalogue: every error a client can get has a stable id, a status and a title.
 * The one error handler (http/error-handler.ts) turns these into problem+json (RFC 9457) for the
 * API and into a page for browsers; a 5xx never shows its internals.
 */
export const errorCatalogue = {
  validation: { status: 400, title: 'The request has invalid fields' },
  invalid_orgnr: { status: 400, title: 'Invalid organisation number' },
  bad_request: { status: 400, title: 'Bad request' },
  unauthenticated: { status: 401, title: 'Sign-in required' },
  forbidden: { status: 403, title: 'Not allowed' },
  csrf: { status: 403, title: 'The form has expired or did not come from this site' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Request too large' },
  uri_too_long: { status: 414, title: 'URI too long' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'Service temporarily unavailable' },
} as const;

export type ErrorId = keyof typeof errorCatalogue;

export interface FieldError {
  /** The field's name as the client sent it (JSON pointer-ish path for nested fields: `a.b`). */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly id: ErrorId,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? errorCatalogue[id].title);
    this.status = errorCatalogue[id].status;
  }
}

export const notFound = (detail?: string) => new AppError('not_found', detail);
export const forbidden = (detail?: string) => new AppError('forbidden', detail);
export const unauthenticated = (detail?: string) => new AppError('unauthenticated', detail);
export const validation = (errors: FieldError[], detail?: string) =>
  new AppError('validation', detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
}

export function problemType(id: ErrorId): string {
  return `/api/problems#${id}`;
}
