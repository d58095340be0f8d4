import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type pg from 'pg';
import { caseReadableBy } from '../cases/cases.access.js';
import { ANONYMOUS } from '../core/viewer.js';

/**
 * SQL functions derived from rules written once in TypeScript, installed by the migrator after the
 * migrations (every start): database code that needs such a rule (the partner profiles' triggers)
 * calls the function instead of holding a copy of it (issue 14). When a rule changes, the function
 * is replaced at the next start and what was computed from it is refreshed.
 */
const compiler = new Kysely<object>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** `case_readable_by_anyone(c cases)`: the case read rule for an anonymous visitor (published and public today). */
export function caseReadableByAnyoneSql(): string {
  const compiled = caseReadableBy(ANONYMOUS, 'c').compile(compiler);
  // The anonymous rule is literals only: a function body cannot hold bind parameters.
  if (compiled.parameters.length > 0) throw new Error('the anonymous case rule must compile without parameters');
  // SQL, immutable over its row argument and a single expression: the planner inlines it, so the
  // partial indexes on published public cases still apply where it is called.
  return `create or replace function case_readable_by_anyone(c cases) returns boolean language sql immutable as $rule$ select ${compiled.sql} $rule$`;
}

/** Installs (or replaces) the derived functions; refreshes the partner profiles when the case rule changed. */
export async function installDerivedSql(client: pg.PoolClient): Promise<void> {
  const statement = caseReadableByAnyoneSql();
  const body = /\$rule\$ (.*) \$rule\$$/s.exec(statement)![1]!;
  const current = await client.query<{ src: string }>(`select prosrc as src from pg_proc where proname = 'case_readable_by_anyone'`);
  if (current.rows[0]?.src.trim() === body.trim()) return;
  await client.query('begin');
  try {
    await client.query(statement);
    // Profiles computed under another rule (or none yet): all of them again.
    // Under the migrator's lock at start, unlocked: one advisory lock per organisation would not fit
    // the lock table for 100k organisations.
    await client.query(`select refresh_partner_profiles_unlocked(array(
      select owner_org_id from cases union select org_id from case_coowners
      union select owner_org_id from challenges union select org_id from challenge_coowners
      union select org_id from partner_profiles))`);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
}
