import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { createCaseViaApi, OSLO } from '../../test/helpers/cases.js';
import { until } from '../../test/helpers/wait.js';

/**
 * Two transactions publish cases of the same organisation at the same moment: its partner profile
 * counts both once both have committed (the refresh waits for the other transaction's lock and
 * then reads what it committed).
 */
describe.each(dataTargets())('partner profiles under concurrent writes on $name PostgreSQL', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  }, 60_000);
  afterAll(async () => t?.close());

  it('counts both cases when two transactions publish cases of one organisation at once', async () => {
    const user = await createUser(t, { org: OSLO });
    const token = await createToken(t, user.id);
    const a = await createCaseViaApi(t, token, { title: 'Første sak' }, false);
    const b = await createCaseViaApi(t, token, { title: 'Andre sak' }, false);
    const org = (await sql<{ id: string }>`select id::text as id from organisations where orgnr = ${OSLO}`.execute(t.database.db)).rows[0]!.id;
    const profile = async () =>
      (await sql<{ n: number | null }>`select (select public_cases from partner_profiles where org_id = ${org}::bigint) as n`.execute(t.database.db)).rows[0]!.n ?? 0;
    expect(await profile()).toBe(0);

    const t1 = await t.database.pool.connect();
    const t2 = await t.database.pool.connect();
    try {
      const pidOf = async (c: typeof t1) => (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const [pid1, pid2] = [await pidOf(t1), await pidOf(t2)];
      await t1.query('begin');
      await t2.query('begin');
      await t1.query(`update cases set published_at = now() where id = $1`, [a]);
      // T2 writes while T1 is still open; it must not overwrite T1's change with its own view.
      const second = t2.query(`update cases set published_at = now() where id = $1`, [b]);
      // T1 commits only once T2 is inside its refresh, waiting for the organisation's lock that T1 holds.
      await until(
        async () => (await sql<{ blocked: boolean }>`select ${pid1}::int = any(pg_blocking_pids(${pid2}::int)) as blocked`.execute(t.database.db)).rows[0]!.blocked,
        { what: "the second transaction's update to wait for the first transaction's lock on the organisation's profile" },
      );
      await t1.query('commit');
      await second;
      await t2.query('commit');
    } finally {
      t1.release();
      t2.release();
    }
    expect(await profile()).toBe(2);
  });
});
