import type pg from 'pg';

/**
 * SQL functions derived from rules written once in TypeScript, declared by the feature that owns
 * the rule (its manifest's `database.derived`) and installed by the migrator after the migrations
 * (every start): database code that needs such a rule (the partner profiles' triggers) calls the
 * function instead of holding a copy of it (issue 14). When a rule changes, the function is replaced
 * at the next start and what was computed from it is refreshed.
 */
export interface DerivedFunction {
  /** The function's name (pg_proc.proname). */
  name: string;
  /** `create or replace function …` with its body between `$rule$ ` and ` $rule$` (compared with the installed one). */
  statement(): string;
  /** Runs in the same transaction when the function was (re)installed: recomputes what was derived under another rule. */
  afterChange?: string;
}

/** Installs (or replaces) the derived functions whose bodies changed, each with its `afterChange`. */
export async function installDerivedSql(client: pg.PoolClient, functions: readonly DerivedFunction[]): Promise<void> {
  for (const fn of functions) {
    const statement = fn.statement();
    const body = /\$rule\$ (.*) \$rule\$$/s.exec(statement)![1]!;
    const current = await client.query<{ src: string }>(`select prosrc as src from pg_proc where proname = $1`, [fn.name]);
    if (current.rows[0]?.src.trim() === body.trim()) continue;
    await client.query('begin');
    try {
      await client.query(statement);
      if (fn.afterChange) await client.query(fn.afterChange);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback');
      throw err;
    }
  }
}
