import type { AuthContext } from '../http/context.js';
import type { ViewContext } from '../ui/context.js';

/**
 * What a section other features add to the profile page is given (orgs: the invitations waiting
 * for an answer): the signed-in person, and the page's view context, for forms (the CSRF token).
 */
export interface ProfileSlot {
  auth: AuthContext;
  view: ViewContext;
}

declare module '../core/feature.js' {
  interface PageSlots {
    'profile.page': ProfileSlot;
  }
}
