import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

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
