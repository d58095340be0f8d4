import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';

/**
 * The relevance evaluation's baseline (search.eval.ts): a plain `simple`-config vector of title and
 * text per case, no stemming, no weights, no expansion. It lives in its own table, created for one
 * evaluation and dropped after it, so the search's own vector and functions stay untouched.
 */
const TABLE = sql.table('search_eval_baseline');

export async function createBaseline(db: DbOrTrx, caseIds: string[]): Promise<void> {
  await sql`drop table if exists ${TABLE}`.execute(db);
  await sql`create table ${TABLE} as
    select c.id as case_id, to_tsvector('simple', c.title || ' ' || c.what_is_new) as vector
    from cases c where c.id = any(${caseIds}::bigint[])`.execute(db);
  await sql`create index on ${TABLE} using gin (vector)`.execute(db);
  await sql`analyze ${TABLE}`.execute(db);
}

/**
 * The baseline's top `limit` case ids for a question: its words OR-ed (as Nytenk's search does),
 * ranked by ts_rank_cd.
 */
export async function baselineSearch(db: DbOrTrx, text: string, limit: number): Promise<string[]> {
  const r = await sql<{ id: string }>`
    with q as (select nullif(replace(plainto_tsquery('simple', ${text})::text, ' & ', ' | '), '')::tsquery as query)
    select b.case_id::text as id
    from ${TABLE} b cross join q
    where q.query is not null and b.vector @@ q.query
    order by ts_rank_cd(b.vector, q.query) desc, b.case_id
    limit ${limit}`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function dropBaseline(db: DbOrTrx): Promise<void> {
  await sql`drop table if exists ${TABLE}`.execute(db);
}
