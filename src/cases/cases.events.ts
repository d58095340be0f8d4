import { caseAudience, type CaseVisibility } from './cases.access.js';
import type { DbOrTrx } from '../db/database.js';
import { recordEvent } from '../core/events.js';

/**
 * An event about a case, with what surrounds it (its owner and co-owners, its main themes) and
 * who may hear of it, read from the case as it stands in the writer's transaction.
 */
export async function recordCaseEvent(db: DbOrTrx, kind: string, caseId: string, actorUserId: string | null): Promise<void> {
  const c = await db
    .selectFrom('cases')
    .select(['title', 'owner_org_id as owner', 'visibility', 'facet_main_themes as themes'])
    .select((eb) => eb.fn.coalesce(eb.selectFrom('case_coowners as cc').select((e2) => e2.fn.agg<string[]>('array_agg', ['cc.org_id']).as('ids')).whereRef('cc.case_id', '=', 'cases.id'), eb.val<string[]>([])).as('coowners'))
    .select((eb) => eb('published_at', 'is not', null).as('published'))
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!c) return;
  const owners = [c.owner, ...(c.coowners ?? []).map(String)];
  await recordEvent(db, {
    kind,
    subjects: [`case:${caseId}`, ...owners.map((id) => `organisation:${id}` as const), ...(c.themes ?? []).map((t) => `theme:${t}` as const)],
    actorUserId,
    title: c.title,
    path: `/cases/${caseId}`,
    visibility: caseAudience({ published: Boolean(c.published), visibility: c.visibility as CaseVisibility }),
    ownerOrgIds: owners,
  });
}
