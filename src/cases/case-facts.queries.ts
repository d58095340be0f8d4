import { sql, type Expression, type SqlBool } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import { type Viewer } from '../core/viewer.js';
import { caseReadableBy } from './cases.access.js';

/** The read rule of cases.access.ts in the case bank's SQL: a `where` on cases, and the facts it needs of a case a row names. */

/**
 * The read rule of cases.access.ts as a `where` callback on `cases` (kept under this name for the
 * queries of other features that import it).
 */
export function visibleTo(viewer: Viewer) {
  const readable = caseReadableBy(viewer, 'cases');
  return (_eb?: unknown): Expression<SqlBool> => readable;
}

/** What the read rule needs of the case with this id (a correlated JSON object, null when there is none): for cases a page names. */
export interface CaseFactsJson {
  id: string;
  title: string;
  ownerOrgId: string;
  coOwnerIds: string[];
  published: boolean;
  visibility: string;
}
export function caseFactsOf(idColumn: string) {
  return sql<CaseFactsJson | null>`(select json_build_object(
      'id', x.id::text, 'title', x.title, 'ownerOrgId', x.owner_org_id::text, 'published', x.published_at is not null, 'visibility', x.visibility,
      'coOwnerIds', coalesce((select array_agg(xc.org_id::text) from case_coowners xc where xc.case_id = x.id), '{}'))
    from cases x where x.id = ${sql.ref(idColumn)})`;
}

/** The read facts of these cases (for naming them to a viewer). */
export async function caseFactsByIds(db: DbOrTrx, ids: string[]): Promise<CaseFactsJson[]> {
  if (ids.length === 0) return [];
  const r = await sql<{ f: CaseFactsJson }>`select ${caseFactsOf('u.id')} as f from unnest(${ids}::bigint[]) as u(id)`.execute(db);
  return r.rows.map((x) => x.f).filter((f): f is CaseFactsJson => f !== null);
}
