import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, generateBarometerAnswers, generateCases, insertCases, insertWorld } from '../../bench/generate.js';
import { ensureRound, fromBench, insertAnswers, organisationsByOrgnr } from '../../test/fixtures/barometer-stats.js';
import { connect } from '../db/database.js';
import { withDatabase } from '../db/embedded.js';
import { createTestDatabase, dataTargets, type DataTarget, type TestDatabase } from '../../test/helpers/db.js';
import { BackupFormatError } from './backup.format.js';
import { registry } from '../modules.js';
import { RestoreFailed, RestoreRefused, restoreFromFile } from './backup.restore.js';
import { backupToFile } from './backup.service.js';

/** What the features' manifests leave out of a backup. */
const leaveOut = registry().backupLeaveOut;

/** Everything a database holds, as a comparable value: each table's rows, sequences, migrations. */
async function fingerprint(pool: pg.Pool) {
  const { rows: tables } = await pool.query<{ name: string; columns: string[] }>(`
    select c.relname::text as name,
      array(select quote_ident(a.attname) from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
              and a.atttypid not in ('xid'::regtype, 'xid8'::regtype) order by a.attnum)::text[] as columns
    from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' order by 1`);
  const out: Record<string, unknown> = {};
  for (const t of tables) {
    // Generated columns included: they must come out the same. Transaction-id columns are the one
    // thing a restore deliberately changes (they take the restoring transaction's id).
    const r = await pool.query<{ n: number; h: string }>(
      `select count(*)::int as n, md5(coalesce(string_agg(x::text, E'\\n' order by x::text collate "C"), '')) as h
       from (select ${t.columns.join(', ')} from public.${pg.escapeIdentifier(t.name)}) x`,
    );
    out[`table ${t.name}`] = t.name === 'schema_migrations' ? undefined : r.rows[0];
  }
  const { rows: seqs } = await pool.query<{ name: string }>(`select relname::text as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'S' order by 1`);
  for (const s of seqs) {
    out[`sequence ${s.name}`] = (await pool.query(`select last_value::text, is_called from public.${pg.escapeIdentifier(s.name)}`)).rows[0];
  }
  out.migrations = (await pool.query('select name, checksum from schema_migrations order by name')).rows;
  return out;
}

const TRICKY = 'Linje 1\nLinje 2\tmed tab, \\ bakstrek, \\N, «æøå ÆØÅ», 🚀 og\r\n\\.\n';

/** Realistic content in every kind of table: generated cases, barometer answers, and the rest by SQL. */
async function fill(t: TestDatabase): Promise<void> {
  const world = await createWorld({ size: 150, seed: 'backup-test' });
  await insertWorld(t.db, world);
  await insertCases(t.db, generateCases(world, 150));
  const generated = [...generateBarometerAnswers(world, 300)];
  const orgs = await organisationsByOrgnr(t.db, generated.map((a) => a.orgnr));
  const round = await ensureRound(t.db, 'backup-2026', 2026);
  await insertAnswers(t.db, generated.flatMap((a) => fromBench(a, round, orgs) ?? []));

  const q = (text: string, values: unknown[] = []) => t.pool.query(text, values);
  const users = (await q('select id from users order by id limit 4')).rows.map((r) => r.id as string);
  const orgIds = (await q(`select id from organisations where kind = 'municipality' order by id limit 3`)).rows.map((r) => r.id as string);
  const caseIds = (await q('select id from cases order by id limit 3')).rows.map((r) => r.id as string);
  const themes = (await q('select uri from los_concepts order by uri limit 2')).rows.map((r) => r.uri as string);
  const [u1, u2, u3] = users as [string, string, string];
  const [o1, o2] = orgIds as [string, string];
  // Barometer invitations: one answered (sector, size band and language cleared at the submission),
  // one still waiting, with its link's hash and a draft.
  const invitations = (await q(
    `insert into barometer_invitations (round_id, org_id, unit_name, sector, size_band, email, language, answered)
     values ($1, $2, 'Svart enhet', null, null, 'svart@kommune.no', null, true), ($1, $2, 'Ventende enhet', 'municipal', '10-49', 'venter@kommune.no', 'nn', false) returning id`,
    [round, o1],
  )).rows.map((r) => r.id as string);
  await q('insert into barometer_invitation_tokens (token_hash, invitation_id) values ($1, $2)', [randomBytes(32), invitations[1]]);
  await q(`insert into barometer_drafts (invitation_id, answers, language, pages_done) values ($1, $2, 'nn', '{innovation}')`, [invitations[1], JSON.stringify({ innovated: 'yes', innovationCount: '2-3' })]);

  const ch = (await q(
    `insert into challenges (owner_org_id, created_by, title, description, looking_for, deadline, contact_email)
     values ($1, $2, 'Færre papirskjema i barnehagen', $3, '{peers,solutions}', '2027-02-28', 'post@kommune.no'),
            ($1, $2, 'Slått sammen', '', '{}', null, null) returning id`,
    [o1, u1, TRICKY],
  )).rows.map((r) => r.id as string);
  await q(`update challenges set state = 'closed', outcome = 'merged', merged_into_id = $1 where id = $2`, [ch[0], ch[1]]);
  await q('insert into challenge_themes (challenge_id, theme_uri) values ($1, $2), ($1, $3)', [ch[0], themes[0], themes[1]]);
  await q('insert into challenge_coowners (challenge_id, org_id) values ($1, $2)', [ch[0], o2]);
  await q(`insert into challenge_state_changes (challenge_id, from_state, to_state, outcome, merged_into_id, reason, changed_by)
           values ($1, 'open', 'closed', 'merged', $2, 'Samme behov', $3)`, [ch[1], ch[0], u1]);
  await q(`insert into challenge_responses (challenge_id, kind, org_id, user_id, body, case_id, public)
           values ($1, 'same_need', $2, $3, 'Vi også', null, true), ($1, 'solved', $2, $3, '', $4, true), ($1, 'proposal', $2, $3, $5, null, false)`,
    [ch[0], o2, u2, caseIds[0], TRICKY]);

  // A question whose answer is a later reply: the foreign key points forwards (restore must cope).
  const question = (await q(`insert into comments (case_id, kind, body, author_id) values ($1, 'question', 'Hvordan?', $2) returning id`, [caseIds[0], u1])).rows[0].id;
  const reply = (await q(`insert into comments (case_id, parent_id, body, author_id) values ($1, $2, $3, $4) returning id`, [caseIds[0], question, TRICKY, u2])).rows[0].id;
  await q('update comments set answer_id = $1, answered_by = $2, answered_at = now() where id = $3', [reply, u1, question]);
  const hidden = (await q(`insert into comments (challenge_id, body, author_id, hidden_at, hidden_by, hidden_reason) values ($1, 'Spam', $2, now(), $3, 'Reklame') returning id`, [ch[0], u3, u1])).rows[0].id;
  await q(`insert into comment_flags (comment_id, user_id, reason, note) values ($1, $2, 'spam', '')`, [hidden, u2]);

  await q(`insert into follows (user_id, target_kind, target_key, label) values ($1, 'case', $2, ''), ($1, 'theme', $3, 'Skole'), ($4, 'search', 'q=velferd&county=46', 'velferd')`,
    [u1, caseIds[1], themes[0], u2]);
  const ev = (await q(`insert into activity_events (kind, subjects, actor_user_id, title, path, owner_org_ids, fanned_out_at)
                       values ('case.updated', $1, $2, 'Endret: «Digital dialog»', $3, $4, now()) returning id`,
    [[`case:${caseIds[1]}`, `organisation:${o1}`], u2, `/cases/${caseIds[1]}`, [o1]])).rows[0].id;
  const mail = (await q(`insert into outbox (kind, user_id, to_address, subject, text_body, html_body, headers, message_id, delivered_via, sent_at)
                         values ('instant', $1, 'kari@kommune.no', 'Nytt', $2, '<p>Nytt</p>', $3, $4, 'outbox', now()) returning id`,
    [u1, TRICKY, JSON.stringify({ 'List-Unsubscribe': '<https://nytenk.no/u/x>' }), `<${randomBytes(6).toString('hex')}@nytenk.no>`])).rows[0].id;
  await q('insert into notifications (user_id, event_id, emailed_in) values ($1, $2, $3), ($4, $2, null)', [u1, ev, mail, u3]);
  await q(`insert into sessions (id_hash, user_id, expires_at) values ($1, $2, now() + interval '1 day')`, [randomBytes(32), u1]);
  await q(`insert into api_tokens (user_id, name, token_hash, prefix) values ($1, 'integrasjon', $2, 'nytk_ab')`, [u1, randomBytes(32)]);
  await q(`insert into audit_log (actor_user_id, action, entity_type, entity_id, details) values ($1, 'case.update', 'case', $2, $3)`,
    [u1, caseIds[1], JSON.stringify({ note: TRICKY, n: 1.5e-7 })]);
  // Sequences ahead of the largest id, and a deleted case (its trigger logs the deletion).
  await q(`insert into challenges (owner_org_id, title) values ($1, 'Slettes')`, [o1]);
  await q(`delete from challenges where title = 'Slettes'`);
  await q('delete from cases where id = $1', [caseIds[2]]);
}

/** A new, empty database (no template content): what an operator creates before a restore. */
async function emptyDatabase(target: DataTarget, owner?: { role: string; password: string }) {
  const name = `nytenk_t_restore_${randomBytes(4).toString('hex')}_${process.ppid}`;
  const admin = new pg.Client(target.adminUrl);
  await admin.connect();
  try {
    // The same locale as the source (the test template), as the README tells operators to choose.
    const d = (await admin.query('select to_jsonb(d) as d from pg_database d where datname = $1', [target.template])).rows[0].d;
    const lit = (v: string) => admin.escapeLiteral(v);
    const provider =
      d.datlocprovider === 'b' ? ` locale_provider builtin builtin_locale ${lit(d.datlocale)}` : d.datlocprovider === 'i' ? ` locale_provider icu icu_locale ${lit(d.datlocale ?? d.daticulocale)}` : '';
    await admin.query(
      `create database ${admin.escapeIdentifier(name)} template template0 encoding 'UTF8' lc_collate ${lit(d.datcollate)} lc_ctype ${lit(d.datctype)}${provider}` +
        (owner ? ` owner ${admin.escapeIdentifier(owner.role)}` : ''),
    );
  } finally {
    await admin.end();
  }
  let url = withDatabase(target.adminUrl, name);
  if (owner) {
    const u = new URL(url);
    u.username = owner.role;
    u.password = owner.password;
    url = u.toString();
  }
  const { db, pool } = await connect(url, 3);
  return {
    pool,
    drop: async () => {
      await db.destroy();
      const a = new pg.Client(target.adminUrl);
      await a.connect();
      try {
        await a.query(`drop database if exists ${a.escapeIdentifier(name)} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

async function tableNames(pool: pg.Pool): Promise<string[]> {
  return (await pool.query(`select relname::text as n from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'`)).rows.map((r) => r.n as string);
}

describe.each(dataTargets())('nytenk backup and restore on $name PostgreSQL', (target) => {
  let source: TestDatabase;
  let dir: string;
  let file: string;
  let expected: Record<string, unknown>;

  beforeAll(async () => {
    source = await createTestDatabase(target);
    await fill(source);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-backup-'));
    file = path.join(dir, 'nytenk.backup');
    expected = await fingerprint(source.pool);
  }, 120_000);
  afterAll(async () => {
    await source?.drop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('restores into an empty database with every table, sequence and migration identical', async () => {
    const started = performance.now();
    const made = await backupToFile(source.pool, file, { leaveOut });
    const backupMs = performance.now() - started;
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(made.header.excluded).toContain('sessions');
    expect(made.rows).toBeGreaterThan(1000);

    const target2 = await emptyDatabase(target);
    try {
      const t0 = performance.now();
      const restored = await restoreFromFile(target2.pool, file);
      const restoreMs = performance.now() - t0;
      expect(restored.triggers).toBe('replica');
      expect(restored.warnings).toEqual([]);
      expect(restored.migrationsApplied.length).toBe(made.header.migrations.length);
      const actual = await fingerprint(target2.pool);
      // Sign-in sessions are left out on purpose: restored empty.
      expect(actual['table sessions']).toEqual({ n: 0, h: 'd41d8cd98f00b204e9800998ecf8427e' });
      expect((expected['table sessions'] as { n: number }).n).toBe(1);
      expect({ ...actual, 'table sessions': null }).toEqual({ ...expected, 'table sessions': null });
      // Transaction stamps belong to the restoring transaction, so the search index reads them anew.
      const xids = await target2.pool.query('select count(distinct search_xid)::int as n from cases');
      expect(xids.rows[0].n).toBe(1);
      // The restored database works: next ids continue after the saved sequence values.
      const next = async (pool: pg.Pool) => (await pool.query(`select nextval(pg_get_serial_sequence('public.challenges', 'id'))::text as v`)).rows[0].v;
      const saved = expected['sequence challenges_id_seq'] as { last_value: string; is_called: boolean };
      expect(saved.is_called).toBe(true);
      expect(await next(target2.pool)).toBe(String(Number(saved.last_value) + 1));
      console.log(`${target.name}: ${made.rows} rows in ${made.tables.length} tables, ${made.fileBytes} bytes; backup ${backupMs.toFixed(0)} ms, restore ${restoreMs.toFixed(0)} ms`);
    } finally {
      await target2.drop();
    }
  }, 120_000);

  it('restores as the database owner without superuser rights (triggers disabled, foreign keys checked at the end)', async () => {
    await backupToFile(source.pool, file, { leaveOut });
    const role = `nytenk_r_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    const admin = new pg.Client(target.adminUrl);
    await admin.connect();
    await admin.query(`create role ${role} login password '${password}'`);
    const target2 = await emptyDatabase(target, { role, password });
    try {
      const restored = await restoreFromFile(target2.pool, file);
      expect(restored.triggers).toBe('owner');
      const actual = await fingerprint(target2.pool);
      expect({ ...actual, 'table sessions': null }).toEqual({ ...expected, 'table sessions': null });
      // The triggers are on again, and the foreign keys as the migrations made them.
      const disabled = await target2.pool.query(`select count(*)::int as n from pg_trigger where not tgisinternal and tgenabled = 'D'`);
      expect(disabled.rows[0].n).toBe(0);
      const deferrable = await target2.pool.query(`select count(*)::int as n from pg_constraint where contype = 'f' and condeferrable`);
      expect(deferrable.rows[0].n).toBe(0);
    } finally {
      await target2.drop();
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  }, 120_000);

  describe('refuses, changing nothing', () => {
    let empty: Awaited<ReturnType<typeof emptyDatabase>>;
    let good: Buffer;
    beforeAll(async () => {
      await backupToFile(source.pool, file, { leaveOut });
      good = await fs.readFile(file);
      empty = await emptyDatabase(target);
    });
    afterAll(async () => empty?.drop());

    const attempt = async (bytes: Buffer) => {
      const f = path.join(dir, `bad-${randomBytes(3).toString('hex')}.backup`);
      await fs.writeFile(f, bytes);
      return restoreFromFile(empty.pool, f);
    };

    it('a database that already holds data, unless forced', async () => {
      await expect(restoreFromFile(source.pool, file)).rejects.toThrow(RestoreRefused);
      await expect(restoreFromFile(source.pool, file)).rejects.toThrow(/not empty: \d+ table\(s\) hold data .*--force/);
      expect(await fingerprint(source.pool)).toEqual(expected);

      // A clone of the test template: migrated, reference data loaded (as after a first start).
      const started = await createTestDatabase(target);
      try {
        await expect(restoreFromFile(started.pool, file)).rejects.toThrow(/not empty/);
        const r = await restoreFromFile(started.pool, file, { force: true });
        expect(r.replaced).toContain('organisations');
        const actual = await fingerprint(started.pool);
        expect({ ...actual, 'table sessions': null }).toEqual({ ...expected, 'table sessions': null });
      } finally {
        await started.drop();
      }
    }, 60_000);

    it('a truncated file', async () => {
      await expect(attempt(good.subarray(0, Math.floor(good.length * 0.6)))).rejects.toThrow(/truncated/);
      expect(await tableNames(empty.pool)).toEqual([]);
    });

    it('a file with a damaged byte', async () => {
      const bad = Buffer.from(good);
      bad[Math.floor(bad.length / 2)]! ^= 0x55;
      await expect(attempt(bad)).rejects.toThrow(/damaged|invalid|incorrect|truncated/i);
      expect(await tableNames(empty.pool)).toEqual([]);
    });

    it('table data that does not match its checksum (the gzip itself intact)', async () => {
      const raw = gunzipSync(good);
      // Change one letter inside a data record: still valid COPY input, so only the checksum can tell.
      let changed = false;
      for (let o = 0; o < raw.length && !changed; o += 5 + raw.readUInt32BE(o + 1)) {
        if (raw[o] !== 0x44 /* D */) continue;
        const end = o + 5 + raw.readUInt32BE(o + 1);
        const at = raw.subarray(o + 5, end).indexOf('kommune');
        if (at >= 0) {
          raw[o + 5 + at + 6] = 'a'.charCodeAt(0);
          changed = true;
        }
      }
      expect(changed).toBe(true);
      await expect(attempt(gzipSync(raw))).rejects.toThrow(/does not match its checksum/);
      expect(await tableNames(empty.pool)).toEqual([]);
    });

    it('table data PostgreSQL refuses as COPY input (the gzip itself intact)', async () => {
      const raw = gunzipSync(good);
      // A column separator made a letter: the record has a column too few, which COPY refuses.
      let changed = false;
      for (let o = 0; o < raw.length && !changed; o += 5 + raw.readUInt32BE(o + 1)) {
        if (raw[o] !== 0x44 /* D */) continue;
        const end = o + 5 + raw.readUInt32BE(o + 1);
        const at = raw.subarray(o + 5, end).indexOf('\t');
        if (at >= 0) {
          raw[o + 5 + at] = 'x'.charCodeAt(0);
          changed = true;
        }
      }
      expect(changed).toBe(true);
      // Which notices first depends on timing: PostgreSQL refusing the record while the rest is
      // still being sent (the copy stream then has no connection left), or the checksum at the end.
      await expect(attempt(gzipSync(raw))).rejects.toThrow(/^The backup file is damaged: (PostgreSQL refused table \w+'s data \(.+\)|table \w+'s data does not match its checksum)/);
      expect(await tableNames(empty.pool)).toEqual([]);
    });

    it('a backup with migrations this version does not know', async () => {
      const raw = gunzipSync(good);
      const length = raw.readUInt32BE(1);
      const header = JSON.parse(raw.subarray(5, 5 + length).toString('utf8'));
      header.migrations.push({ name: '20991231T0000_future.sql', checksum: 'x' });
      const json = Buffer.from(JSON.stringify(header));
      const head = Buffer.alloc(5);
      head.write('H', 0, 'latin1');
      head.writeUInt32BE(json.length, 1);
      const rewritten = Buffer.concat([head, json, raw.subarray(5 + length)]);
      await expect(attempt(gzipSync(rewritten))).rejects.toThrow(/does not know \(20991231T0000_future\.sql\)/);
      expect(await tableNames(empty.pool)).toEqual([]);
    });

    it('a file that is not a backup', async () => {
      await expect(attempt(gzipSync(Buffer.from('id,name\n1,Oslo\n')))).rejects.toThrow(BackupFormatError);
      await expect(attempt(Buffer.from('not even gzip'))).rejects.toThrow(RestoreFailed);
      expect(await tableNames(empty.pool)).toEqual([]);
    });
  });
});
