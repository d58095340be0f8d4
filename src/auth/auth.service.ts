import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { insertAudit } from '../core/audit.js';
import { email as emailField, text, type Violations } from '../core/validation.js';
import type { AuthContext, AuthUser } from '../http/context.js';
import * as q from './auth.queries.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
/** How long a token works when the caller names no other span (the config's API_TOKEN_DAYS default). */
export const DEFAULT_TOKEN_DAYS = 365;
const TOKEN_PREFIX = 'nytk';

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** What the sessions table keys a session cookie by (other tables that hang off a session use it too). */
export const sessionIdHash = sha256;

export type SignInOutcome = { ok: true; user: AuthUser } | { ok: false; reason: 'invalid_credentials' };

export async function checkCredentials(db: Db, email: unknown, password: unknown): Promise<SignInOutcome> {
  const e = typeof email === 'string' ? email.trim().toLowerCase() : '';
  const p = typeof password === 'string' ? password : '';
  const user = e ? await q.findUserByEmail(db, e) : undefined;
  const valid = await verifyPassword(p.slice(0, MAX_PASSWORD_LENGTH), user && !user.disabled ? user.passwordHash : null);
  if (!user || !valid) return { ok: false, reason: 'invalid_credentials' };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole } };
}

/** A new session with a fresh id: called at every sign-in, so an id seen before sign-in is worthless. */
export async function startSession(db: Db, userId: string, meta: { requestId?: string } = {}): Promise<{ cookie: string; expiresAt: Date }> {
  const cookie = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.transaction().execute(async (trx) => {
    await q.insertSession(trx, sha256(cookie), userId, expiresAt);
    await insertAudit(trx, { actorUserId: userId, action: 'session.start', entityType: 'user', entityId: userId, requestId: meta.requestId ?? null });
  });
  return { cookie, expiresAt };
}

export async function endSession(db: Db, cookie: string): Promise<void> {
  await q.deleteSession(db, sha256(cookie));
}

export async function authFromSession(db: Db, cookie: string): Promise<AuthContext | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
  const row = await q.findSessionUser(db, sha256(cookie));
  if (!row) return null;
  const { memberships, ...user } = row;
  // What the page frame shows besides (the menu's unread count) is added by the features' session
  // hooks, run by authHook.
  return { user, memberships, via: 'session' };
}

export async function authFromToken(db: Db, token: string): Promise<AuthContext | null> {
  if (!token.startsWith(`${TOKEN_PREFIX}_`) || token.length > 200) return null;
  const row = await q.findTokenUser(db, sha256(token));
  if (!row) return null;
  await q.touchToken(db, row.tokenId);
  const { memberships, tokenId: _tokenId, ...user } = row;
  return { user, memberships, via: 'token' };
}

/**
 * Creates a personal API token that works for `meta.days` days; the secret is returned once and
 * stored only as a hash. Callers decide who may ask: a signed-in browser or the CLI, never a token.
 */
export async function issueToken(db: Db, userId: string, name: string, meta: { requestId?: string; days?: number } = {}) {
  const secret = randomBytes(32).toString('base64url');
  const prefix = secret.slice(0, 6);
  const token = `${TOKEN_PREFIX}_${secret}`;
  const days = meta.days ?? DEFAULT_TOKEN_DAYS;
  const row = await db.transaction().execute(async (trx) => {
    const row = await q.insertToken(trx, { userId, name: name.trim().slice(0, 100) || 'API', tokenHash: sha256(token), prefix, days });
    await insertAudit(trx, { actorUserId: userId, action: 'token.create', entityType: 'api_token', entityId: row.id, details: { days }, requestId: meta.requestId ?? null });
    return row;
  });
  return { ...row, token };
}

export async function revokeToken(db: Db, userId: string, tokenId: string, meta: { requestId?: string } = {}): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const done = await q.revokeToken(trx, userId, tokenId);
    if (done) await insertAudit(trx, { actorUserId: userId, action: 'token.revoke', entityType: 'api_token', entityId: tokenId, requestId: meta.requestId ?? null });
    return done;
  });
}

export const listTokens = q.listTokens;

/** Whether the account has a password (one made through OpenID Connect may not). */
export async function hasPassword(db: Db, userId: string): Promise<boolean> {
  return (await q.findPasswordHash(db, userId)) !== null;
}

/**
 * A new password ends what the old one let in: every session of the user but `keepCookie` (the
 * browser making the change; null ends them all) and every API token. Whoever learnt the old
 * password, or stole a session or token made with it, is out. Call inside the transaction that
 * writes the new hash.
 */
export async function endOldCredentials(trx: Parameters<typeof q.deleteSessionsOfUser>[0], userId: string, keepCookie: string | null) {
  const sessionsEnded = await q.deleteSessionsOfUser(trx, userId, keepCookie ? sha256(keepCookie) : null);
  const tokensRevoked = await q.revokeTokensOfUser(trx, userId);
  return { sessionsEnded, tokensRevoked };
}

export type ChangePasswordOutcome = { ok: true; sessionsEnded: number; tokensRevoked: number } | { ok: false; violations: Violations };

/** A signed-in user changes their password, proving the current one (if the account has one). */
export async function changePassword(
  db: Db,
  userId: string,
  input: { currentPassword?: unknown; password?: unknown },
  keepCookie: string | null,
  meta: { requestId?: string } = {},
): Promise<ChangePasswordOutcome> {
  const violations: Violations = {};
  const current = typeof input.currentPassword === 'string' ? input.currentPassword : '';
  const existingHash = await q.findPasswordHash(db, userId);
  const password = passwordViolation(violations, input.password);
  // An account made through OpenID Connect has no password yet: it may set one without proof of
  // an old one, as it is already signed in. The costly hash comparison runs only for an otherwise
  // acceptable form.
  if (existingHash) {
    if (!current) violations.currentPassword = { code: 'required' };
    else if (password !== null && !(await verifyPassword(current.slice(0, MAX_PASSWORD_LENGTH), existingHash))) violations.currentPassword = { code: 'wrong_password' };
  }
  if (Object.keys(violations).length > 0 || password === null) {
    // In the form's order, for the error summary.
    const { currentPassword, password: next } = violations;
    return { ok: false, violations: { ...(currentPassword ? { currentPassword } : {}), ...(next ? { password: next } : {}) } };
  }
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    await q.updateUser(trx, userId, { passwordHash });
    const ended = await endOldCredentials(trx, userId, keepCookie);
    await insertAudit(trx, { actorUserId: userId, action: 'user.password_change', entityType: 'user', entityId: userId, details: ended, requestId: meta.requestId ?? null });
    return { ok: true as const, ...ended };
  });
}

/** A new password's length rules; records a violation under `password` and returns null if broken. */
export function passwordViolation(violations: Violations, raw: unknown): string | null {
  const password = typeof raw === 'string' ? raw : '';
  if (!password) violations.password = { code: 'required' };
  else if (password.length < MIN_PASSWORD_LENGTH) violations.password = { code: 'too_short', min: MIN_PASSWORD_LENGTH };
  else if (password.length > MAX_PASSWORD_LENGTH) violations.password = { code: 'too_long', max: MAX_PASSWORD_LENGTH };
  return violations.password ? null : password;
}
export const findUserByEmail = q.findUserByEmail;
export { hashPassword };

export type CliUserOutcome =
  | { ok: true; user: AuthUser; created: boolean }
  | { ok: false; violations: Violations };

/** `nytenk user create`: creates the user, or updates name, password and platform role if it exists. */
export async function createOrUpdateUser(
  db: Db,
  input: { email: string; name: string; password?: string | undefined; platformRole?: 'admin' | 'analyst' | null | undefined },
): Promise<CliUserOutcome> {
  const violations: Violations = {};
  const name = text(violations, 'name', input.name, { required: true, max: 200 });
  const email = emailField(violations, 'email', input.email);
  if (input.password !== undefined) {
    if (input.password.length < MIN_PASSWORD_LENGTH) violations.password = { code: 'too_short', min: MIN_PASSWORD_LENGTH };
    else if (input.password.length > MAX_PASSWORD_LENGTH) violations.password = { code: 'too_long', max: MAX_PASSWORD_LENGTH };
  }
  if (Object.keys(violations).length > 0) return { ok: false, violations };
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  return db.transaction().execute(async (trx) => {
    const existing = await q.findUserByEmail(trx, email);
    if (existing) {
      await q.updateUser(trx, existing.id, { name, passwordHash, platformRole: input.platformRole });
      // A password set by an operator (say, for someone locked out) ends every old session and token too.
      const ended = passwordHash !== undefined ? await endOldCredentials(trx, existing.id, null) : {};
      await insertAudit(trx, { actorUserId: null, action: 'user.update', entityType: 'user', entityId: existing.id, details: { via: 'cli', ...ended } });
      return {
        ok: true as const,
        created: false,
        user: { id: existing.id, email: existing.email, name, platformRole: input.platformRole !== undefined ? input.platformRole : existing.platformRole },
      };
    }
    const user = await q.insertUser(trx, { email, name, passwordHash: passwordHash ?? null, platformRole: input.platformRole ?? null });
    await insertAudit(trx, { actorUserId: null, action: 'user.create', entityType: 'user', entityId: user.id, details: { via: 'cli' } });
    return { ok: true as const, created: true, user };
  });
}
