import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, dataTargets, type TestDatabase } from '../../test/helpers/db.js';
import { prepare } from './prepared.js';

/** Named prepared statements: sent by name once marked, and still right after a table changes shape. */
describe.each(dataTargets())('prepared statements on $name PostgreSQL', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await sql`create table prep_probe (id int primary key, label text)`.execute(t.db);
    await sql`insert into prep_probe values (1, 'én'), (2, 'to')`.execute(t.db);
  });
  afterAll(async () => t?.drop());

  const read = (id: number) => t.db.executeQuery(prepare(sql<Record<string, unknown>>`select * from prep_probe where id = ${id}`.compile(t.db)));

  it('runs a marked query by name on every connection, with its own values each time', async () => {
    const rows = await Promise.all([1, 2, 1, 2, 1, 2, 1, 2].map(async (id) => (await read(id)).rows[0]!.label));
    expect(rows).toEqual(['én', 'to', 'én', 'to', 'én', 'to', 'én', 'to']);
    // On one connection: the statement is there under a nytenk_ name after a marked query ran on it.
    const client = await t.pool.connect();
    try {
      const compiled = prepare(sql`select label from prep_probe where id = ${2}`.compile(t.db));
      const r = await client.query(compiled.sql, [...compiled.parameters]);
      expect(r.rows[0].label).toBe('to');
      const names = await client.query<{ name: string; statement: string }>(`select name, statement from pg_prepared_statements`);
      expect(names.rows.find((n) => n.statement === compiled.sql)?.name).toMatch(/^nytenk_[0-9a-f]{16}_\d+$/);
    } finally {
      client.release();
    }
  });

  it('recovers when the table changes shape under a prepared statement (a migration while running)', async () => {
    for (let i = 0; i < 6; i++) await read(1);
    await sql`alter table prep_probe add column extra text default 'ny'`.execute(t.db);
    const after = await read(1);
    expect(after.rows[0]).toEqual({ id: 1, label: 'én', extra: 'ny' });
  });
});
