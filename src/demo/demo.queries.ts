import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';

/** Every demo case carries this `cases.source`; adoptions and trials are demo through their cases. */
export const DEMO_SOURCE = 'demo';

/**
 * Serialises loading and removing demo content across processes (a CLI run beside a server), for
 * the rest of the transaction. The key is an arbitrary constant private to this feature.
 */
export async function lockDemo(db: DbOrTrx): Promise<void> {
  await sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY}::bigint)`.execute(db);
}

const DEMO_LOCK_KEY = '7465600001';

export interface DemoCounts {
  cases: number;
  adoptions: number;
  trials: number;
}

/** How much demo content is stored, in one statement. */
export async function countDemo(db: DbOrTrx): Promise<DemoCounts> {
  return db
    .selectNoFrom([
      sql<number>`(select count(*)::int from cases where source = ${DEMO_SOURCE})`.as('cases'),
      sql<number>`(select count(*)::int from adoptions a where exists (
        select 1 from cases c where c.source = ${DEMO_SOURCE} and (c.id = a.source_case_id or c.id = a.adopter_case_id)))`.as('adoptions'),
      sql<number>`(select count(*)::int from case_trials t join cases c on c.id = t.case_id where c.source = ${DEMO_SOURCE})`.as('trials'),
    ])
    .executeTakeFirstOrThrow();
}

/** Whether the platform holds any case at all (drafts included) and any user. */
export async function platformContent(db: DbOrTrx): Promise<{ hasCases: boolean; hasUsers: boolean }> {
  return db
    .selectNoFrom([sql<boolean>`exists (select 1 from cases)`.as('hasCases'), sql<boolean>`exists (select 1 from users)`.as('hasUsers')])
    .executeTakeFirstOrThrow();
}

/** Backdates a freshly loaded case: drafted at `createdAt`, every later version at `publishedAt`. */
export async function setCaseTimeline(db: DbOrTrx, caseId: string, t: { createdAt: Date; publishedAt: Date; version: number }): Promise<void> {
  await db
    .updateTable('cases')
    .set({ created_at: t.createdAt, updated_at: t.publishedAt, version: t.version })
    .where('id', '=', caseId)
    .execute();
  await db
    .updateTable('case_versions')
    .set({ at: sql`case when version = 1 then ${t.createdAt}::timestamptz else ${t.publishedAt}::timestamptz end` })
    .where('case_id', '=', caseId)
    .execute();
}

/** Dates the demo user's adoptions and trials by when they happened rather than when they were loaded. */
export async function backdateDemoRecords(db: DbOrTrx, userId: string): Promise<void> {
  await db
    .updateTable('adoptions')
    .set({ created_at: sql`adopted_on + time '10:00' at time zone 'Europe/Oslo'` })
    .where('created_by', '=', userId)
    .execute();
  await db
    .updateTable('case_trials')
    .set({ created_at: sql`coalesce(started_on, current_date) + time '10:00' at time zone 'Europe/Oslo'` })
    .where('created_by', '=', userId)
    .execute();
}

/**
 * Deletes every demo case with its children (themes, partners, benefits, trials, versions and the
 * adoptions of it cascade), and first the adoptions whose adopter case is a demo case.
 */
export async function deleteDemoCases(db: DbOrTrx): Promise<void> {
  await db
    .deleteFrom('adoptions')
    .where('adopter_case_id', 'in', (eb) => eb.selectFrom('cases').select('id').where('source', '=', DEMO_SOURCE))
    .execute();
  await db.deleteFrom('cases').where('source', '=', DEMO_SOURCE).execute();
}

/**
 * Clears what still points at a user about to be deleted, outside the demo content already gone
 * (the columns have no cascade, and the history of other cases must survive the demo's removal).
 */
export async function detachUser(db: DbOrTrx, userId: string): Promise<void> {
  await db.updateTable('cases').set({ contact_user_id: null }).where('contact_user_id', '=', userId).execute();
  await db.updateTable('cases').set({ created_by: null }).where('created_by', '=', userId).execute();
  await db.updateTable('case_trials').set({ created_by: null }).where('created_by', '=', userId).execute();
  await db.updateTable('adoptions').set({ created_by: null }).where('created_by', '=', userId).execute();
  await db.updateTable('case_versions').set({ user_id: null }).where('user_id', '=', userId).execute();
  await db.updateTable('organisations').set({ created_by: null }).where('created_by', '=', userId).execute();
}

/** Deletes a user; memberships, sessions and tokens cascade. Returns how many rows went (0 or 1). */
export async function deleteUser(db: DbOrTrx, userId: string): Promise<number> {
  await db.deleteFrom('memberships').where('user_id', '=', userId).execute();
  const r = await db.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
