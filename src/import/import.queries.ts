import { storedCaseQuery } from '../cases/index.js';
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { OrgKind } from '../db/schema.js';

/** Norway's public bodies from the reference data, with every name they go by. */
export async function referenceOrganisationNames(db: DbOrTrx) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'name_sami as nameSami', 'aliases'])
    .where('source', '=', 'reference')
    .where('country', '=', 'NO')
    .execute();
}

/** The organisations an import has created, to find them again by name and country. */
export async function importedOrganisations(db: DbOrTrx, source: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'country']).where('source', '=', source).execute();
}

/**
 * Creates an import's organisation, or finds the one a concurrent import just created
 * (the unique index on (source, name, country) of migration 20261127T0100_import).
 */
export async function insertImportedOrganisation(
  db: DbOrTrx,
  v: { name: string; kind: OrgKind; country: string; source: string },
): Promise<{ id: string; created: boolean }> {
  const row = await db
    .insertInto('organisations')
    .values({ orgnr: null, name: v.name, kind: v.kind, country: v.country, source: v.source })
    .onConflict((oc) => oc.columns(['source', 'name', 'country']).where('source', 'like', 'import:%').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return { id: row.id, created: true };
  const found = await db
    .selectFrom('organisations')
    .select('id')
    .where('source', '=', v.source)
    .where('name', '=', v.name)
    .where('country', '=', v.country)
    .executeTakeFirstOrThrow();
  return { id: found.id, created: false };
}

/**
 * Every case an import has created, in the shape `loadCase` returns (so `storedToValues` reads
 * it): one statement for all of them, children as arrays.
 */
export async function importedCases(db: DbOrTrx, source: string) {
  return storedCaseQuery(db)
    .where('cases.source', '=', source)
    .where('cases.source_key', 'is not', null)
    .execute();
}

/** The import's own columns of a case: who owns it, its COFOG sector and where the record came from. */
export async function setImportedCaseMeta(db: DbOrTrx, caseId: string, v: { ownerOrgId: string; cofog: string | null; sourceUrl: string | null }): Promise<void> {
  await db
    .updateTable('cases')
    .set({ owner_org_id: v.ownerOrgId, cofog: v.cofog, source_url: v.sourceUrl, updated_at: sql`now()` })
    .where('id', '=', caseId)
    .execute();
}

/**
 * An import writes many small transactions and can always be run again, so it does not wait for
 * each commit to reach the disk: a crash loses at most the last moments of the run, never
 * consistency (PostgreSQL's asynchronous commit), and the next run redoes them.
 */
export async function relaxCommitDurability(trx: DbOrTrx): Promise<void> {
  await sql`set local synchronous_commit = off`.execute(trx);
}
