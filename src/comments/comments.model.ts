/** The comment record's fixed vocabularies and limits. */

export const COMMENT_KINDS = ['comment', 'question'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];

export const FLAG_REASONS = ['spam', 'offensive', 'personal_data', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export const THING_KINDS = ['case', 'challenge'] as const;
export type ThingKind = (typeof THING_KINDS)[number];

export const BODY_MAX = 5000;
export const FLAG_NOTE_MAX = 1000;
export const HIDE_REASON_MAX = 1000;

/**
 * Rate limits, counted in the database (so they hold however many app processes run): at most
 * `max` writes of a user in the last `windowMinutes`.
 */
export const COMMENT_RATE_LIMIT = { max: 10, windowMinutes: 10 } as const;
export const FLAG_RATE_LIMIT = { max: 20, windowMinutes: 60 } as const;

/** An author may correct their comment for this long after writing it; later it stands as written. */
export const EDIT_WINDOW_HOURS = 24;

/** The most comments one thread shows (page and API); a busier thread is a forum, not a comment field. */
export const THREAD_LIMIT = 500;
