import type { AuthContext } from '../http/context.js';

/**
 * Who may load the demo content from the web. Deny by default: a platform admin may; otherwise only
 * a fresh install (no cases and no users at all), where the visitor is whoever is setting it up.
 */
export function canLoadDemo(auth: AuthContext | null, platform: { hasCases: boolean; hasUsers: boolean }): boolean {
  if (auth?.user.platformRole === 'admin') return true;
  return !platform.hasCases && !platform.hasUsers;
}
