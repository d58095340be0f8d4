import type { Lang, Messages } from '../i18n/index.js';

export interface ViewUser {
  name: string;
  email: string;
  /** Unread notifications (capped at 100), shown in the menu. */
  unread?: number;
}

/** What every page needs from the request; views get plain data, never a request or database. */
export interface ViewContext {
  lang: Lang;
  m: Messages;
  user: ViewUser | null;
  /** The path and query of this page, for the language switch and return links. */
  url: string;
  /** Token for forms on this page (CSRF). */
  csrfToken: string;
  /** A one-line notice carried over a redirect (flash). */
  notice?: string | undefined;
}
