import { sql } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { DbOrTrx } from '../db/database.js';
import { type Viewer } from '../core/viewer.js';
import { caseFactsOf, visibleTo } from './case-facts.queries.js';

/** Adoptions: who took a case into use, what it spread and reused, and the lineage of cases they make. */

export interface LineageNode {
  caseId: string;
  title: string;
  orgName: string;
  orgnr: string | null;
  depth: number;
  parentCaseId: string | null;
  visibility: string;
  published: boolean;
  ownerOrgId: string;
  coOwnerIds: string[];
}

/**
 * A case's lineage, several steps each way: the cases it was adopted from (following the adoption
 * that created it, upwards) and the cases made from its adoptions (downwards). Two statements.
 */
export async function lineage(db: DbOrTrx, caseId: string): Promise<{ up: LineageNode[]; down: LineageNode[] }> {
  const compiled = sql<LineageNode & { direction: 'up' | 'down' }>`
    with recursive up(case_id, depth, path) as (
      select a.source_case_id, 1, array[${caseId}::bigint]
      from adoptions a where a.adopter_case_id = ${caseId}::bigint
      union
      select a.source_case_id, up.depth + 1, up.path || up.case_id
      from up join adoptions a on a.adopter_case_id = up.case_id
      where up.depth < 10 and not a.source_case_id = any(up.path)
    ),
    down(case_id, parent, depth, path) as (
      select a.adopter_case_id, a.source_case_id, 1, array[${caseId}::bigint]
      from adoptions a where a.source_case_id = ${caseId}::bigint and a.adopter_case_id is not null
      union
      select a.adopter_case_id, a.source_case_id, down.depth + 1, down.path || down.case_id
      from down join adoptions a on a.source_case_id = down.case_id
      where a.adopter_case_id is not null and down.depth < 10 and not a.adopter_case_id = any(down.path)
    ),
    steps as (
      select 'up' as direction, case_id, null::bigint as parent, depth from up
      union all
      select 'down', case_id, parent, depth from down
    )
    select s.direction, c.id::text as "caseId", c.title, o.name as "orgName", o.orgnr, s.depth, s.parent::text as "parentCaseId",
           c.visibility, c.published_at is not null as published, c.owner_org_id::text as "ownerOrgId",
           coalesce((select array_agg(cc.org_id::text) from case_coowners cc where cc.case_id = c.id), '{}') as "coOwnerIds"
    from steps s join cases c on c.id = s.case_id join organisations o on o.id = c.owner_org_id
    order by s.direction, s.depth, c.title`.compile(db);
  const r = await db.executeQuery(prepare(compiled));
  const strip = ({ direction: _d, ...node }: LineageNode & { direction: string }) => node;
  return { up: r.rows.filter((x) => x.direction === 'up').map(strip), down: r.rows.filter((x) => x.direction === 'down').map(strip) };
}


export async function insertAdoption(
  db: DbOrTrx,
  v: { sourceCaseId: string; adopterOrgId: string; adoptedOn: string; changes: string; result: string; adopterCaseId: string | null; userId: string | null },
) {
  return db
    .insertInto('adoptions')
    .values({
      source_case_id: v.sourceCaseId,
      adopter_org_id: v.adopterOrgId,
      adopted_on: v.adoptedOn,
      changes: v.changes,
      result: v.result,
      adopter_case_id: v.adopterCaseId,
      created_by: v.userId,
    })
    .onConflict((oc) => oc.columns(['source_case_id', 'adopter_org_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function setAdopterCase(db: DbOrTrx, adoptionId: string, caseId: string): Promise<void> {
  await db.updateTable('adoptions').set({ adopter_case_id: caseId }).where('id', '=', adoptionId).execute();
}

export async function listAdoptions(db: DbOrTrx, caseId: string) {
  return db
    .selectFrom('adoptions as a')
    .innerJoin('organisations as o', 'o.id', 'a.adopter_org_id')
    .select(['a.id', 'a.adopted_on as adoptedOn', 'a.changes', 'a.result', 'a.created_at as createdAt', 'o.orgnr', 'o.name'])
    .select(caseFactsOf('a.adopter_case_id').as('adopterCase'))
    .where('a.source_case_id', '=', caseId)
    .orderBy('a.adopted_on', 'desc')
    .execute();
}

/** What an organisation has spread (others adopted its cases) and reused (it adopted others'). */
export async function orgReuse(db: DbOrTrx, orgId: string, viewer: Viewer) {
  const [spread, reused] = await Promise.all([
    db
      .selectFrom('adoptions as a')
      .innerJoin('cases', 'cases.id', 'a.source_case_id')
      .innerJoin('organisations as ao', 'ao.id', 'a.adopter_org_id')
      .select(['cases.id as caseId', 'cases.title', 'ao.name as adopterName', 'ao.orgnr as adopterOrgnr', 'a.adopted_on as adoptedOn'])
      .where('cases.owner_org_id', '=', orgId)
      .where(visibleTo(viewer))
      .orderBy('a.adopted_on', 'desc')
      .limit(100)
      .execute(),
    db
      .selectFrom('adoptions as a')
      .innerJoin('cases', 'cases.id', 'a.source_case_id')
      .innerJoin('organisations as so', 'so.id', 'cases.owner_org_id')
      .select(['cases.id as caseId', 'cases.title', 'so.name as sourceName', 'so.orgnr as sourceOrgnr', 'a.adopted_on as adoptedOn'])
      .where('a.adopter_org_id', '=', orgId)
      .where(visibleTo(viewer))
      .orderBy('a.adopted_on', 'desc')
      .limit(100)
      .execute(),
  ]);
  return { spread, reused };
}
