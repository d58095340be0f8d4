import type { ViewContext } from '../ui/context.js';
import type { CaseDetailRow } from './cases.queries.js';

/**
 * The places on the case pages where other features add sections (core/feature.ts). Each slot is
 * where a piece of another feature used to be written into the page, so the HTML keeps its order.
 * A section gets the page's view context (for its forms' CSRF token and the signed-in user).
 */

/** A case page's subject: the case as the page shows it to this viewer. */
export interface CasePageSubject {
  ctx: ViewContext;
  row: CaseDetailRow;
}

/** The case form's subject: the text typed so far (title, summary, problem), and the case once saved. */
export interface CaseFormSubject {
  ctx: ViewContext;
  caseId?: string | undefined;
  text: string;
}

/** The case list's subject. */
export interface CaseListSubject {
  ctx: ViewContext;
}

declare module '../core/feature.js' {
  interface PageSlots {
    /** Elements of the case page's <head> (schema.org data). */
    'case.page.head': CasePageSubject;
    /** Under the case's heading and tags, before its buttons (the challenges it solves, follow). */
    'case.page.heading': CasePageSubject;
    /** After the adoptions, before the lineage (similar cases). */
    'case.page.related': CasePageSubject;
    /** The end of the case page (comments and questions). */
    'case.page.end': CasePageSubject;
    /** Between the form's description and its themes ("someone already did this"). */
    'case.form.hint': CaseFormSubject;
    /** Elements of the case list's <head> (the feed). */
    'case.list.head': CaseListSubject;
  }
}
