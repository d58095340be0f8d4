import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { prepare } from '../db/prepared.js';
import type { DbOrTrx } from '../db/database.js';
import type { FieldChange } from '../db/schema.cases.js';
import type { CaseValues } from './cases.model.js';
import { type Viewer } from '../core/viewer.js';
import { caseFactsOf, visibleTo } from './case-facts.queries.js';

function valuesToRow(v: CaseValues) {
  return {
    title: v.title,
    summary: v.summary,
    problem: v.problem,
    what_is_new: v.whatIsNew,
    types: v.types,
    novelty: v.novelty,
    novelty_source_case_id: v.noveltySourceCaseId,
    novelty_source_text: v.noveltySourceText,
    stage: v.stage,
    status: v.status,
    taken_into_use_on: v.takenIntoUseOn,
    stopped_reason: v.stoppedReason,
    initiators: v.initiators,
    evaluated: v.evaluated,
    evaluation_how: v.evaluationHow,
    evaluation_link: v.evaluationLink,
    actively_spread: v.activelySpread,
    spread_how: v.spreadHow,
    looking_for_partners: v.lookingForPartners,
    partner_needs: v.partnerNeeds,
    challenges: v.challenges,
    lessons: v.lessons,
    success_conditions: v.successConditions,
    how_to_replicate: v.howToReplicate,
    cost_nok: v.costNok,
    funding_sources: v.fundingSources,
    links: JSON.stringify(v.links),
    contact_name: v.contactName,
    contact_email: v.contactEmail,
    contact_phone: v.contactPhone,
    visibility: v.visibility,
    language: v.language,
  };
}

export async function insertCase(
  db: DbOrTrx,
  v: CaseValues,
  meta: { ownerOrgId: string; userId: string | null; source?: string; sourceKey?: string | null; sourceUrl?: string | null; cofog?: string | null; publishedAt?: Date | null },
): Promise<string> {
  const row = await db
    .insertInto('cases')
    .values({
      ...valuesToRow(v),
      owner_org_id: meta.ownerOrgId,
      contact_user_id: meta.userId,
      created_by: meta.userId,
      source: meta.source ?? 'user',
      source_key: meta.sourceKey ?? null,
      source_url: meta.sourceUrl ?? null,
      cofog: meta.cofog ?? null,
      published_at: meta.publishedAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCaseRow(db: DbOrTrx, id: string, v: CaseValues, version: number): Promise<void> {
  await db
    .updateTable('cases')
    .set({ ...valuesToRow(v), version, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Replaces a case's co-owners, themes, partners and benefits with those in `v`. */
export async function replaceCaseChildren(db: DbOrTrx, caseId: string, v: CaseValues, orgIdByOrgnr: Map<string, string>): Promise<void> {
  await Promise.all([
    db.deleteFrom('case_coowners').where('case_id', '=', caseId).execute(),
    db.deleteFrom('case_themes').where('case_id', '=', caseId).execute(),
    db.deleteFrom('case_partners').where('case_id', '=', caseId).execute(),
    db.deleteFrom('case_benefits').where('case_id', '=', caseId).execute(),
  ]);
  const coOwners = v.coOwners.map((o) => orgIdByOrgnr.get(o)).filter((x): x is string => !!x);
  if (coOwners.length) await db.insertInto('case_coowners').values(coOwners.map((org_id) => ({ case_id: caseId, org_id }))).execute();
  if (v.themes.length) await db.insertInto('case_themes').values(v.themes.map((theme_uri) => ({ case_id: caseId, theme_uri }))).execute();
  if (v.partners.length) {
    await db
      .insertInto('case_partners')
      .values(v.partners.map((p, i) => ({ case_id: caseId, position: i, name: p.name, actor_type: p.actorType, org_id: p.orgnr ? (orgIdByOrgnr.get(p.orgnr) ?? null) : null })))
      .execute();
  }
  if (v.benefits.length) {
    await db
      .insertInto('case_benefits')
      .values(v.benefits.map((b, i) => ({ case_id: caseId, position: i, category: b.category, realised: b.realised, description: b.description, value: b.value, unit: b.unit, method: b.method })))
      .execute();
  }
}

/** Rebuilds the search vector and facet values of these cases (after any write to them or their children). */
export async function refreshCaseSearch(db: DbOrTrx, caseIds: string[]): Promise<void> {
  if (caseIds.length === 0) return;
  await sql`select refresh_case_search(${caseIds}::bigint[])`.execute(db);
}

export async function orgIdsByOrgnr(db: DbOrTrx, orgnrs: string[]): Promise<Map<string, string>> {
  if (orgnrs.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'orgnr']).where('orgnr', 'in', orgnrs).execute();
  return new Map(rows.map((r) => [r.orgnr!, r.id]));
}

export async function knownThemeUris(db: DbOrTrx, uris: string[]): Promise<Set<string>> {
  if (uris.length === 0) return new Set();
  const rows = await db.selectFrom('los_concepts').select('uri').where('uri', 'in', uris).execute();
  return new Set(rows.map((r) => r.uri));
}

export async function caseExists(db: DbOrTrx, id: string): Promise<boolean> {
  return !!(await db.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst());
}

/** A case as stored with its owner, co-owners, themes, partners and benefits (one statement). */
/** A case's partners, in order, as a JSON array (correlated with the outer `cases`): shared by the stored case and the case page. */
function partnersOf(db: DbOrTrx) {
  return jsonArrayFrom(
    db
      .selectFrom('case_partners as p')
      .leftJoin('organisations as po', 'po.id', 'p.org_id')
      .select(['p.name', 'po.orgnr', 'p.actor_type as actorType'])
      .whereRef('p.case_id', '=', sql.ref<string>('cases.id'))
      .orderBy('p.position'),
  );
}

/** A case's benefits, in order, as a JSON array. */
function benefitsOf(db: DbOrTrx) {
  return jsonArrayFrom(
    db
      .selectFrom('case_benefits as b')
      .select(['b.category', 'b.realised', 'b.description', 'b.value', 'b.unit', 'b.method'])
      .whereRef('b.case_id', '=', sql.ref<string>('cases.id'))
      .orderBy('b.position'),
  );
}

export function storedCaseQuery(db: DbOrTrx) {
  return db
    .selectFrom('cases')
    .innerJoin('organisations as owner', 'owner.id', 'cases.owner_org_id')
    .selectAll('cases')
    .select(['owner.orgnr as ownerOrgnr', 'owner.name as ownerName'])
    .select(() => [
      sql<string[]>`coalesce((select array_agg(cc.org_id::text) from case_coowners cc where cc.case_id = cases.id), '{}')`.as('coOwnerIds'),
      sql<string[]>`coalesce((select array_agg(o.orgnr order by o.orgnr) from case_coowners cc join organisations o on o.id = cc.org_id where cc.case_id = cases.id), '{}')`.as('coOwnerOrgnrs'),
      sql<string[]>`coalesce((select array_agg(ct.theme_uri order by ct.theme_uri) from case_themes ct where ct.case_id = cases.id), '{}')`.as('themeUris'),
      partnersOf(db).as('partnerRows'),
      benefitsOf(db).as('benefitRows'),
    ]);
}

/** The case as stored, with its access facts; `forUpdate` locks the row for the transaction. */
export async function loadCase(db: DbOrTrx, id: string, forUpdate = false) {
  let q = storedCaseQuery(db)
    .where('cases.id', '=', id);
  if (forUpdate) q = q.forUpdate('cases') as typeof q;
  return q.executeTakeFirst();
}

export type StoredCase = NonNullable<Awaited<ReturnType<typeof loadCase>>>;

/** The stored case as validated values (the base an edit is merged over, and diffed against). */
export function storedToValues(c: StoredCase): CaseValues {
  return {
    title: c.title,
    summary: c.summary,
    problem: c.problem,
    whatIsNew: c.what_is_new,
    types: c.types as CaseValues['types'],
    novelty: c.novelty as CaseValues['novelty'],
    noveltySourceCaseId: c.novelty_source_case_id,
    noveltySourceText: c.novelty_source_text,
    stage: c.stage as CaseValues['stage'],
    status: c.status as CaseValues['status'],
    takenIntoUseOn: c.taken_into_use_on,
    stoppedReason: c.stopped_reason,
    initiators: c.initiators as CaseValues['initiators'],
    evaluated: c.evaluated,
    evaluationHow: c.evaluation_how,
    evaluationLink: c.evaluation_link,
    activelySpread: c.actively_spread,
    spreadHow: c.spread_how,
    lookingForPartners: c.looking_for_partners,
    partnerNeeds: c.partner_needs as CaseValues['partnerNeeds'],
    challenges: c.challenges,
    lessons: c.lessons,
    successConditions: c.success_conditions,
    howToReplicate: c.how_to_replicate,
    costNok: c.cost_nok === null ? null : Number(c.cost_nok),
    fundingSources: c.funding_sources,
    links: c.links,
    contactName: c.contact_name,
    contactEmail: c.contact_email,
    contactPhone: c.contact_phone,
    visibility: c.visibility as CaseValues['visibility'],
    language: c.language as CaseValues['language'],
    themes: c.themeUris,
    coOwners: c.coOwnerOrgnrs,
    partners: c.partnerRows.map((p) => ({ name: p.name, orgnr: p.orgnr, actorType: p.actorType as CaseValues['partners'][number]['actorType'] })),
    benefits: c.benefitRows.map((b) => ({
      category: b.category as CaseValues['benefits'][number]['category'],
      realised: b.realised,
      description: b.description,
      value: b.value === null ? null : Number(b.value),
      unit: b.unit,
      method: b.method,
    })),
  };
}

export async function setPublished(db: DbOrTrx, id: string, version: number): Promise<void> {
  await db.updateTable('cases').set({ published_at: sql`now()`, version, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function setVersion(db: DbOrTrx, id: string, version: number): Promise<void> {
  await db.updateTable('cases').set({ version, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function setContactUser(db: DbOrTrx, id: string, userId: string, version: number): Promise<void> {
  await db.updateTable('cases').set({ contact_user_id: userId, version, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function insertVersion(db: DbOrTrx, v: { caseId: string; version: number; userId: string | null; action: string; changes: FieldChange[] }): Promise<void> {
  await db
    .insertInto('case_versions')
    .values({ case_id: v.caseId, version: v.version, user_id: v.userId, action: v.action, changes: JSON.stringify(v.changes) })
    .execute();
}

export async function listVersions(db: DbOrTrx, caseId: string) {
  return db
    .selectFrom('case_versions as v')
    .leftJoin('users as u', 'u.id', 'v.user_id')
    .select(['v.version', 'v.at', 'v.action', 'v.changes', 'u.name as userName'])
    .where('v.case_id', '=', caseId)
    .orderBy('v.version', 'desc')
    .execute();
}

// ---- reading for pages and the API ----

export interface CaseListFilter {
  ownerOrgIds?: string[] | undefined;
  status?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of cases the viewer may see, with owner and adoption counts: two statements for any page size. */
export async function listCases(db: DbOrTrx, viewer: Viewer, f: CaseListFilter) {
  const base = () => {
    let q = db.selectFrom('cases').where(visibleTo(viewer));
    if (f.ownerOrgIds) {
      const ids = f.ownerOrgIds.length ? f.ownerOrgIds : ['0'];
      q = q.where((eb) =>
        eb.or([
          eb('cases.owner_org_id', 'in', ids),
          eb.exists(eb.selectFrom('case_coowners as cc').select('cc.case_id').whereRef('cc.case_id', '=', 'cases.id').where('cc.org_id', 'in', ids)),
        ]),
      );
    }
    if (f.status) q = q.where('cases.status', '=', f.status);
    return q;
  };
  // The page's ids first, read in index order (cases_public_published_idx for visitors), then the
  // page's columns: case rows are wide (the search vector is stored inline), and joining or sorting
  // every visible case before the limit took seconds at 100k cases.
  const [pageIds, total] = await Promise.all([
    base()
      .select('cases.id')
      .orderBy(sql`cases.published_at desc nulls last`)
      .orderBy('cases.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n),
  ]);
  const ids = pageIds.map((r) => r.id);
  const rows = ids.length
    ? await db
        .selectFrom('cases')
        .innerJoin('organisations as owner', 'owner.id', 'cases.owner_org_id')
        .select([
          'cases.id',
          'cases.title',
          'cases.summary',
          'cases.status',
          'cases.stage',
          'cases.types',
          'cases.visibility',
          'cases.language',
          'cases.published_at as publishedAt',
          'cases.updated_at as updatedAt',
          'cases.source',
          'owner.orgnr as ownerOrgnr',
          'owner.name as ownerName',
          'cases.adoption_count as adoptionCount',
        ])
        .where('cases.id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = ids.map((id) => byId.get(id)!).filter(Boolean);
  return { items, total };
}

export type CaseListItem = Awaited<ReturnType<typeof listCases>>['items'][number];

/** Everything a case page shows, in one statement (children as JSON arrays). */
export async function caseDetail(db: DbOrTrx, id: string) {
  const query = db
    .selectFrom('cases')
    .innerJoin('organisations as owner', 'owner.id', 'cases.owner_org_id')
    .leftJoin('users as contact', 'contact.id', 'cases.contact_user_id')
    .selectAll('cases')
    .select(['owner.orgnr as ownerOrgnr', 'owner.name as ownerName', 'owner.kind as ownerKind', 'contact.name as contactUserName', 'contact.email as contactUserEmail'])
    .select((eb) => [
      // The cited source with what its read rule needs: the service names it only to those who may read it.
      caseFactsOf('cases.novelty_source_case_id').as('noveltySourceFacts'),
      jsonArrayFrom(
        eb
          .selectFrom('case_coowners as cc')
          .innerJoin('organisations as o', 'o.id', 'cc.org_id')
          .select(['o.id', 'o.orgnr', 'o.name'])
          .whereRef('cc.case_id', '=', 'cases.id')
          .orderBy('o.name'),
      ).as('coOwners'),
      jsonArrayFrom(
        eb
          .selectFrom('case_themes as ct')
          .innerJoin('los_concepts as l', 'l.uri', 'ct.theme_uri')
          .select(['l.uri', 'l.label_nb as labelNb', 'l.label_nn as labelNn', 'l.label_en as labelEn'])
          .whereRef('ct.case_id', '=', 'cases.id')
          .orderBy('l.label_nb'),
      ).as('themes'),
      partnersOf(db).as('partners'),
      benefitsOf(db).as('benefits'),
      jsonArrayFrom(
        eb
          .selectFrom('case_trials as t')
          .select(['t.id', 't.title', 't.hypothesis', 't.method', 't.measure', 't.result', 't.decision', 't.started_on as startedOn', 't.ended_on as endedOn'])
          .whereRef('t.case_id', '=', 'cases.id')
          .orderBy('t.started_on', 'desc')
          .orderBy('t.id', 'desc'),
      ).as('trials'),
      jsonArrayFrom(
        eb
          .selectFrom('adoptions as a')
          .innerJoin('organisations as ao', 'ao.id', 'a.adopter_org_id')
          .select(['a.id', 'a.adopted_on as adoptedOn', 'a.changes', 'a.result', 'ao.orgnr', 'ao.name', 'ao.municipality_number as municipalityNumber', 'ao.county_number as countyNumber'])
          .select(caseFactsOf('a.adopter_case_id').as('adopterCase'))
          .whereRef('a.source_case_id', '=', 'cases.id')
          .orderBy('a.adopted_on', 'desc'),
      ).as('adoptions'),
      sql<string[]>`coalesce((select array_agg(cc.org_id::text) from case_coowners cc where cc.case_id = cases.id), '{}')`.as('coOwnerIds'),
    ])
    .where('cases.id', '=', id);
  // Read on every case page and case API call: a named prepared statement (planning it took 4 ms).
  return (await db.executeQuery(prepare(query.compile()))).rows[0];
}

export type CaseDetailStored = NonNullable<Awaited<ReturnType<typeof caseDetail>>>;

/** A case as its page and the API show it: the cited source resolved for the viewer (cases.access.ts `sourceFor`). */
export type CaseDetailRow = Omit<CaseDetailStored, 'noveltySourceFacts' | 'adoptions'> & {
  noveltySource: { caseId: string; title: string } | null;
  /** Each adoption names the adopter's own case only to those who may read it. */
  adoptions: (Omit<CaseDetailStored['adoptions'][number], 'adopterCase'> & { adopterCaseId: string | null })[];
};

export async function listUserOrgMembers(db: DbOrTrx, orgId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('m.organisation_id', '=', orgId)
    .where('m.status', '=', 'active')
    .orderBy('u.name')
    .execute();
}

// The read rule's SQL, adoptions (with the lineage they make) and trials have query modules of their
// own; the feature's face (`casesQueries` in index.ts) shows the case bank's queries as one.
export * from './case-facts.queries.js';
export * from './adoptions.queries.js';
export * from './trials.queries.js';
