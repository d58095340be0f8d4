import type { Lang, Messages } from '../i18n/index.js';

export interface ViewUser {
  name: string;
  email: string;
  /** Unread notifications (capped at 100), shown in the menu. */
  unread?: number;
}

/** A link of the site menu or footer, as the features declare it (NavEntry), for this viewer and language. */
export interface NavLink {
  href: string;
  label: string;
  /** The page section (Layout's `section`) that marks it as the current page. */
  current: string;
}

/** The links the features add to the page frame. */
export interface SiteNav {
  menu: NavLink[];
  footer: NavLink[];
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
  /** The menu and footer links (the features' nav entries). */
  nav: SiteNav;
  /** A one-line notice carried over a redirect (flash). */
  notice?: string | undefined;
}
