import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { AuthMembership, AuthUser } from '../http/context.js';

export interface UserRow extends AuthUser {
  passwordHash: string | null;
  disabled: boolean;
}

const userColumns = [
  'users.id',
  'users.email',
  'users.name',
  'users.platform_role as platformRole',
  'users.password_hash as passwordHash',
] as const;

export async function findUserByEmail(db: DbOrTrx, email: string): Promise<UserRow | undefined> {
  const row = await db
    .selectFrom('users')
    .select([...userColumns, sql<boolean>`disabled_at is not null`.as('disabled')])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row;
}

export async function insertUser(
  db: DbOrTrx,
  values: { email: string; name: string; passwordHash: string | null; platformRole: 'admin' | 'analyst' | null },
): Promise<AuthUser> {
  return db
    .insertInto('users')
    .values({ email: values.email, name: values.name, password_hash: values.passwordHash, platform_role: values.platformRole })
    .returning(['id', 'email', 'name', 'platform_role as platformRole'])
    .executeTakeFirstOrThrow();
}

export async function updateUser(
  db: DbOrTrx,
  id: string,
  values: { name?: string; passwordHash?: string; platformRole?: 'admin' | 'analyst' | null },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.passwordHash !== undefined ? { password_hash: values.passwordHash } : {}),
      ...(values.platformRole !== undefined ? { platform_role: values.platformRole } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The user behind a live session, with all memberships, in one statement. */
export async function findSessionUser(db: DbOrTrx, idHash: Buffer): Promise<(AuthUser & { memberships: AuthMembership[] }) | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.platform_role as platformRole'])
    .select((eb) => membershipsJson(eb.ref('users.id')))
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  return row;
}

export async function findTokenUser(db: DbOrTrx, tokenHash: Buffer): Promise<(AuthUser & { memberships: AuthMembership[]; tokenId: string }) | undefined> {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.platform_role as platformRole', 'api_tokens.id as tokenId'])
    .select((eb) => membershipsJson(eb.ref('users.id')))
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('api_tokens.expires_at', '>', sql<Date>`now()`)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function membershipsJson(userId: any) {
  return sql<AuthMembership[]>`coalesce((
    select json_agg(json_build_object(
      'organisationId', o.id::text, 'orgnr', o.orgnr, 'name', o.name, 'kind', o.kind,
      'role', ms.role, 'status', ms.status) order by o.name)
    from memberships ms join organisations o on o.id = ms.organisation_id
    where ms.user_id = ${userId}), '[]'::json)`.as('memberships');
}

export async function insertSession(db: DbOrTrx, idHash: Buffer, userId: string, expiresAt: Date): Promise<void> {
  await db.insertInto('sessions').values({ id_hash: idHash, user_id: userId, expires_at: expiresAt }).execute();
}

export async function deleteSession(db: DbOrTrx, idHash: Buffer): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user but the one kept (the browser that changed the password). */
export async function deleteSessionsOfUser(db: DbOrTrx, userId: string, keep: Buffer | null): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) query = query.where('id_hash', '<>', keep);
  const r = await query.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Revokes every live token of a user. */
export async function revokeTokensOfUser(db: DbOrTrx, userId: string): Promise<number> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function findPasswordHash(db: DbOrTrx, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst();
  return row?.password_hash ?? null;
}

export async function deleteExpiredSessions(db: DbOrTrx): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function touchToken(db: DbOrTrx, tokenId: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', tokenId)
    // One write a minute at most per token, not one per request.
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}

export async function insertToken(db: DbOrTrx, values: { userId: string; name: string; tokenHash: Buffer; prefix: string; days: number }) {
  return db
    .insertInto('api_tokens')
    .values({ user_id: values.userId, name: values.name, token_hash: values.tokenHash, prefix: values.prefix, expires_at: sql<Date>`now() + make_interval(days => ${values.days}::int)` })
    .returning(['id', 'name', 'prefix', 'created_at as createdAt', 'expires_at as expiresAt'])
    .executeTakeFirstOrThrow();
}

export async function listTokens(db: DbOrTrx, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at as createdAt', 'last_used_at as lastUsedAt', 'expires_at as expiresAt', 'revoked_at as revokedAt'])
    .select(sql<boolean>`expires_at <= now()`.as('expired'))
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeToken(db: DbOrTrx, userId: string, tokenId: string): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
