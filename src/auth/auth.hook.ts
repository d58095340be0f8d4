import type { FastifyRequest } from 'fastify';
import type { Feature } from '../core/feature.js';
import { unauthenticated } from '../core/errors.js';
import type { Db } from '../db/database.js';
import * as auth from './auth.service.js';

export const SESSION_COOKIE = 'nytenk_session';

type SessionHook = NonNullable<Feature['onSession']>;

/**
 * Resolves who is asking: a Bearer token (API clients) or the session cookie (browsers). A browser
 * session then goes through the features' session hooks (the registry's `sessionHooks`), which add
 * what the page frame shows, such as the menu's unread count.
 */
export async function authHook(db: Db, request: FastifyRequest, sessionHooks: readonly SessionHook[]): Promise<void> {
  request.auth = null;
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match?.[1]) request.auth = await auth.authFromToken(db, match[1]);
    if (!request.auth) throw unauthenticated('The API token is missing, unknown, expired or revoked');
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) request.auth = await auth.authFromSession(db, cookie);
  if (request.auth) await Promise.all(sessionHooks.map((hook) => hook(db, request.auth!)));
}
