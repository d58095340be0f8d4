import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dataTargets, type TestDatabase } from '../../test/helpers/db.js';
import { NYTENK, ROOT } from '../../test/helpers/processes.js';
import { importJrcCases } from './import.service.js';
import { JRC_SOURCE, parseJrcCsv, UNNAMED_LEAD } from './jrc.js';

const CSV = path.join(ROOT, 'resources/cases/jrc-ips-explorer-cases.csv');
const NAV = '889640782';
const TRONDHEIM = '942110464';

/** The committed file's lines, and a copy with one line replaced (the header is line 1). */
async function csvLines(): Promise<string[]> {
  return (await fs.readFile(CSV, 'utf8')).split('\n');
}

async function ownerOrgnrOf(t: TestDatabase, sourceKey: string) {
  return t.db
    .selectFrom('cases')
    .innerJoin('organisations as o', 'o.id', 'cases.owner_org_id')
    .select(['o.orgnr', 'o.name', 'o.country', 'o.kind', 'o.source'])
    .where('cases.source', '=', JRC_SOURCE)
    .where('cases.source_key', '=', sourceKey)
    .executeTakeFirstOrThrow();
}

describe.each(dataTargets())('importing the JRC case list ($name)', (target) => {
  let t: TestDatabase;
  let text: string;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    text = await fs.readFile(CSV, 'utf8');
  });
  afterAll(async () => t?.drop());

  it('imports all 853 cases, public and published, Norwegian ones owned by the reference organisations', async () => {
    const progress: number[] = [];
    const started = performance.now();
    const summary = await importJrcCases(t.db, parseJrcCsv(text), { onProgress: (done) => progress.push(done) });
    console.log(`[${target.name}] first import of 853 cases: ${Math.round(performance.now() - started)} ms`);
    expect(summary).toMatchObject({ rows: 853, created: 853, updated: 0, unchanged: 0, norwegianMatched: 10, bad: [] });
    expect(progress.at(-1)).toBe(853);

    const counts = await t.db
      .selectFrom('cases')
      .select([
        sql<number>`count(*)::int`.as('all'),
        sql<number>`count(*) filter (where visibility = 'public' and published_at is not null and language = 'en')::int`.as('public'),
        sql<number>`count(*) filter (where search_vector is not null)::int`.as('indexed'),
        sql<number>`count(*) filter (where not exists (select 1 from case_themes ct where ct.case_id = cases.id))::int`.as('noTheme'),
      ])
      .where('source', '=', JRC_SOURCE)
      .executeTakeFirstOrThrow();
    expect(counts).toEqual({ all: 853, public: 853, indexed: 853, noTheme: 0 });

    // NAV's «Predicting sick leave duration» and Trondheim's insolvency prediction.
    expect(await ownerOrgnrOf(t, '10163')).toMatchObject({ orgnr: NAV, source: 'reference' });
    expect(await ownerOrgnrOf(t, '10088')).toMatchObject({ orgnr: TRONDHEIM, source: 'reference' });
    expect(await ownerOrgnrOf(t, '10083')).toMatchObject({ name: 'Boost.ai', country: 'NO', kind: 'business', orgnr: null, source: JRC_SOURCE });
    expect(await ownerOrgnrOf(t, '10089')).toMatchObject({ name: UNNAMED_LEAD.name, country: 'EU' });
    expect(await ownerOrgnrOf(t, '10000')).toMatchObject({ name: 'Public Employment Service Austria', country: 'AT', kind: 'other_public', orgnr: null });

    const orgs = await t.db
      .selectFrom('organisations')
      .select([sql<number>`count(*)::int`.as('n'), sql<number>`count(*) filter (where country !~ '^[A-Z]{2}$' or (country = 'NO' and kind <> 'business'))::int`.as('odd')])
      .where('source', '=', JRC_SOURCE)
      .executeTakeFirstOrThrow();
    expect(orgs).toEqual({ n: summary.orgsCreated, odd: 0 });

    const stopped = await t.db.selectFrom('cases').select(['status', 'stopped_reason', 'lessons']).where('source', '=', JRC_SOURCE).where('source_key', '=', '10000').executeTakeFirstOrThrow();
    expect(stopped.status).toBe('stopped');
    const versions = await t.db.selectFrom('case_versions').select([sql<number>`count(*)::int`.as('n')]).where('version', '=', 1).where('action', '=', 'import').executeTakeFirstOrThrow();
    expect(versions.n).toBe(853);
  });

  it('changes nothing when run again', async () => {
    const before = await t.db.selectFrom('cases').select(['id', 'updated_at', 'published_at', 'version']).where('source', '=', JRC_SOURCE).orderBy('id').execute();
    const orgsBefore = await t.db.selectFrom('organisations').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const summary = await importJrcCases(t.db, parseJrcCsv(text));
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 853, orgsCreated: 0, norwegianMatched: 10, bad: [] });
    expect(await t.db.selectFrom('cases').select(['id', 'updated_at', 'published_at', 'version']).where('source', '=', JRC_SOURCE).orderBy('id').execute()).toEqual(before);
    expect(await t.db.selectFrom('organisations').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).toEqual(orgsBefore);
  });

  it('updates a case whose description changed, with a version, keeping its publication time and what editors added', async () => {
    const lines = await csvLines();
    const i = lines.findIndex((l) => l.startsWith('case,10001,10001,'));
    lines[i] = lines[i]!.replace('"The new chatbot ""Mona""', '"The renamed chatbot ""Mona""');
    const row = await t.db.selectFrom('cases').select(['id', 'published_at', 'version']).where('source', '=', JRC_SOURCE).where('source_key', '=', '10001').executeTakeFirstOrThrow();
    await t.db.updateTable('cases').set({ problem: 'Companies could not find answers during the pandemic.' }).where('id', '=', row.id).execute();

    const summary = await importJrcCases(t.db, parseJrcCsv(lines.join('\n')));
    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 852, bad: [] });
    const after = await t.db.selectFrom('cases').select(['summary', 'what_is_new', 'published_at', 'version', 'problem']).where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.summary).toMatch(/^The renamed chatbot "Mona"/);
    expect(after.published_at).toEqual(row.published_at);
    expect(after.version).toBe(row.version + 1);
    expect(after.problem).toBe('Companies could not find answers during the pandemic.');
    const version = await t.db.selectFrom('case_versions').select(['action', 'changes']).where('case_id', '=', row.id).where('version', '=', after.version).executeTakeFirstOrThrow();
    expect(version.action).toBe('import');
    expect(version.changes.map((c) => c.field).sort()).toEqual(['summary', 'whatIsNew']);
  });

  it('reports a broken row by its line, writes none of it and imports the rest', async () => {
    const fresh = await createTestDatabase(target);
    try {
      const lines = await csvLines();
      // Line 2 is Austria's AMS case, whose lead organisation appears nowhere else: its status becomes unknown.
      expect(lines[1]).toMatch(/^case,10001,10000,/);
      lines[1] = lines[1]!.replace(/,"Not in use anymore","Public Employment Service Austria"/, ',"Abandoned","Public Employment Service Austria"');
      const i = lines.findIndex((l) => l.startsWith('case,10001,10001,'));
      lines[i] = lines[i]!.replace('"Mona - Public chatbot for companies on the subject of the corona crisis and the economy"', '""');
      const summary = await importJrcCases(fresh.db, parseJrcCsv(lines.join('\n')));
      expect(summary.bad).toEqual([
        { line: 2, message: expect.stringMatching(/^unknown status «Abandoned»/) },
        { line: i + 1, message: 'name is empty' },
      ]);
      expect(summary).toMatchObject({ rows: 853, created: 851 });
      const written = await fresh.db.selectFrom('cases').select('source_key').where('source', '=', JRC_SOURCE).where('source_key', 'in', ['10000', '10001']).execute();
      expect(written).toEqual([]);
      const amsOrg = await fresh.db.selectFrom('organisations').select('id').where('name', '=', 'Public Employment Service Austria').execute();
      expect(amsOrg).toEqual([]);
    } finally {
      await fresh.drop();
    }
  });

  it('rolls back everything of a row the database refuses, its new organisation too', async () => {
    const fresh = await createTestDatabase(target);
    try {
      // A stand-in for any failure half-way through a row: the case insert fails after its organisation was created.
      await sql`create function refuse_case() returns trigger language plpgsql as $$
        begin if new.source_key = '10000' then raise exception 'refused for the test'; end if; return new; end $$`.execute(fresh.db);
      await sql`create trigger refuse_case before insert on cases for each row execute function refuse_case()`.execute(fresh.db);
      const lines = await csvLines();
      // The header and the first two records, one line each.
      const summary = await importJrcCases(fresh.db, parseJrcCsv(lines.slice(0, 3).join('\n')));
      expect(summary).toMatchObject({ created: 1, bad: [{ line: 2, message: expect.stringContaining('refused for the test') }] });
      expect(await fresh.db.selectFrom('organisations').select('id').where('name', '=', 'Public Employment Service Austria').execute()).toEqual([]);
      expect(await fresh.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'organisation').where('details', '@>', sql<string>`'{"name":"Public Employment Service Austria"}'::jsonb`).execute()).toEqual([]);
    } finally {
      await fresh.drop();
    }
  });
});

/** Runs `nytenk` against a database server (the test database), as an operator would. */
function runCli(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, [NYTENK, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('nytenk import cases (the command)', () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase(dataTargets()[0]!);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-import-'));
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('imports the committed file with progress and a summary, then changes nothing the second time', async () => {
    const started = performance.now();
    const first = await runCli(['import', 'cases', CSV, '--format', 'jrc'], t.url);
    const ms = Math.round(performance.now() - started);
    console.log(`nytenk import cases (853 rows, whole process incl. start-up): ${ms} ms\n${first.stdout.trim()}`);
    expect(first.stderr).toContain('Importing cases: 853/853');
    expect(first.stdout).toMatch(/^Imported 853 cases: 853 created, 0 updated, 0 unchanged; 10 matched Norwegian organisations, \d+ organisations created; 0 bad rows \([\d.]+ s\)\.$/m);
    expect(first.code).toBe(0);

    const second = await runCli(['import', 'cases', CSV, '--format', 'jrc'], t.url);
    expect(second.stdout).toMatch(/^Imported 853 cases: 0 created, 0 updated, 853 unchanged; 10 matched Norwegian organisations, 0 organisations created; 0 bad rows/m);
    expect(second.code).toBe(0);
  }, 300_000); // two whole processes, each reading 853 rows (about a minute each on a loaded CI machine)

  it('lists bad rows by line and exits 1; a missing file or an unknown format exits 2', async () => {
    const lines = await csvLines();
    lines[1] = lines[1]!.replace(/,"Not in use anymore",/, ',"Abandoned",');
    const broken = path.join(dir, 'broken.csv');
    await fs.writeFile(broken, lines.join('\n'));
    const bad = await runCli(['import', 'cases', broken, '--format', 'jrc'], t.url);
    expect(bad.stderr).toMatch(/^line 2: unknown status «Abandoned»/m);
    expect(bad.stdout).toMatch(/; 1 bad rows/);
    expect(bad.code).toBe(1);

    expect((await runCli(['import', 'cases', path.join(dir, 'missing.csv'), '--format', 'jrc'], t.url)).code).toBe(2);
    expect((await runCli(['import', 'cases', CSV, '--format', 'xml'], t.url)).code).toBe(2);
    expect((await runCli(['import', 'cases', path.join(ROOT, 'package.json'), '--format', 'jrc'], t.url)).code).toBe(2);
  });
});
