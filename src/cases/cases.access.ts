import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ANONYMOUS, type Viewer } from '../core/viewer.js';

export { ANONYMOUS, type Viewer };

/**
 * Who may read a case, written once. `CASE_READ_RULES` is the rule; `readPlan` resolves it for one
 * viewer; the TypeScript predicate (`canReadCase`), the SQL expression (`caseReadableBy`) and the
 * search index's per-slot test (`stateReadable`) all evaluate that same plan, so they cannot drift
 * apart (cases.read-rule.test.ts checks them against each other on every case state × viewer; the
 * hand-written expectations per role are in cases.access.test.ts).
 *
 * Field-level rules (contact details, the «adapted from» source, history entries) live here too.
 * Anything anonymous (open data, feeds, sitemap, structured data, public counts) uses `ANONYMOUS`.
 */

export const CASE_VISIBILITIES = ['public', 'public_sector', 'own_org'] as const;
export type CaseVisibility = (typeof CASE_VISIBILITIES)[number];


/** What the read rule needs to know about a case. */
export interface CaseAccessFacts {
  ownerOrgId: string;
  coOwnerIds: string[];
  published: boolean;
  visibility: CaseVisibility;
}

/**
 * The rule. A case is readable when any row grants it: the row's audience includes the viewer, and
 * the case is in one of the row's states. Deny by default: nothing else grants reading.
 * - `case_org`: an active member of the owning or a co-owning organisation (drafts included: it is
 *   their work).
 * - `public_sector`: an active member of a public body (or platform staff): what is shared within the
 *   public sector, once published.
 * - `anyone`: everyone, signed in or not: published cases marked public.
 */
export const CASE_READ_RULES: readonly { audience: 'platform_admin' | 'case_org' | 'public_sector' | 'anyone'; publishedOnly: boolean; visibilities: readonly CaseVisibility[] }[] = [
  { audience: 'platform_admin', publishedOnly: false, visibilities: CASE_VISIBILITIES },
  { audience: 'case_org', publishedOnly: false, visibilities: CASE_VISIBILITIES },
  { audience: 'public_sector', publishedOnly: true, visibilities: ['public', 'public_sector'] },
  { audience: 'anyone', publishedOnly: true, visibilities: ['public'] },
];

/** The rule resolved for one viewer: which case states they read whoever owns the case, and whose cases they read in any state. */
export interface CaseReadPlan {
  everything: boolean;
  /** Visibilities readable once published, and visibilities readable even as drafts (by state alone). */
  published: ReadonlySet<CaseVisibility>;
  drafts: ReadonlySet<CaseVisibility>;
  /** Organisations whose owned or co-owned cases the viewer reads in any state. */
  orgIds: readonly string[];
}

// A viewer is made once per request and not changed: its plan is resolved once (lists and digests ask per row).
const plans = new WeakMap<Viewer, CaseReadPlan>();

export function readPlan(viewer: Viewer): CaseReadPlan {
  let plan = plans.get(viewer);
  if (!plan) plans.set(viewer, (plan = resolvePlan(viewer)));
  return plan;
}

function resolvePlan(viewer: Viewer): CaseReadPlan {
  const published = new Set<CaseVisibility>();
  const drafts = new Set<CaseVisibility>();
  let everything = false;
  let viaOrgs = false;
  for (const rule of CASE_READ_RULES) {
    const inAudience =
      rule.audience === 'anyone' ||
      (rule.audience === 'public_sector' && viewer.publicSector) ||
      (rule.audience === 'platform_admin' && viewer.admin) ||
      (rule.audience === 'case_org' && viewer.orgIds.length > 0);
    if (!inAudience) continue;
    if (rule.audience === 'case_org') {
      viaOrgs = true;
      continue;
    }
    for (const v of rule.visibilities) {
      published.add(v);
      if (!rule.publishedOnly) drafts.add(v);
    }
  }
  if (CASE_VISIBILITIES.every((v) => drafts.has(v))) everything = true;
  return { everything, published, drafts, orgIds: viaOrgs ? [...viewer.orgIds] : [] };
}

/** The state part of a plan: may a case in this state be read by state alone (before membership)? */
export function stateReadable(plan: CaseReadPlan, published: boolean, visibility: string): boolean {
  if (plan.everything) return true;
  return (published ? plan.published : plan.drafts).has(visibility as CaseVisibility);
}

/** May the viewer read this case? */
export function canReadCase(viewer: Viewer, c: CaseAccessFacts): boolean {
  const plan = readPlan(viewer);
  if (stateReadable(plan, c.published, c.visibility)) return true;
  return plan.orgIds.length > 0 && (plan.orgIds.includes(c.ownerOrgId) || c.coOwnerIds.some((id) => plan.orgIds.includes(id)));
}

const visibilityIn = (col: RawBuilder<unknown>, set: ReadonlySet<CaseVisibility>): RawBuilder<SqlBool> => {
  const values = CASE_VISIBILITIES.filter((v) => set.has(v));
  // Literals, not parameters: the partial indexes on published public cases (cases_public_published_idx,
  // cases_owner_public_idx) are only used when the planner sees `visibility = 'public'` itself,
  // also in prepared statements that run on a generic plan.
  if (values.length === 1) return sql<SqlBool>`${col} = ${sql.lit(values[0]!)}`;
  return sql<SqlBool>`${col} in (${sql.join(values.map((v) => sql.lit(v)))})`;
};

/**
 * The read rule in SQL, for a `cases` row under `alias` (any query, join or subquery:
 * `.where(caseReadableBy(viewer, 'c'))`, or inside a `sql` template).
 */
export function caseReadableBy(viewer: Viewer, alias = 'cases'): RawBuilder<SqlBool> {
  const plan = readPlan(viewer);
  if (plan.everything) return sql<SqlBool>`true`;
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<SqlBool>[] = [];
  if (plan.drafts.size > 0) parts.push(visibilityIn(col('visibility'), plan.drafts));
  const publishedOnly = new Set([...plan.published].filter((v) => !plan.drafts.has(v)));
  if (publishedOnly.size > 0) parts.push(sql<SqlBool>`${col('published_at')} is not null and ${visibilityIn(col('visibility'), publishedOnly)}`);
  if (plan.orgIds.length > 0) {
    const ids = [...plan.orgIds];
    parts.push(
      sql<SqlBool>`${col('owner_org_id')} = any(${ids}::bigint[])`,
      sql<SqlBool>`exists (select 1 from case_coowners access_cc where access_cc.case_id = ${col('id')} and access_cc.org_id = any(${ids}::bigint[]))`,
    );
  }
  if (parts.length === 0) return sql<SqlBool>`false`;
  if (parts.length === 1) return sql<SqlBool>`(${parts[0]!})`;
  return sql<SqlBool>`(${sql.join(parts.map((p) => sql`(${p})`), sql` or `)})`;
}

export type CaseAudience = 'public' | 'public_sector' | 'owners';

/** A viewer who stands for «anyone in the public sector» (no organisation of the case's own). */
const PUBLIC_SECTOR: Viewer = Object.freeze({ userId: null, orgIds: [], adminOrgIds: [], publicSector: true, admin: false }) as Viewer;

/**
 * Who may hear of activity on a case (events, followers, digests): the widest audience of the rule
 * that reads the case, as the notifications' event visibility.
 */
export function caseAudience(c: Omit<CaseAccessFacts, 'coOwnerIds' | 'ownerOrgId'>): CaseAudience {
  const facts = { ...c, ownerOrgId: '', coOwnerIds: [] };
  if (canReadCase(ANONYMOUS, facts)) return 'public';
  if (canReadCase(PUBLIC_SECTOR, facts)) return 'public_sector';
  return 'owners';
}

/** The widest case state each audience is recorded for (what `caseAudience` maps to it). */
const AUDIENCE_STATES: Record<CaseAudience, { published: boolean; visibility: CaseVisibility }> = {
  public: { published: true, visibility: 'public' },
  public_sector: { published: true, visibility: 'public_sector' },
  owners: { published: false, visibility: 'own_org' },
};

/** The audiences that reach the viewer by the case's state alone (the owners' members are reached through `ownerOrgIds`). */
export function audiencesOf(viewer: Viewer): CaseAudience[] {
  const plan = readPlan(viewer);
  return (Object.keys(AUDIENCE_STATES) as CaseAudience[]).filter((a) => stateReadable(plan, AUDIENCE_STATES[a].published, AUDIENCE_STATES[a].visibility));
}

/** Does something recorded for `audience` about cases of `ownerOrgIds` reach the viewer (`audienceReaches` in TypeScript)? */
export function audienceIncludes(viewer: Viewer, audience: CaseAudience, ownerOrgIds: readonly string[]): boolean {
  const plan = readPlan(viewer);
  return audiencesOf(viewer).includes(audience) || ownerOrgIds.some((id) => plan.orgIds.includes(id));
}

const audienceIn = (col: RawBuilder<unknown>, audiences: CaseAudience[]): RawBuilder<SqlBool> =>
  audiences.length ? sql<SqlBool>`${col} in (${sql.join(audiences.map((a) => sql.lit(a)))})` : sql<SqlBool>`false`;

/**
 * Does something recorded for an audience (`caseAudience`; the column `audienceCol`), about cases of
 * the organisations in `ownerOrgIdsCol`, reach the viewer? The read rule again: the state decides
 * for outsiders, membership of an owner for the case's own organisations.
 */
export function audienceReaches(viewer: Viewer, audienceCol: string, ownerOrgIdsCol: string): RawBuilder<SqlBool> {
  const plan = readPlan(viewer);
  const byState = audienceIn(sql.ref(audienceCol), audiencesOf(viewer));
  if (plan.orgIds.length === 0) return sql<SqlBool>`(${byState})`;
  return sql<SqlBool>`(${byState} or ${sql.ref(ownerOrgIdsCol)} && ${sql.val([...plan.orgIds])}::bigint[])`;
}

const ADMIN: Viewer = Object.freeze({ userId: null, orgIds: [], adminOrgIds: [], publicSector: true, admin: true }) as Viewer;

/**
 * The same for a recipient known only in SQL (a fan-out over followers): `who` says, as SQL, whether
 * they are platform admin, in the public sector (as `Viewer` has it) and an active member of one of
 * the owners.
 */
export function audienceReachesRecipient(audienceCol: string, who: { admin: RawBuilder<SqlBool>; publicSector: RawBuilder<SqlBool>; memberOfOwner: RawBuilder<SqlBool> }): RawBuilder<SqlBool> {
  const col = sql.ref(audienceCol);
  const member = readPlan({ ...ANONYMOUS, orgIds: ['0'] }).orgIds.length > 0 ? who.memberOfOwner : sql<SqlBool>`false`;
  return sql<SqlBool>`(${audienceIn(col, audiencesOf(ANONYMOUS))}
    or (${who.publicSector} and ${audienceIn(col, audiencesOf(PUBLIC_SECTOR))})
    or (${who.admin} and ${audienceIn(col, audiencesOf(ADMIN))})
    or ${member})`;
}

// ---- field-level rules ----

/** Contact details (name, e-mail, phone, the contact user) are for signed-in public-sector users and platform admins. */
export function canSeeContact(viewer: Viewer): boolean {
  return viewer.publicSector || viewer.admin;
}

/** Fields of a case (as the history names them) that carry contact details. */
export const CONTACT_FIELDS: ReadonlySet<string> = new Set(['contactName', 'contactEmail', 'contactPhone', 'contactUserId']);

/** Fields of a case (as the history names them) that hold another case's id. */
export const CASE_REF_FIELDS: ReadonlySet<string> = new Set(['noveltySourceCaseId']);

/** The ids of other cases a history names (to look up whether the viewer may read them). */
export function casesNamedIn(versions: { changes: { field: string; old: unknown; new: unknown }[] }[]): string[] {
  const ids = versions.flatMap((v) => v.changes.filter((c) => CASE_REF_FIELDS.has(c.field)).flatMap((c) => [c.old, c.new]));
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))];
}

/**
 * A case's history as the viewer may see it: contact changes, and who made each change (a person's
 * name), only for those who may see contact details (the case page hides them from the same
 * people); another case named in it (the «adapted from» source) only when `readableCaseIds` holds it.
 */
export function historyFor<V extends { userName: string | null; changes: { field: string; old: unknown; new: unknown }[] }>(viewer: Viewer, versions: V[], readableCaseIds: ReadonlySet<string>): V[] {
  const contact = canSeeContact(viewer);
  const ref = (value: unknown) => (typeof value === 'string' && !readableCaseIds.has(value) ? null : value);
  return versions.map((v) => ({
    ...v,
    userName: contact ? v.userName : null,
    changes: v.changes
      .filter((c) => contact || !CONTACT_FIELDS.has(c.field))
      .map((c) => (CASE_REF_FIELDS.has(c.field) ? { ...c, old: ref(c.old), new: ref(c.new) } : c)),
  }));
}

/**
 * A case another case's page names (the one it was adapted from, an adopter's own case), as the
 * viewer may see it: named (id and title) only when they may read it now; otherwise not at all (a
 * draft's or hidden case's title and id are not theirs to see, also when it was hidden after it was
 * cited).
 */
export function caseRefFor(viewer: Viewer, c: { id: string; title: string; ownerOrgId: string; coOwnerIds: string[]; published: boolean; visibility: string } | null): { caseId: string; title: string } | null {
  if (!c || !canReadCase(viewer, { ...c, visibility: c.visibility as CaseVisibility })) return null;
  return { caseId: c.id, title: c.title };
}
