/**
 * What a backup reads from and a restore checks in PostgreSQL's catalogue: the application's tables
 * (schema `public`, not an extension's), their columns, foreign keys and sequences. SQL only.
 */
import type pg from 'pg';

export interface CatalogTable {
  name: string;
  /** Columns a backup carries, in table order. */
  columns: string[];
  primaryKey: string[];
}

export interface ForeignKey {
  table: string;
  name: string;
  references: string;
  deferrable: boolean;
}

const quote = (client: pg.ClientBase, name: string) => client.escapeIdentifier(name);

/** Schema-qualified, quoted: every statement names `public` so no search_path can redirect it. */
export const qualified = (client: pg.ClientBase, name: string) => `public.${quote(client, name)}`;

// Generated columns are computed again on restore (COPY cannot write them). Columns of type xid/xid8
// hold transaction ids, which mean nothing in another cluster (a restored cases.search_xid from a
// busier server would hide later edits from the search index): they are left out, and on restore
// take their default, the restoring transaction's id.
const TABLES_SQL = `
  select c.relname::text as name,
    array(select a.attname::text from pg_attribute a
          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
            and a.atttypid not in ('xid'::regtype, 'xid8'::regtype)
          order by a.attnum) as columns,
    coalesce((select array(select a.attname::text from unnest(i.indkey::int2[]) with ordinality k(attnum, pos)
                          join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum order by k.pos)
              from pg_index i where i.indrelid = c.oid and i.indisprimary), '{}') as "primaryKey"
  from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
    and c.relname <> 'schema_migrations'
    and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  order by c.relname`;

export async function listTables(client: pg.ClientBase): Promise<CatalogTable[]> {
  return (await client.query<CatalogTable>(TABLES_SQL)).rows;
}

export async function listForeignKeys(client: pg.ClientBase): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(`
    select t.relname::text as "table", k.conname::text as name, r.relname::text as "references", k.condeferrable as deferrable
    from pg_constraint k join pg_class t on t.oid = k.conrelid join pg_class r on r.oid = k.confrelid
    where k.contype = 'f' and k.connamespace = 'public'::regnamespace
    order by 1, 2`);
  return rows;
}

/** Tables ordered so that a table comes after the tables it references (self-references ignored). */
export function dependencyOrder(tables: string[], keys: ForeignKey[]): string[] {
  const pending = new Set(tables);
  const needs = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const k of keys) if (k.table !== k.references && pending.has(k.references)) needs.get(k.table)?.add(k.references);
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((t) => [...needs.get(t)!].every((n) => !pending.has(n))).sort();
    // A cycle between tables (none today) is broken alphabetically; foreign keys are checked at
    // the end of the restore either way (see restore), so the order is only a courtesy.
    const next = ready.length > 0 ? ready : [[...pending].sort()[0]!];
    for (const t of next) {
      pending.delete(t);
      order.push(t);
    }
  }
  return order;
}

export interface SequenceRow {
  name: string;
  value: string;
  isCalled: boolean;
}

export async function readSequences(client: pg.ClientBase): Promise<SequenceRow[]> {
  const { rows } = await client.query<{ name: string }>(`
    select c.relname::text as name from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'S'
      and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    order by 1`);
  const out: SequenceRow[] = [];
  for (const { name } of rows) {
    const r = await client.query<{ value: string; isCalled: boolean }>(
      `select last_value::text as value, is_called as "isCalled" from ${qualified(client, name)}`,
    );
    out.push({ name, ...r.rows[0]! });
  }
  return out;
}

/** Tables (of `names`) that hold at least one row. One statement however many tables. */
export async function nonEmptyTables(client: pg.ClientBase, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const sql = names.map((n, i) => `select $${i + 1}::text as name where exists (select 1 from ${qualified(client, n)})`).join(' union all ');
  return (await client.query<{ name: string }>(sql, names)).rows.map((r) => r.name);
}

export async function appliedMigrations(client: pg.ClientBase): Promise<{ name: string; checksum: string }[] | null> {
  const exists = await client.query<{ t: string | null }>(`select to_regclass('public.schema_migrations')::text as t`);
  if (!exists.rows[0]?.t) return null;
  return (await client.query<{ name: string; checksum: string }>('select name, checksum from public.schema_migrations order by name')).rows;
}

/**
 * Session settings that make COPY's text output mean the same thing on any server: dates in ISO
 * order (a server with DateStyle "SQL, DMY" would otherwise read 01/02 the other way round), UTC,
 * floats with every digit, bytea in hex.
 */
export async function setPortableFormats(client: pg.ClientBase): Promise<void> {
  await client.query(
    `set local datestyle = 'ISO, YMD'; set local intervalstyle = 'postgres'; set local timezone = 'UTC';
     set local extra_float_digits = 3; set local bytea_output = 'hex'; set local statement_timeout = 0`,
  );
}
