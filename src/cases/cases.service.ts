import type { Db, DbOrTrx } from '../db/database.js';
import type { FieldChange } from '../db/schema.cases.js';
import { insertAudit } from '../core/audit.js';
import { recordCaseEvent } from './cases.events.js';
import { text, type Violations } from '../core/validation.js';
import type { AuthContext } from '../http/context.js';
import { normaliseOrgnr, orgnrProblem } from '../core/orgnr.js';
import { EMPTY_CASE, TRIAL_DECISIONS, TRIAL_RESULTS, type CaseValues } from './cases.model.js';
import { canCreateCaseFor, canEditCase, canHandOverCase, canPublishCase, canReadCase, canRecordAdoption, canAddTrial, type CaseAccessFacts } from './cases.policy.js';
import { type Viewer } from '../core/viewer.js';
import { viewerOf } from '../core/viewer.js';
import { caseRefFor, casesNamedIn, historyFor } from './cases.access.js';
import * as q from './cases.queries.js';
import { diffCase, validateCaseInput } from './cases.validation.js';
import type { Failure as OutcomeFailure } from '../core/outcome.js';

export type Failure = OutcomeFailure<{ reason: 'invalid'; violations: Violations }>;

export type CaseOutcome = { ok: true; caseId: string; version: number; changed: boolean } | Failure;

interface Meta {
  requestId?: string | undefined;
}

function factsOf(c: { owner_org_id: string; coOwnerIds: string[]; published_at: Date | null; visibility: string }): CaseAccessFacts {
  return { ownerOrgId: c.owner_org_id, coOwnerIds: c.coOwnerIds, published: c.published_at !== null, visibility: c.visibility as CaseAccessFacts['visibility'] };
}

/** Checks references in the values against the database: themes, co-owners, partner orgs, source case. */
async function checkReferences(db: DbOrTrx, viewer: Viewer, values: CaseValues, violations: Violations, ownerOrgId: string): Promise<Map<string, string>> {
  const known = await q.knownThemeUris(db, values.themes);
  if (!violations.themes && values.themes.some((t) => !known.has(t))) violations.themes = { code: 'unknown_theme' };
  const orgnrs = [...values.coOwners, ...values.partners.map((p) => p.orgnr).filter((x): x is string => !!x)];
  const orgIds = await q.orgIdsByOrgnr(db, orgnrs);
  if (!violations.coOwners) {
    if (values.coOwners.some((o) => !orgIds.has(o))) violations.coOwners = { code: 'unknown_org' };
    else if (values.coOwners.some((o) => orgIds.get(o) === ownerOrgId)) violations.coOwners = { code: 'own_org' };
  }
  values.partners.forEach((p, i) => {
    if (p.orgnr && !orgIds.has(p.orgnr) && !violations[`partners.${i}.orgnr`]) violations[`partners.${i}.orgnr`] = { code: 'unknown_org' };
  });
  if (values.noveltySourceCaseId && !violations.noveltySourceCaseId) {
    const source = await q.loadCase(db, values.noveltySourceCaseId);
    if (!source || !canReadCase(viewer, factsOf(source))) violations.noveltySourceCaseId = { code: 'unknown_case' };
  }
  return orgIds;
}

function initialChanges(values: CaseValues): FieldChange[] {
  return diffCase(EMPTY_CASE, values);
}

/** Decides which organisation owns a new case: the one named, or the user's only organisation. */
async function resolveOwner(db: DbOrTrx, auth: AuthContext, ownerOrgnr: unknown, violations: Violations): Promise<string | null> {
  const active = auth.memberships.filter((m) => m.status === 'active');
  if (typeof ownerOrgnr === 'string' && ownerOrgnr.trim()) {
    const problem = orgnrProblem(ownerOrgnr);
    if (problem) {
      violations.ownerOrgnr = { code: problem === 'format' ? 'invalid_orgnr' : 'orgnr_check_digit' };
      return null;
    }
    const ids = await q.orgIdsByOrgnr(db, [normaliseOrgnr(ownerOrgnr)]);
    const id = ids.get(normaliseOrgnr(ownerOrgnr));
    if (!id) {
      violations.ownerOrgnr = { code: 'unknown_org' };
      return null;
    }
    return id;
  }
  if (active.length === 1) return active[0]!.organisationId;
  violations.ownerOrgnr = { code: 'required' };
  return null;
}

/** Registers a new case (a draft) for one of the user's organisations. */
export async function createCase(db: Db, auth: AuthContext | null, input: Record<string, unknown>, meta: Meta = {}): Promise<CaseOutcome> {
  if (!auth) return { ok: false, reason: 'unauthenticated' };
  const viewer = viewerOf(auth);
  const { values, violations } = validateCaseInput(input, EMPTY_CASE);
  const ownerOrgId = await resolveOwner(db, auth, input.ownerOrgnr, violations);
  if (ownerOrgId && !canCreateCaseFor(viewer, ownerOrgId)) {
    if (Object.keys(violations).length === 0) return { ok: false, reason: 'forbidden' };
    violations.ownerOrgnr = { code: 'invalid_choice' };
  }
  const orgIds = await checkReferences(db, viewer, values, violations, ownerOrgId ?? '');
  if (Object.keys(violations).length > 0 || !ownerOrgId) return { ok: false, reason: 'invalid', violations };
  const caseId = await db.transaction().execute(async (trx) => {
    const id = await q.insertCase(trx, values, { ownerOrgId, userId: auth.user.id });
    await q.replaceCaseChildren(trx, id, values, orgIds);
    await q.refreshCaseSearch(trx, [id]);
    await q.insertVersion(trx, { caseId: id, version: 1, userId: auth.user.id, action: 'create', changes: initialChanges(values) });
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'case.create', entityType: 'case', entityId: id, requestId: meta.requestId ?? null });
    return id;
  });
  return { ok: true, caseId, version: 1, changed: true };
}

/** Applies an edit (all fields or some), keeping the old values in a new version. */
export async function updateCase(db: Db, auth: AuthContext | null, caseId: string, input: Record<string, unknown>, meta: Meta = {}): Promise<CaseOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<CaseOutcome> => {
    const stored = await q.loadCase(trx, caseId, true);
    if (!stored || !canReadCase(viewer, factsOf(stored))) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canEditCase(viewer, factsOf(stored))) return { ok: false, reason: 'forbidden' };
    const before = q.storedToValues(stored);
    const { values, violations } = validateCaseInput(input, before);
    const orgIds = await checkReferences(trx, viewer, values, violations, stored.owner_org_id);
    if (values.noveltySourceCaseId === caseId) violations.noveltySourceCaseId = { code: 'unknown_case' };
    if (Object.keys(violations).length > 0) return { ok: false, reason: 'invalid', violations };
    const changes = diffCase(before, values);
    if (changes.length === 0) return { ok: true, caseId, version: stored.version, changed: false };
    const version = stored.version + 1;
    await q.updateCaseRow(trx, caseId, values, version);
    await q.replaceCaseChildren(trx, caseId, values, orgIds);
    await q.refreshCaseSearch(trx, [caseId]);
    await q.insertVersion(trx, { caseId, version, userId: auth.user.id, action: 'edit', changes });
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'case.edit', entityType: 'case', entityId: caseId, details: { fields: changes.map((c) => c.field) }, requestId: meta.requestId ?? null });
    // Followers hear of edits to published cases; a draft's edits are its owners' business.
    if (stored.published_at) await recordCaseEvent(trx, 'case.updated', caseId, auth.user.id);
    return { ok: true, caseId, version, changed: true };
  });
}

export async function publishCase(db: Db, auth: AuthContext | null, caseId: string, meta: Meta = {}): Promise<CaseOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<CaseOutcome> => {
    const stored = await q.loadCase(trx, caseId, true);
    if (!stored || !canReadCase(viewer, factsOf(stored))) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canPublishCase(viewer, factsOf(stored))) return { ok: false, reason: 'forbidden' };
    if (stored.published_at) return { ok: true, caseId, version: stored.version, changed: false };
    // A draft saved before the rules tightened must still meet them before it goes out.
    const { violations } = validateCaseInput({}, q.storedToValues(stored));
    if (Object.keys(violations).length > 0) return { ok: false, reason: 'invalid', violations };
    const version = stored.version + 1;
    await q.setPublished(trx, caseId, version);
    await q.insertVersion(trx, { caseId, version, userId: auth.user.id, action: 'publish', changes: [{ field: 'published', old: false, new: true }] });
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'case.publish', entityType: 'case', entityId: caseId, requestId: meta.requestId ?? null });
    await recordCaseEvent(trx, 'case.published', caseId, auth.user.id);
    return { ok: true, caseId, version, changed: true };
  });
}

/** An org admin hands the case to another member of the owner organisation as contact person. */
export async function handOverCase(db: Db, auth: AuthContext | null, caseId: string, userId: string, meta: Meta = {}): Promise<CaseOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<CaseOutcome> => {
    const stored = await q.loadCase(trx, caseId, true);
    if (!stored || !canReadCase(viewer, factsOf(stored))) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canHandOverCase(viewer, factsOf(stored))) return { ok: false, reason: 'forbidden' };
    const members = await q.listUserOrgMembers(trx, stored.owner_org_id);
    const target = members.find((m) => m.id === userId);
    if (!target) return { ok: false, reason: 'invalid', violations: { contactUserId: { code: 'unknown_user' } } };
    if (stored.contact_user_id === userId) return { ok: true, caseId, version: stored.version, changed: false };
    const version = stored.version + 1;
    await q.setContactUser(trx, caseId, userId, version);
    await q.insertVersion(trx, { caseId, version, userId: auth.user.id, action: 'handover', changes: [{ field: 'contactUserId', old: stored.contact_user_id, new: userId }] });
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'case.handover', entityType: 'case', entityId: caseId, details: { to: userId }, requestId: meta.requestId ?? null });
    return { ok: true, caseId, version, changed: true };
  });
}

export type ReadOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' };

/** A case with everything its page shows, if the viewer may see it. */
export async function getCase(db: Db, auth: AuthContext | null, caseId: string) {
  const viewer = viewerOf(auth);
  const stored = await q.caseDetail(db, caseId);
  if (!stored || !canReadCase(viewer, factsOf(stored))) return { ok: false as const, reason: 'not_found' as const };
  const { noveltySourceFacts: source, adoptions, ...rest } = stored;
  const row: q.CaseDetailRow = {
    ...rest,
    noveltySource: caseRefFor(viewer, source),
    adoptions: adoptions.map(({ adopterCase, ...a }) => ({ ...a, adopterCaseId: caseRefFor(viewer, adopterCase)?.caseId ?? null })),
  };
  const lineage = await q.lineage(db, caseId);
  // Lineage steps the viewer may not see are left out (their existence is not revealed).
  const visible = (n: q.LineageNode) => canReadCase(viewer, { ownerOrgId: n.ownerOrgId, coOwnerIds: n.coOwnerIds, published: n.published, visibility: n.visibility as CaseAccessFacts['visibility'] });
  return {
    ok: true as const,
    value: {
      row,
      lineage: { up: lineage.up.filter(visible), down: lineage.down.filter(visible) },
      facts: factsOf(row),
      viewer,
    },
  };
}

export async function caseHistory(db: Db, auth: AuthContext | null, caseId: string) {
  const viewer = viewerOf(auth);
  const stored = await q.loadCase(db, caseId);
  if (!stored || !canReadCase(viewer, factsOf(stored))) return { ok: false as const, reason: 'not_found' as const };
  const versions = await q.listVersions(db, caseId);
  const named = await q.caseFactsByIds(db, casesNamedIn(versions));
  const readable = new Set(named.filter((c) => caseRefFor(viewer, c)).map((c) => c.id));
  return { ok: true as const, value: { title: stored.title, versions: historyFor(viewer, versions, readable) } };
}

export async function listCases(db: Db, auth: AuthContext | null, filter: q.CaseListFilter) {
  return q.listCases(db, viewerOf(auth), filter);
}

// ---- adoptions ----

export type AdoptionOutcome = { ok: true; adoptionId: string; adopterCaseId: string | null } | Failure | { ok: false; reason: 'duplicate' };

export interface AdoptionInput {
  adopterOrgnr?: unknown;
  adoptedOn?: unknown;
  changes?: unknown;
  result?: unknown;
  createCase?: unknown;
}

/** "We took this into use": records the adoption, and optionally a draft case of the adopter's own. */
export async function recordAdoption(db: Db, auth: AuthContext | null, caseId: string, input: AdoptionInput, meta: Meta = {}): Promise<AdoptionOutcome> {
  const viewer = viewerOf(auth);
  const stored = await q.loadCase(db, caseId);
  if (!stored || !canReadCase(viewer, factsOf(stored))) return { ok: false, reason: 'not_found' };
  if (!auth) return { ok: false, reason: 'unauthenticated' };
  const v: Violations = {};
  const active = auth.memberships.filter((m) => m.status === 'active');
  let adopterOrgId: string | null = null;
  if (typeof input.adopterOrgnr === 'string' && input.adopterOrgnr.trim()) {
    const problem = orgnrProblem(input.adopterOrgnr);
    if (problem) v.adopterOrgnr = { code: problem === 'format' ? 'invalid_orgnr' : 'orgnr_check_digit' };
    else adopterOrgId = (await q.orgIdsByOrgnr(db, [normaliseOrgnr(input.adopterOrgnr)])).get(normaliseOrgnr(input.adopterOrgnr)) ?? null;
    if (!problem && !adopterOrgId) v.adopterOrgnr = { code: 'unknown_org' };
  } else if (active.length === 1) adopterOrgId = active[0]!.organisationId;
  else v.adopterOrgnr = { code: 'required' };
  if (adopterOrgId && (adopterOrgId === stored.owner_org_id || stored.coOwnerIds.includes(adopterOrgId))) v.adopterOrgnr = { code: 'own_org' };
  const adoptedOn = typeof input.adoptedOn === 'string' ? input.adoptedOn : '';
  if (!adoptedOn) v.adoptedOn = { code: 'required' };
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(adoptedOn) || Number.isNaN(Date.parse(adoptedOn))) v.adoptedOn = { code: 'invalid_date' };
  const changes = text(v, 'changes', input.changes, { max: 5000 });
  const result = text(v, 'result', input.result, { max: 5000 });
  if (Object.keys(v).length > 0 || !adopterOrgId) return { ok: false, reason: 'invalid', violations: v };
  if (!canRecordAdoption(viewer, factsOf(stored), adopterOrgId)) return { ok: false, reason: 'forbidden' };
  const wantsCase = input.createCase === true || input.createCase === 'true' || input.createCase === 'on';
  const orgId = adopterOrgId;
  return db.transaction().execute(async (trx): Promise<AdoptionOutcome> => {
    const row = await q.insertAdoption(trx, { sourceCaseId: caseId, adopterOrgId: orgId, adoptedOn, changes, result, adopterCaseId: null, userId: auth.user.id });
    if (!row) return { ok: false, reason: 'duplicate' };
    let adopterCaseId: string | null = null;
    if (wantsCase) {
      const source = q.storedToValues(stored);
      const values: CaseValues = {
        ...EMPTY_CASE,
        title: source.title,
        summary: source.summary,
        problem: source.problem,
        whatIsNew: source.whatIsNew,
        types: source.types,
        themes: source.themes,
        stage: 'implement',
        status: 'in_use',
        takenIntoUseOn: adoptedOn,
        novelty: 'adapted',
        noveltySourceCaseId: caseId,
        language: source.language,
        visibility: source.visibility,
      };
      adopterCaseId = await q.insertCase(trx, values, { ownerOrgId: orgId, userId: auth.user.id });
      await q.replaceCaseChildren(trx, adopterCaseId, values, new Map());
      await q.insertVersion(trx, { caseId: adopterCaseId, version: 1, userId: auth.user.id, action: 'create', changes: initialChanges(values) });
      await q.setAdopterCase(trx, row.id, adopterCaseId);
    }
    // The source case's adoption count is a facet and a sort key.
    await q.refreshCaseSearch(trx, adopterCaseId ? [caseId, adopterCaseId] : [caseId]);
    await insertAudit(trx, {
      actorUserId: auth.user.id,
      action: 'case.adopt',
      entityType: 'case',
      entityId: caseId,
      details: { adopterOrgId: orgId, adopterCaseId },
      requestId: meta.requestId ?? null,
    });
    return { ok: true, adoptionId: row.id, adopterCaseId };
  });
}

export async function listAdoptions(db: Db, auth: AuthContext | null, caseId: string) {
  const stored = await q.loadCase(db, caseId);
  const viewer = viewerOf(auth);
  if (!stored || !canReadCase(viewer, factsOf(stored))) return { ok: false as const, reason: 'not_found' as const };
  const adoptions = await q.listAdoptions(db, caseId);
  return { ok: true as const, value: adoptions.map(({ adopterCase, ...a }) => ({ ...a, adopterCaseId: caseRefFor(viewer, adopterCase)?.caseId ?? null })) };
}

export async function organisationReuse(db: Db, auth: AuthContext | null, orgId: string) {
  return q.orgReuse(db, orgId, viewerOf(auth));
}

// ---- trials ----

export interface TrialInput {
  title?: unknown;
  hypothesis?: unknown;
  method?: unknown;
  measure?: unknown;
  result?: unknown;
  decision?: unknown;
  startedOn?: unknown;
  endedOn?: unknown;
}

export type TrialOutcome = { ok: true; trial: Awaited<ReturnType<typeof q.insertTrial>> } | Failure;

export function validateTrial(input: TrialInput) {
  const v: Violations = {};
  const title = text(v, 'title', input.title, { required: true, max: 200 });
  const hypothesis = text(v, 'hypothesis', input.hypothesis, { required: true, max: 5000 });
  const method = text(v, 'method', input.method, { max: 5000 });
  const measure = text(v, 'measure', input.measure, { max: 2000 });
  const pick = <T extends string>(k: 'result' | 'decision', allowed: readonly T[]): T | null => {
    const raw = input[k];
    if (raw === undefined || raw === null || raw === '') return null;
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
    v[k] = { code: 'invalid_choice' };
    return null;
  };
  const result = pick('result', TRIAL_RESULTS);
  const decision = pick('decision', TRIAL_DECISIONS);
  const date = (k: 'startedOn' | 'endedOn') => {
    const raw = input[k];
    if (raw === undefined || raw === null || raw === '') return null;
    if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw))) return raw;
    v[k] = { code: 'invalid_date' };
    return null;
  };
  const startedOn = date('startedOn');
  const endedOn = date('endedOn');
  if (startedOn && endedOn && endedOn < startedOn) v.endedOn = { code: 'invalid_date' };
  return { value: { title, hypothesis, method, measure, result, decision, startedOn, endedOn }, violations: v };
}

export async function addTrial(db: Db, auth: AuthContext | null, caseId: string, input: TrialInput, meta: Meta = {}): Promise<TrialOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<TrialOutcome> => {
    const stored = await q.loadCase(trx, caseId, true);
    if (!stored || !canReadCase(viewer, factsOf(stored))) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canAddTrial(viewer, factsOf(stored))) return { ok: false, reason: 'forbidden' };
    const { value, violations } = validateTrial(input);
    if (Object.keys(violations).length > 0) return { ok: false, reason: 'invalid', violations };
    const trial = await q.insertTrial(trx, { caseId, ...value, userId: auth.user.id });
    const version = stored.version + 1;
    await q.setVersion(trx, caseId, version);
    await q.insertVersion(trx, { caseId, version, userId: auth.user.id, action: 'trial', changes: [{ field: 'trials', old: null, new: value }] });
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'case.trial', entityType: 'case', entityId: caseId, details: { trialId: trial.id }, requestId: meta.requestId ?? null });
    return { ok: true, trial };
  });
}

export async function listTrials(db: Db, auth: AuthContext | null, filter: q.TrialFilter) {
  return q.listTrials(db, viewerOf(auth), filter);
}
