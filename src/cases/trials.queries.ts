import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import { type Viewer } from '../core/viewer.js';
import { visibleTo } from './case-facts.queries.js';

/** Trials and pilots of cases. */

export async function insertTrial(
  db: DbOrTrx,
  v: { caseId: string; title: string; hypothesis: string; method: string; measure: string; result: string | null; decision: string | null; startedOn: string | null; endedOn: string | null; userId: string | null },
) {
  return db
    .insertInto('case_trials')
    .values({
      case_id: v.caseId,
      title: v.title,
      hypothesis: v.hypothesis,
      method: v.method,
      measure: v.measure,
      result: v.result,
      decision: v.decision,
      started_on: v.startedOn,
      ended_on: v.endedOn,
      created_by: v.userId,
    })
    .returning(['id', 'title', 'hypothesis', 'method', 'measure', 'result', 'decision', 'started_on as startedOn', 'ended_on as endedOn'])
    .executeTakeFirstOrThrow();
}

export interface TrialFilter {
  result?: string | undefined;
  decision?: string | undefined;
  theme?: string | undefined;
  limit: number;
  offset: number;
}

/** Trials and pilots across every case the viewer may see (the overview the white paper asks for). */
export async function listTrials(db: DbOrTrx, viewer: Viewer, f: TrialFilter) {
  const base = () => {
    let q = db.selectFrom('case_trials as t').innerJoin('cases', 'cases.id', 't.case_id').where(visibleTo(viewer));
    if (f.result === 'ongoing') q = q.where('t.result', 'is', null);
    else if (f.result) q = q.where('t.result', '=', f.result);
    if (f.decision) q = q.where('t.decision', '=', f.decision);
    if (f.theme) {
      const theme = f.theme;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('case_themes as ct')
            .innerJoin('los_concepts as l', 'l.uri', 'ct.theme_uri')
            .select('ct.case_id')
            .whereRef('ct.case_id', '=', 'cases.id')
            .where((e) => e.or([e('l.uri', '=', theme), e('l.main_theme', '=', theme)])),
        ),
      );
    }
    return q;
  };
  const [items, total] = await Promise.all([
    base()
      .innerJoin('organisations as o', 'o.id', 'cases.owner_org_id')
      .select([
        't.id',
        't.title',
        't.hypothesis',
        't.method',
        't.measure',
        't.result',
        't.decision',
        't.started_on as startedOn',
        't.ended_on as endedOn',
        'cases.id as caseId',
        'cases.title as caseTitle',
        'o.name as orgName',
        'o.orgnr',
      ])
      .orderBy(sql`t.started_on desc nulls last`)
      .orderBy('t.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n),
  ]);
  return { items, total };
}
