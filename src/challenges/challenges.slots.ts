import type { ViewContext } from '../ui/context.js';
import type { ChallengeDetailRow } from './challenges.queries.js';

/**
 * The places on the challenge pages where other features add sections (core/feature.ts), each
 * where that feature's piece used to be written into the page. A section gets the page's view
 * context (for its forms' CSRF token and the signed-in user).
 */

/** A challenge page's subject: the challenge as the page shows it to this viewer. */
export interface ChallengePageSubject {
  ctx: ViewContext;
  row: ChallengeDetailRow;
}

/** The challenge form's subject: the text typed so far (title and description). */
export interface ChallengeFormSubject {
  ctx: ViewContext;
  text: string;
}

/** The challenge list's subject. */
export interface ChallengeListSubject {
  ctx: ViewContext;
}

declare module '../core/feature.js' {
  interface PageSlots {
    /** Under the challenge's owners (follow). */
    'challenge.page.heading': ChallengePageSubject;
    /** The end of the challenge page (comments and questions). */
    'challenge.page.end': ChallengePageSubject;
    /** After the description ("someone already did this"). */
    'challenge.form.hint': ChallengeFormSubject;
    /** Elements of the challenge list's <head> (the feed). */
    'challenge.list.head': ChallengeListSubject;
  }
}
