import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { insertAudit } from '../core/audit.js';
import { email as emailField, text, type Violations } from '../core/validation.js';
import type { Lang } from '../i18n/index.js';
import { insertOutboxMany, type OutboxInsert } from '../core/outbox.js';
import type { AuthUser } from '../http/context.js';
import { authMessages } from './auth.messages.js';
import * as authQ from './auth.queries.js';
import * as q from './accounts.queries.js';
import { endOldCredentials, passwordViolation } from './auth.service.js';
import { hashPassword } from './passwords.js';

/**
 * Registration and password reset by one-time links sent by e-mail. The forms answer the same
 * whether or not the address has an account; only the mail, which only the address's owner reads,
 * says which it is. No account exists until its address is proved.
 */

export const REGISTER_LINK_TTL_MS = 24 * 3600 * 1000;
export const RESET_LINK_TTL_MS = 3600 * 1000;
/** The secret in a link: 32 random bytes, base64url. */
export const LINK_SECRET = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest();

export interface MailContext {
  /** Absolute base for links ("https://nytenk.no"). */
  baseUrl: string;
  lang: Lang;
  requestId?: string;
}

function systemMail(site: MailContext, to: string, subject: string, body: string, tag: string): OutboxInsert {
  const host = new URL(site.baseUrl).hostname || 'nytenk';
  return { kind: 'system', userId: null, to, subject, text: body, html: null, headers: {}, messageId: `<${tag}.${randomUUID()}@${host}>` };
}

const linkTo = (site: MailContext, path: string) => {
  const url = new URL(`${site.baseUrl}${path}`);
  url.searchParams.set('lang', site.lang);
  return url.toString();
};

export type StartRegistrationOutcome = { ok: true; email: string } | { ok: false; violations: Violations };

/**
 * Checks the form and sends one mail: a link that creates the account, or (the address has an
 * account) a note saying so, with links to sign in and to reset the password. The caller shows the
 * same page either way.
 */
export async function startRegistration(db: Db, input: { email?: unknown; name?: unknown; password?: unknown }, site: MailContext): Promise<StartRegistrationOutcome> {
  const violations: Violations = {};
  const name = text(violations, 'name', input.name, { required: true, max: 200 });
  const email = emailField(violations, 'email', input.email);
  const password = passwordViolation(violations, input.password);
  if (Object.keys(violations).length > 0 || password === null) return { ok: false, violations };
  // Hashed whether or not it will be used, so both answers take as long.
  const passwordHash = await hashPassword(password);
  const t = authMessages(site.lang).mail;
  await db.transaction().execute(async (trx) => {
    const existing = await authQ.findUserByEmail(trx, email);
    if (existing) {
      // A disabled account gets nothing: the operator who disabled it decides about it.
      if (existing.disabled) return;
      const body = t.existsBody({ signin: linkTo(site, '/signin'), forgot: linkTo(site, '/password/forgot'), site: site.baseUrl });
      await insertOutboxMany(trx, [systemMail(site, existing.email, t.existsSubject, body, 'account-exists')]);
      return;
    }
    const secret = randomBytes(32).toString('base64url');
    await q.insertEmailLink(trx, { idHash: sha256(secret), purpose: 'register', email, userId: null, name, passwordHash, ttlMs: REGISTER_LINK_TTL_MS });
    const body = t.registerBody({ name, link: linkTo(site, `/register/confirm/${secret}`), site: site.baseUrl });
    await insertOutboxMany(trx, [systemMail(site, email, t.registerSubject, body, 'register')]);
  });
  return { ok: true, email };
}

/** The address a live registration link is for (the page it opens shows it), or null. */
export async function registrationLink(db: Db, secret: string): Promise<{ email: string } | null> {
  if (!LINK_SECRET.test(secret)) return null;
  const row = await q.findEmailLink(db, sha256(secret), 'register');
  return row ? { email: row.email } : null;
}

export type ConfirmRegistrationOutcome = { ok: true; user: AuthUser } | { ok: false; reason: 'gone' | 'exists' };

/** Uses a registration link up and creates the account it was for. */
export async function confirmRegistration(db: Db, secret: string, meta: { requestId?: string } = {}): Promise<ConfirmRegistrationOutcome> {
  if (!LINK_SECRET.test(secret)) return { ok: false, reason: 'gone' };
  try {
    return await db.transaction().execute(async (trx): Promise<ConfirmRegistrationOutcome> => {
      const link = await q.takeEmailLink(trx, sha256(secret), 'register');
      if (!link?.name || !link.passwordHash) return { ok: false, reason: 'gone' };
      const user = await authQ.insertUser(trx, { email: link.email, name: link.name, passwordHash: link.passwordHash, platformRole: null });
      await insertAudit(trx, { actorUserId: user.id, action: 'user.register', entityType: 'user', entityId: user.id, details: { via: 'email_link' }, requestId: meta.requestId ?? null });
      return { ok: true, user };
    });
  } catch (err) {
    // The address got an account in between (two links, or a sign-in through OpenID Connect).
    if ((err as { code?: string }).code === '23505') return { ok: false, reason: 'exists' };
    throw err;
  }
}

export type RequestResetOutcome = { ok: true; email: string } | { ok: false; violations: Violations };

/** Sends a reset link if the address has an (enabled) account; answers the same either way. */
export async function requestPasswordReset(db: Db, input: { email?: unknown }, site: MailContext): Promise<RequestResetOutcome> {
  const violations: Violations = {};
  const email = emailField(violations, 'email', input.email);
  if (Object.keys(violations).length > 0) return { ok: false, violations };
  const t = authMessages(site.lang).mail;
  await db.transaction().execute(async (trx) => {
    const user = await authQ.findUserByEmail(trx, email);
    if (!user || user.disabled) return;
    const secret = randomBytes(32).toString('base64url');
    await q.insertEmailLink(trx, { idHash: sha256(secret), purpose: 'reset', email: user.email, userId: user.id, name: null, passwordHash: null, ttlMs: RESET_LINK_TTL_MS });
    const body = t.resetBody({ link: linkTo(site, `/password/reset/${secret}`), site: site.baseUrl });
    await insertOutboxMany(trx, [systemMail(site, user.email, t.resetSubject, body, 'password-reset')]);
  });
  return { ok: true, email };
}

/** Whether a reset link is live (the page it opens asks for the new password only then). */
export async function resetLinkIsLive(db: Db, secret: string): Promise<boolean> {
  return LINK_SECRET.test(secret) && (await q.findEmailLink(db, sha256(secret), 'reset')) !== undefined;
}

export type ResetPasswordOutcome =
  | { ok: true; userId: string; sessionsEnded: number; tokensRevoked: number }
  | { ok: false; reason: 'gone' }
  | { ok: false; reason: 'invalid'; violations: Violations };

/**
 * Sets the password a reset link was for, uses up every reset link of the account, and ends every
 * session and API token made with the old password.
 */
export async function resetPassword(db: Db, secret: string, input: { password?: unknown }, meta: { requestId?: string } = {}): Promise<ResetPasswordOutcome> {
  if (!LINK_SECRET.test(secret)) return { ok: false, reason: 'gone' };
  const violations: Violations = {};
  const password = passwordViolation(violations, input.password);
  if (password === null) return { ok: false, reason: 'invalid', violations };
  // A used or unknown link costs no hashing (taking it below still decides a race).
  if (!(await q.findEmailLink(db, sha256(secret), 'reset'))) return { ok: false, reason: 'gone' };
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx): Promise<ResetPasswordOutcome> => {
    const link = await q.takeEmailLink(trx, sha256(secret), 'reset');
    if (!link?.userId) return { ok: false, reason: 'gone' };
    const userId = link.userId;
    await authQ.updateUser(trx, userId, { passwordHash });
    await q.deleteResetLinksOf(trx, userId);
    const ended = await endOldCredentials(trx, userId, null);
    await insertAudit(trx, { actorUserId: userId, action: 'user.password_reset', entityType: 'user', entityId: userId, details: ended, requestId: meta.requestId ?? null });
    return { ok: true, userId, ...ended };
  });
}
