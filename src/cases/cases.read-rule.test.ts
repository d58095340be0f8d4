import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, dataTargets, type TestDatabase } from '../../test/helpers/db.js';
import { ASKER, BAERUM, OSLO } from '../../test/helpers/cases.js';
import { buildIndex } from '../search/index.js';
import { CASE_VISIBILITIES, audienceIncludes, audienceReaches, audienceReachesRecipient, caseAudience, caseReadableBy, canReadCase, type CaseAccessFacts } from './cases.access.js';
import { ANONYMOUS, type Viewer } from '../core/viewer.js';
import { EMPTY_CASE } from './cases.model.js';
import { canReadThing, commentReadableBy } from '../comments/index.js';
import * as q from './cases.queries.js';
import { recordCaseEvent } from './cases.events.js';

/**
 * The read rule's forms agree: for every case state (published or not × visibility × co-owned or
 * not) and every kind of viewer, the SQL expression (under an alias, in a subquery, and as the
 * `visibleTo` callback other features use), the TypeScript predicate and the search index's slot
 * test let exactly the same cases through. The hand-written expectations per role are in
 * cases.access.test.ts; this file makes sure no form can drift from the one definition.
 */
describe.each(dataTargets())('the case read rule in SQL, TypeScript and the search index on $name PostgreSQL', (target) => {
  let database: TestDatabase;
  const cases: (CaseAccessFacts & { id: string })[] = [];
  const viewers: { name: string; viewer: Viewer }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(target);
    const db = database.db;
    const ids = await q.orgIdsByOrgnr(db, [BAERUM, ASKER, OSLO]);
    const [baerum, asker, oslo] = [ids.get(BAERUM)!, ids.get(ASKER)!, ids.get(OSLO)!];
    for (const published of [false, true])
      for (const visibility of CASE_VISIBILITIES)
        for (const coOwnerIds of [[], [asker]]) {
          const id = await q.insertCase(db, { ...EMPTY_CASE, title: `Sak ${visibility} ${published} ${coOwnerIds.length}`, visibility }, { ownerOrgId: baerum, userId: null, publishedAt: published ? new Date() : null });
          if (coOwnerIds.length) await db.insertInto('case_coowners').values(coOwnerIds.map((org_id) => ({ case_id: id, org_id }))).execute();
          cases.push({ id, ownerOrgId: baerum, coOwnerIds, published, visibility });
        }
    const v = (userId: string | null, orgIds: string[], publicSector: boolean, admin = false): Viewer => ({ userId, orgIds, adminOrgIds: [], publicSector, admin });
    viewers.push(
      { name: 'anonymous', viewer: ANONYMOUS },
      { name: 'signed in, no organisation', viewer: v('1', [], false) },
      { name: 'partner (a business)', viewer: v('2', [oslo], false) },
      { name: 'public sector, another body', viewer: v('3', [oslo], true) },
      { name: 'platform analyst (no organisation)', viewer: v('4', [], true) },
      { name: 'member of the owner', viewer: v('5', [baerum], true) },
      { name: 'member of the owner, not public sector', viewer: v('6', [baerum], false) },
      { name: 'member of the co-owner', viewer: v('7', [asker], true) },
      { name: 'member of the co-owner and a business', viewer: v('8', [oslo, asker], false) },
      { name: 'platform admin', viewer: v('9', [], true, true) },
    );
  });
  afterAll(async () => database?.drop());

  const expected = (viewer: Viewer) => cases.filter((c) => canReadCase(viewer, c)).map((c) => c.id).sort();
  const ours = () => cases.map((c) => c.id);

  it('SQL under an alias, in a subquery and as `visibleTo` lets through exactly what the predicate does', async () => {
    for (const { name, viewer } of viewers) {
      const aliased = await database.db.selectFrom('cases as k').select('k.id').where('k.id', 'in', ours()).where(caseReadableBy(viewer, 'k')).execute();
      const sub = await sql<{ id: string }>`select a.id from cases a where a.id = any(${ours()}::bigint[]) and exists (select 1 from cases b where b.id = a.id and ${caseReadableBy(viewer, 'b')})`.execute(database.db);
      const callback = await database.db.selectFrom('cases').select('cases.id').where('cases.id', 'in', ours()).where(q.visibleTo(viewer)).execute();
      for (const rows of [aliased, sub.rows, callback]) expect(rows.map((r) => r.id).sort(), name).toEqual(expected(viewer));
    }
  });

  it('the search index lets through exactly what the predicate does', async () => {
    const index = await buildIndex(database.db);
    for (const { name, viewer } of viewers) {
      expect(cases.filter((c) => index.canSee(viewer, c.id)).map((c) => c.id).sort(), name).toEqual(expected(viewer));
    }
  });

  it('comments follow their case: the comment rule in SQL lets through the comments of exactly the cases the predicate reads', async () => {
    const byCase = new Map<string, string>();
    for (const c of cases) {
      const row = await database.db.insertInto('comments').values({ case_id: c.id, body: `Kommentar til ${c.id}`, author_id: null }).returning('id').executeTakeFirstOrThrow();
      byCase.set(row.id, c.id);
    }
    for (const { name, viewer } of viewers) {
      const rows = await database.db.selectFrom('comments as c').select('c.id').where('c.id', 'in', [...byCase.keys()]).where(commentReadableBy(viewer, 'c')).execute();
      expect(rows.map((r) => byCase.get(r.id)!).sort(), name).toEqual(expected(viewer));
      for (const c of cases) expect(canReadThing(viewer, { kind: 'case', id: c.id, title: '', facts: c }), name).toBe(canReadCase(viewer, c));
    }
  });

  it('an event about a case reaches exactly who reads the case: as recorded, shown to a viewer, and fanned out to a follower', async () => {
    const db = database.db;
    const eventOf = new Map<string, string>();
    for (const c of cases) {
      await recordCaseEvent(db, 'case.updated', c.id, null);
      const e = await db.selectFrom('activity_events').select(['id', 'visibility']).where('case_id', '=', c.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(e.visibility, c.id).toBe(caseAudience(c));
      eventOf.set(e.id, c.id);
    }
    const events = [...eventOf.keys()];
    const reached = (rows: { id: string }[]) => rows.map((r) => eventOf.get(r.id)!).sort();
    for (const { name, viewer } of viewers) {
      const shown = await db.selectFrom('activity_events as e').select('e.id').where('e.id', 'in', events).where(audienceReaches(viewer, 'e.visibility', 'e.owner_org_ids')).execute();
      expect(reached(shown), name).toEqual(expected(viewer));
      const lit = (b: boolean) => sql<boolean>`${sql.lit(b)}`;
      const fanned = await db
        .selectFrom('activity_events as e')
        .select('e.id')
        .where('e.id', 'in', events)
        .where(
          audienceReachesRecipient('e.visibility', {
            admin: lit(viewer.admin),
            publicSector: lit(viewer.publicSector),
            memberOfOwner: sql<boolean>`e.owner_org_ids && ${sql.val(viewer.orgIds)}::bigint[]`,
          }),
        )
        .execute();
      expect(reached(fanned), name).toEqual(expected(viewer));
      // And in TypeScript (the digest's re-check).
      for (const c of cases) expect(audienceIncludes(viewer, caseAudience(c), [c.ownerOrgId, ...c.coOwnerIds]), name).toBe(canReadCase(viewer, c));
    }
  });

  it('the database function case_readable_by_anyone (partner profiles) is the anonymous rule: it lets through exactly what the predicate does', async () => {
    const rows = await sql<{ id: string }>`select c.id from cases c where c.id = any(${ours()}::bigint[]) and case_readable_by_anyone(c)`.execute(database.db);
    expect(rows.rows.map((r) => r.id).sort()).toEqual(expected(ANONYMOUS));
  });

  it('the rule reads as written: the state decides for outsiders, membership for owners, everything for admins', () => {
    const read = (name: string) => cases.filter((c) => canReadCase(viewers.find((v) => v.name === name)!.viewer, c)).length;
    expect(read('anonymous')).toBe(2); // published public, co-owned or not
    expect(read('partner (a business)')).toBe(2);
    expect(read('public sector, another body')).toBe(4); // + published public_sector
    expect(read('member of the owner')).toBe(12);
    expect(read('member of the co-owner')).toBe(4 + 4); // the co-owned drafts and hidden ones, + what the public sector reads
    expect(read('platform admin')).toBe(12);
    // The audience of events follows the same rule.
    expect(caseAudience({ published: true, visibility: 'public' })).toBe('public');
    expect(caseAudience({ published: true, visibility: 'public_sector' })).toBe('public_sector');
    expect(caseAudience({ published: true, visibility: 'own_org' })).toBe('owners');
    expect(caseAudience({ published: false, visibility: 'public' })).toBe('owners');
  });
});
