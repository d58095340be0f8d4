import type { ViewContext } from '../ui/context.js';

/** The place on the search page where other features add sections (core/feature.ts): following a search. */

/** A search page's subject: the search as a saved-search key, and the one theme chosen, each named for screen readers. */
export interface SearchPageSubject {
  ctx: ViewContext;
  /** The search (null when it asks for nothing: the whole case bank). */
  search: { key: string; label: string } | null;
  /** The theme, when exactly one is chosen. */
  theme: { key: string; label: string } | null;
}

declare module '../core/feature.js' {
  interface PageSlots {
    /** Under the search page's heading (follow the search, follow the theme). */
    'search.page.heading': SearchPageSubject;
  }
}
