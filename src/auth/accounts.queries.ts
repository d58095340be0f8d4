import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';

/** A one-time link's row; expired rows of every kind are swept out as new ones are written. */
export async function insertEmailLink(
  db: DbOrTrx,
  values: { idHash: Buffer; purpose: 'register' | 'reset'; email: string; userId: string | null; name: string | null; passwordHash: string | null; ttlMs: number },
): Promise<void> {
  await db.deleteFrom('email_links').where('expires_at', '<', sql<Date>`now()`).execute();
  await db
    .insertInto('email_links')
    .values({
      id_hash: values.idHash,
      purpose: values.purpose,
      email: values.email,
      user_id: values.userId,
      name: values.name,
      password_hash: values.passwordHash,
      expires_at: sql<Date>`now() + make_interval(secs => ${values.ttlMs / 1000}::float8)`,
    })
    .execute();
}

/** A live link, without using it up (for the page the link opens). */
export async function findEmailLink(db: DbOrTrx, idHash: Buffer, purpose: 'register' | 'reset') {
  return db
    .selectFrom('email_links')
    .select(['email', 'user_id as userId', 'name'])
    .where('id_hash', '=', idHash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Uses a live link up: deletes it and returns what it held, or nothing if it was not live. */
export async function takeEmailLink(db: DbOrTrx, idHash: Buffer, purpose: 'register' | 'reset') {
  return db
    .deleteFrom('email_links')
    .where('id_hash', '=', idHash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['email', 'user_id as userId', 'name', 'password_hash as passwordHash'])
    .executeTakeFirst();
}

/** Every reset link of a user (one reset makes the others worthless). */
export async function deleteResetLinksOf(db: DbOrTrx, userId: string): Promise<void> {
  await db.deleteFrom('email_links').where('user_id', '=', userId).execute();
}
