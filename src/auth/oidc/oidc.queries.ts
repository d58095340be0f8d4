import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
// oidc_email_confirmations joins the DB type there (module augmentation).

export interface LoginRow {
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  next: string;
}

export async function insertLogin(db: DbOrTrx, idHash: Buffer, login: LoginRow, expiresAt: Date): Promise<void> {
  await db
    .insertInto('oidc_logins')
    .values({
      id_hash: idHash,
      provider: login.provider,
      state: login.state,
      nonce: login.nonce,
      code_verifier: login.codeVerifier,
      redirect_uri: login.redirectUri,
      next: login.next,
      expires_at: expiresAt,
    })
    .execute();
}

/** Removes the login and returns it, if it is live: one statement, so two callbacks cannot both get it. */
export async function takeLogin(db: DbOrTrx, idHash: Buffer): Promise<LoginRow | undefined> {
  return db
    .deleteFrom('oidc_logins')
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['provider', 'state', 'nonce', 'code_verifier as codeVerifier', 'redirect_uri as redirectUri', 'next'])
    .executeTakeFirst();
}

export async function deleteExpiredLogins(db: DbOrTrx): Promise<void> {
  await db.deleteFrom('oidc_logins').where('expires_at', '<', sql<Date>`now()`).execute();
}

/** The user an identity is linked to. */
export async function findIdentityUser(db: DbOrTrx, provider: string, subject: string) {
  return db
    .selectFrom('user_identities')
    .innerJoin('users', 'users.id', 'user_identities.user_id')
    .select(['users.id', sql<boolean>`users.disabled_at is not null`.as('disabled')])
    .where('user_identities.provider', '=', provider)
    .where('user_identities.subject', '=', subject)
    .executeTakeFirst();
}

/** Links an identity; false when it was linked meanwhile (two first sign-ins racing). */
export async function insertIdentity(db: DbOrTrx, values: { provider: string; subject: string; userId: string; email: string | null }): Promise<boolean> {
  const r = await db
    .insertInto('user_identities')
    .values({ provider: values.provider, subject: values.subject, user_id: values.userId, email: values.email })
    .onConflict((oc) => oc.columns(['provider', 'subject']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertProviderSession(db: DbOrTrx, sessionIdHash: Buffer, provider: string, idToken: string): Promise<void> {
  await db.insertInto('oidc_sessions').values({ session_id_hash: sessionIdHash, provider, id_token: idToken }).execute();
}

export async function findProviderSession(db: DbOrTrx, sessionIdHash: Buffer) {
  return db
    .selectFrom('oidc_sessions')
    .innerJoin('sessions', 'sessions.id_hash', 'oidc_sessions.session_id_hash')
    .select(['oidc_sessions.provider', 'oidc_sessions.id_token as idToken'])
    .where('oidc_sessions.session_id_hash', '=', sessionIdHash)
    .executeTakeFirst();
}

// ---- e-mail confirmation of a first sign-in without a verified address ----

export interface ConfirmationInsert {
  provider: string;
  subject: string;
  name: string | null;
  claimedEmail: string | null;
  next: string;
  idToken: string;
}

export async function insertConfirmation(db: DbOrTrx, idHash: Buffer, row: ConfirmationInsert, expiresAt: Date): Promise<void> {
  await db
    .insertInto('oidc_email_confirmations')
    .values({
      id_hash: idHash,
      provider: row.provider,
      subject: row.subject,
      name: row.name,
      claimed_email: row.claimedEmail,
      next: row.next,
      id_token: row.idToken,
      expires_at: expiresAt,
    })
    .execute();
}

export async function deleteExpiredConfirmations(db: DbOrTrx): Promise<void> {
  await db.deleteFrom('oidc_email_confirmations').where('expires_at', '<', sql<Date>`now()`).execute();
}

const confirmationColumns = [
  'provider',
  'subject',
  'name',
  'claimed_email as claimedEmail',
  'next',
  'id_token as idToken',
  'email',
  'code_hash as codeHash',
  'codes_sent as codesSent',
  'attempts',
  'expires_at as expiresAt',
] as const;

/** A live confirmation (not expired). */
export async function findConfirmation(db: DbOrTrx, idHash: Buffer) {
  return db.selectFrom('oidc_email_confirmations').select(confirmationColumns).where('id_hash', '=', idHash).where('expires_at', '>', sql<Date>`now()`).executeTakeFirst();
}

/**
 * Stores a new code and the address it goes to, unless `maxSends` codes have gone out already;
 * returns the confirmation as updated, or nothing (expired, gone, or no more codes).
 */
export async function recordCodeSent(db: DbOrTrx, idHash: Buffer, email: string, codeHash: Buffer, maxSends: number) {
  return db
    .updateTable('oidc_email_confirmations')
    .set({ email, code_hash: codeHash, codes_sent: sql<number>`codes_sent + 1` })
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('codes_sent', '<', maxSends)
    .returning(confirmationColumns)
    .executeTakeFirst();
}

/**
 * Counts one attempt at the code and returns the confirmation with the count after it; nothing when
 * it is expired, gone or out of attempts. The count goes up before the code is compared, in one
 * statement, so parallel guesses cannot get more than `maxAttempts` between them.
 */
export async function countAttempt(db: DbOrTrx, idHash: Buffer, maxAttempts: number) {
  return db
    .updateTable('oidc_email_confirmations')
    .set({ attempts: sql<number>`attempts + 1` })
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('attempts', '<', maxAttempts)
    .returning(confirmationColumns)
    .executeTakeFirst();
}

/** Deletes a confirmation; true when this call deleted it (of two racing, one wins). */
export async function deleteConfirmation(db: DbOrTrx, idHash: Buffer): Promise<boolean> {
  const r = await db.deleteFrom('oidc_email_confirmations').where('id_hash', '=', idHash).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
