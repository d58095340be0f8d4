import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import { prepare } from '../db/prepared.js';

// The SQL the in-memory index (search.index.ts) is filled and kept current with.

/** A case as the index reads it. */
export interface CaseRow {
  id: string;
  /** The writing transaction (xid8 as text): an older version never replaces a newer one. */
  xid: string;
  owner: string;
  coowners: string[] | null;
  published: boolean;
  published_ms: number | null;
  visibility: string;
  adoption_count: number;
  types: string[];
  stage: string | null;
  status: string;
  language: string;
  themes: string[];
  county: string | null;
  org_kind: string | null;
  actors: string[];
  year: number | null;
  lessons: boolean;
  /** The tsvector as text: 'stem':1A,5 'other':3 … */
  vector: string | null;
  title_lexemes: string | null;
}

const ROW_COLUMNS = sql`
  c.id::text as id, c.search_xid::text as xid, c.owner_org_id::text as owner,
  (select array_agg(cc.org_id::text) from case_coowners cc where cc.case_id = c.id) as coowners,
  c.published_at is not null as published,
  (extract(epoch from c.published_at) * 1000)::float8 as published_ms,
  c.visibility, c.adoption_count, c.types, c.stage, c.status, c.language,
  c.facet_main_themes as themes, c.facet_county as county, c.facet_org_kind as org_kind,
  c.facet_actor_types as actors, c.facet_year as year, c.facet_has_lessons as lessons,
  c.search_vector::text as vector,
  array_to_string(tsvector_to_array(c.title_vector), ' ') as title_lexemes`;

/** The oldest transaction not yet finished: whatever commits from it on is read again by the next sync. */
export async function snapshotWatermark(db: DbOrTrx): Promise<string> {
  const { rows } = await sql<{ xmin: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(db);
  return rows[0]!.xmin;
}

/** Up to `limit` cases with ids above `after`, in id order (the build reads every case in batches). */
export async function caseRowsAfter(db: DbOrTrx, after: string, limit: number): Promise<CaseRow[]> {
  const { rows } = await sql<CaseRow>`select ${ROW_COLUMNS} from cases c where c.id > ${after}::bigint order by c.id limit ${limit}`.execute(db);
  return rows;
}

/**
 * The rows changed since the index's watermark and the new watermark, in one statement (one
 * snapshot), together with `extra`: the caller's own query for the same round trip.
 */
export async function readChanges<T>(db: DbOrTrx, since: string, extra: ReturnType<typeof sql<T>> | null): Promise<{ rows: CaseRow[]; deleted: string[]; watermark: string; extra: T | null }> {
  const compiled = sql<{ xmin: string; rows: CaseRow[] | null; deleted: string[] | null; extra: T | null }>`
    select pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
      (select json_agg(x) from (select ${ROW_COLUMNS} from cases c where c.search_xid >= ${since}::xid8) x) as rows,
      (select array_agg(d.case_id::text) from case_search_deletions d where d.xid >= ${since}::xid8) as deleted,
      ${extra ?? sql`null`} as extra`.compile(db);
  // Before every search: prepared once per connection.
  const { rows } = await db.executeQuery(extra ? compiled : prepare(compiled));
  const r = rows[0]!;
  return { rows: r.rows ?? [], deleted: r.deleted ?? [], watermark: r.xmin, extra: r.extra };
}
