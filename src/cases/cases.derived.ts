import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { ANONYMOUS } from '../core/viewer.js';
import type { DerivedFunction } from '../db/derived.js';
import { caseReadableBy } from './cases.access.js';

/**
 * The case read rule as a database function (installed by the migrator from this feature's
 * manifest, db/derived.ts): the partner profiles' triggers and the organisations' open data count
 * «cases anyone may read» with it instead of a copy of the rule.
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

export const caseReadableByAnyone: DerivedFunction = {
  name: 'case_readable_by_anyone',
  statement: caseReadableByAnyoneSql,
  // Profiles computed under another rule (or none yet): all of them again. Under the migrator's
  // lock at start, unlocked: one advisory lock per organisation would not fit the lock table for
  // 100k organisations.
  afterChange: `select refresh_partner_profiles_unlocked(array(
      select owner_org_id from cases union select org_id from case_coowners
      union select owner_org_id from challenges union select org_id from challenge_coowners
      union select org_id from partner_profiles))`,
};
