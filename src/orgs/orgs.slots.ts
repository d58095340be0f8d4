import type { ViewContext } from '../ui/context.js';
import type { OrgDetail } from './orgs.queries.js';

/**
 * The places on the organisation pages where other features add sections (core/feature.ts): what
 * the organisation innovates, the partners it looks for, following it.
 */

/** An organisation page's subject: the organisation, and the page's own path (for return links). */
export interface OrgPageSubject {
  ctx: ViewContext;
  org: OrgDetail;
  path: string;
}

/** The organisation list's subject. */
export interface OrgListSubject {
  ctx: ViewContext;
}

declare module '../core/feature.js' {
  interface PageSlots {
    /** Under the organisation's name (follow). */
    'org.page.heading': OrgPageSubject;
    /** The end of the organisation page (its partner status, cases and challenges). */
    'org.page.more': OrgPageSubject;
    /** Under the organisation list's lead (finding partners). */
    'org.list.links': OrgListSubject;
  }
}
