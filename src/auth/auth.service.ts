import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { insertAudit } from '../audit/audit.queries.js';
import { email as emailField, text, type Violations } from '../core/validation.js';
import type { AuthContext, AuthUser } from '../http/context.js';
import * as q from './auth.queries.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
const TOKEN_PREFIX = 'nytk';

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** What the sessions table keys a session cookie by (other tables that hang off a session use it too). */
export const sessionIdHash = sha256;

export type RegisterOutcome = { ok: true; user: AuthUser } | { ok: false; violations: Violations };

/** Validates and creates a local account. */
export async function registerUser(
  db: Db,
  input: { email?: unknown; name?: unknown; password?: unknown },
  meta: { requestId?: string } = {},
): Promise<RegisterOutcome> {
  const violations: Violations = {};
  const name = text(violations, 'name', input.name, { required: true, max: 200 });
  const email = emailField(violations, 'email', input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  if (!password) violations.password = { code: 'required' };
  else if (password.length < MIN_PASSWORD_LENGTH) violations.password = { code: 'too_short', min: MIN_PASSWORD_LENGTH };
  else if (password.length > MAX_PASSWORD_LENGTH) violations.password = { code: 'too_long', max: MAX_PASSWORD_LENGTH };
  if (!violations.email && (await q.findUserByEmail(db, email))) violations.email = { code: 'email_taken' };
  if (Object.keys(violations).length > 0) return { ok: false, violations };
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.transaction().execute(async (trx) => {
      const user = await q.insertUser(trx, { email, name, passwordHash, platformRole: null });
      await insertAudit(trx, { actorUserId: user.id, action: 'user.register', entityType: 'user', entityId: user.id, requestId: meta.requestId ?? null });
      return user;
    });
    return { ok: true, user };
  } catch (err) {
    // Two registrations racing for one address: the unique index decides.
    if ((err as { code?: string }).code === '23505') return { ok: false, violations: { email: { code: 'email_taken' } } };
    throw err;
  }
}

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

/** Creates a personal API token; the secret is returned once and stored only as a hash. */
export async function issueToken(db: Db, userId: string, name: string, meta: { requestId?: string } = {}) {
  const secret = randomBytes(32).toString('base64url');
  const prefix = secret.slice(0, 6);
  const token = `${TOKEN_PREFIX}_${secret}`;
  const row = await db.transaction().execute(async (trx) => {
    const row = await q.insertToken(trx, { userId, name: name.trim().slice(0, 100) || 'API', tokenHash: sha256(token), prefix });
    await insertAudit(trx, { actorUserId: userId, action: 'token.create', entityType: 'api_token', entityId: row.id, requestId: meta.requestId ?? null });
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
      await insertAudit(trx, { actorUserId: null, action: 'user.update', entityType: 'user', entityId: existing.id, details: { via: 'cli' } });
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
