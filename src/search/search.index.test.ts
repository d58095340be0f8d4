import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dataTargets, createTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { createWorld, generateCases, insertCases, insertWorld } from '../../bench/generate.js';
import { ANONYMOUS, type Viewer } from '../core/viewer.js';
import { FACETS, searchCases as searchCasesInSql, type Filters } from './search.queries.js';
import { expandQuery, searchCases } from './search.service.js';
import { syncedIndex } from './search.index.sync.js';
import { parsePhraseQuery, parseTsvector } from './search.tsvector.js';
import type { AuthContext } from '../http/context.js';

/**
 * The in-memory index against the search written in SQL alone (search.queries.ts `searchCases`,
 * which scans every match): the same cases, totals and facet counts for many queries, filters and
 * viewers over 400 generated cases; and the index sees every committed write, whatever the order
 * transactions commit in.
 */
const QUERIES = ['', 'velferdsteknologi', 'kommune', 'skule', 'digital tjeneste for innbyggere', '"digitalt tilsyn"', '"tilsyn digitalt"', '"tjenester for innbyggere" kommune', 'sensor -natt', 'helse omsorg -pilot', 'zzzyxxq'];
const FILTERS: Filters[] = [{}, { status: ['in_use'] }, { type: ['service'], language: ['nb', 'nn'] }, { lessons: ['true'], adopted: ['false'] }, { stage: ['implement', 'evaluate'], year: ['2024', '2025'] }];

describe('reading PostgreSQL text-search values', () => {
  it('parses a tsvector with positions, weights and quoted stems', () => {
    expect(parseTsvector(`'kommun':3,17B 'tjenest':4A 'o''brien':9 'a\\\\b':2 'bare'`)).toEqual([
      { stem: 'kommun', positions: [3, 17] },
      { stem: 'tjenest', positions: [4] },
      { stem: "o'brien", positions: [9] },
      { stem: 'a\\b', positions: [2] },
      { stem: 'bare', positions: [] },
    ]);
  });
  it('reads a phrase query as stems at distances, and refuses anything but a chain', () => {
    expect(parsePhraseQuery(`'lekkasjesøk' <2> 'akustisk'`)).toEqual([
      { stem: 'lekkasjesøk', offset: 0 },
      { stem: 'akustisk', offset: 2 },
    ]);
    expect(parsePhraseQuery(`'samiskspråk' <-> 'digital' <-> 'tjenest'`)?.map((w) => w.offset)).toEqual([0, 1, 2]);
    expect(parsePhraseQuery(`'a' & 'b'`)).toBeNull();
    expect(parsePhraseQuery(`( 'a' | 'b' ) <-> 'c'`)).toBeNull();
    expect(parsePhraseQuery('')).toBeNull();
  });
});

describe.each(dataTargets())('case search index on $name PostgreSQL', (target) => {
  let database: TestDatabase;
  const viewers: { name: string; viewer: Viewer; auth: AuthContext | null }[] = [{ name: 'anonymous', viewer: ANONYMOUS, auth: null }];

  beforeAll(async () => {
    database = await createTestDatabase(target);
    const world = await createWorld({ size: 400, seed: 'index-test' });
    await insertWorld(database.db, world);
    await insertCases(database.db, generateCases(world, 400));
    // Members of the three organisations with the most non-public cases (they see their drafts and
    // own-org cases; ties broken by id, so every run compares the same viewers), a public-sector
    // member of another body, a business member, and a platform admin.
    const top = await sql<{ owner: string; kind: string }>`
      select c.owner_org_id::text as owner, o.kind from cases c join organisations o on o.id = c.owner_org_id
      where c.published_at is null or c.visibility <> 'public' group by 1, 2 order by count(*) desc, min(c.owner_org_id) limit 3`.execute(database.db);
    const business = await sql<{ id: string }>`select id::text as id from organisations where kind = 'business' order by id limit 1`.execute(database.db);
    expect(top.rows).toHaveLength(3);
    for (const [i, owner] of top.rows.entries()) {
      viewers.push({ name: `member ${i + 1} (org ${owner.owner})`, viewer: { userId: String(10 + i), orgIds: [owner.owner], adminOrgIds: [], publicSector: owner.kind !== 'business', admin: false }, auth: null });
    }
    viewers.push(
      { name: 'public sector', viewer: { userId: '2', orgIds: ['1'], adminOrgIds: [], publicSector: true, admin: false }, auth: null },
      { name: 'business', viewer: { userId: '4', orgIds: [business.rows[0]?.id ?? '0'], adminOrgIds: [], publicSector: false, admin: false }, auth: null },
      { name: 'admin', viewer: { userId: '3', orgIds: [], adminOrgIds: [], publicSector: true, admin: true }, auth: null },
    );
  }, 120_000);
  afterAll(async () => database?.drop());

  it('finds the same cases, totals and facet counts as the SQL-only search', async () => {
    const index = await syncedIndex(database.db);
    const { searchFromIndex } = await import('./search.service.js');
    let compared = 0;
    for (const text of QUERIES) {
      const expanded = text ? await expandQuery(database.db, text) : null;
      for (const filters of FILTERS) {
        for (const v of viewers) {
          const reference = await searchCasesInSql(database.db, v.viewer, expanded, filters, 'newest', 100000, 0);
          const mine = await searchFromIndex(database.db, index, v.viewer, expanded, { q: text, filters, sort: 'newest', page: 1, perPage: 100000 });
          const label = `${v.name} «${text}» ${JSON.stringify(filters)}`;
          if (mine.total !== reference.total) {
            // Name the cases one side has and the other lacks, with what decides their visibility.
            const a = new Set(mine.items.map((i) => i.id));
            const b = new Set(reference.items.map((i) => i.id));
            const diff = [...[...a].filter((id) => !b.has(id)).map((id) => `index only ${id}`), ...[...b].filter((id) => !a.has(id)).map((id) => `sql only ${id}`)];
            const facts = await sql`select id::text, owner_org_id::text, visibility, published_at is not null as published, facet_has_lessons, adoption_count from cases where id = any(${[...a, ...b].filter((id) => !(a.has(id) && b.has(id)))}::bigint[])`.execute(database.db);
            console.error(label, diff, facts.rows);
          }
          expect(mine.total, label).toBe(reference.total);
          expect(mine.items.map((i) => i.id), label).toEqual(reference.items.map((i) => i.id));
          for (const f of FACETS) expect(mine.facets[f], `${label} facet ${f}`).toEqual(reference.facets[f]);
          compared++;
        }
      }
    }
    expect(compared).toBe(QUERIES.length * FILTERS.length * viewers.length);
    // The queries are not trivial: some match many cases, some few, one none.
    const totals = await Promise.all(QUERIES.map(async (text) => (await searchCases(database.db, null, { q: text, filters: {}, sort: 'relevance', page: 1, perPage: 5 })).total));
    expect(Math.max(...totals)).toBeGreaterThan(100);
    expect(totals.some((n) => n > 0 && n < 50)).toBe(true);
    expect(totals.at(-1)).toBe(0);
  });

  it('sees every committed write before the next search, even when an earlier transaction commits later', async () => {
    const word = 'kvitveisfjell';
    const ids = (await sql<{ id: string }>`select id::text as id from cases where published_at is not null and visibility = 'public' order by id limit 3`.execute(database.db)).rows.map((r) => r.id);
    const search = async () => (await searchCases(database.db, null, { q: word, filters: {}, sort: 'newest', page: 1, perPage: 10 })).items.map((i) => i.id).sort();
    expect(await search()).toEqual([]);

    // T1 starts writing first and commits last; T2 commits in between and is seen at once.
    const t1 = await database.pool.connect();
    const t2 = await database.pool.connect();
    try {
      await t1.query('begin');
      await t1.query(`update cases set title = title || ' ${word}' where id = $1`, [ids[0]]);
      await t1.query('select refresh_case_search(array[$1::bigint])', [ids[0]]);
      await t2.query('begin');
      await t2.query(`update cases set title = title || ' ${word}' where id = $1`, [ids[1]]);
      await t2.query('select refresh_case_search(array[$1::bigint])', [ids[1]]);
      await t2.query('commit');
      expect(await search()).toEqual([ids[1]]);
      await t1.query('commit');
      expect(await search()).toEqual([ids[0], ids[1]].sort());
    } finally {
      t1.release();
      t2.release();
    }

    // A deletion is seen too.
    await sql`delete from cases where id = ${ids[1]}::bigint`.execute(database.db);
    expect(await search()).toEqual([ids[0]]);
  });
});
