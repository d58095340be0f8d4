import type { Db } from '../db/database.js';
import { insertAudit } from '../core/audit.js';
import { choice, text, url, type Violations } from '../core/validation.js';
import type { AuthContext } from '../http/context.js';
import * as q from './orgs.queries.js';
import { normaliseOrgnr, orgnrProblem } from '../core/orgnr.js';
import { canAddPartner, canManageMembers, canRequestMembership } from './orgs.policy.js';

export const PARTNER_KINDS = ['business', 'research', 'civil_society'] as const;
export { ORG_KINDS, PUBLIC_KINDS } from '../core/viewer.js';

export const listOrganisations = q.listOrganisations;
export const listCounties = q.listCounties;
type Counts = Awaited<ReturnType<typeof q.platformCounts>>;
const countsCache = new WeakMap<object, { at: number; value: Promise<Counts> }>();
const COUNTS_TTL_MS = 10_000;

/**
 * The front page's live counts. They scan whole tables, so each app keeps them for ten seconds:
 * a count a few seconds old is still live to a reader, and the page stays fast at 100k cases.
 */
export function platformCounts(db: Db): Promise<Counts> {
  const cached = countsCache.get(db);
  if (cached && Date.now() - cached.at < COUNTS_TTL_MS) return cached.value;
  const value = q.platformCounts(db);
  countsCache.set(db, { at: Date.now(), value });
  value.catch(() => countsCache.delete(db));
  return value;
}
export const listMembers = q.listMembers;

export type FindOutcome =
  | { ok: true; org: q.OrgDetail }
  | { ok: false; reason: 'invalid_format' | 'check_digit' | 'not_found' };

/** Looks an organisation up by orgnr; a malformed number is told apart from an unknown one. */
export async function findOrganisation(db: Db, rawOrgnr: string): Promise<FindOutcome> {
  const problem = orgnrProblem(rawOrgnr);
  if (problem === 'format') return { ok: false, reason: 'invalid_format' };
  if (problem === 'check_digit') return { ok: false, reason: 'check_digit' };
  const org = await q.findOrganisationByOrgnr(db, normaliseOrgnr(rawOrgnr));
  return org ? { ok: true, org } : { ok: false, reason: 'not_found' };
}

/** A public body is "on the team" when it has members or published cases (later also barometer answers). */
export function isOnTeam(org: Pick<q.OrgDetail, 'activeMembers' | 'publishedCases'>): boolean {
  return org.activeMembers > 0 || org.publishedCases > 0;
}

export type CreatePartnerOutcome =
  | { ok: true; org: q.OrgDetail }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'invalid'; violations: Violations };

export interface PartnerInput {
  name?: unknown;
  kind?: unknown;
  orgnr?: unknown;
  country?: unknown;
  website?: unknown;
}

export async function createPartnerOrganisation(
  db: Db,
  auth: AuthContext | null,
  input: PartnerInput,
  meta: { requestId?: string } = {},
): Promise<CreatePartnerOutcome> {
  if (!canAddPartner(auth) || !auth) return { ok: false, reason: 'forbidden' };
  const v: Violations = {};
  const name = text(v, 'name', input.name, { required: true, max: 200 });
  const kind = choice(v, 'kind', input.kind, PARTNER_KINDS);
  const countryRaw = typeof input.country === 'string' && input.country.trim() ? input.country.trim().toUpperCase() : 'NO';
  if (!/^[A-Z]{2}$/.test(countryRaw)) v.country = { code: 'invalid_country' };
  const orgnrRaw = typeof input.orgnr === 'string' ? input.orgnr.trim() : '';
  let orgnr: string | null = null;
  if (orgnrRaw) {
    const problem = orgnrProblem(orgnrRaw);
    if (problem === 'format') v.orgnr = { code: 'invalid_orgnr' };
    else if (problem === 'check_digit') v.orgnr = { code: 'orgnr_check_digit' };
    else orgnr = normaliseOrgnr(orgnrRaw);
  } else if (countryRaw === 'NO') {
    // Every Norwegian legal entity has an organisation number; asking for it keeps duplicates out.
    v.orgnr = { code: 'required' };
  }
  const website = url(v, 'website', input.website);
  if (orgnr && !v.orgnr && (await q.orgnrExists(db, orgnr))) v.orgnr = { code: 'orgnr_taken' };
  if (Object.keys(v).length > 0 || !kind) return { ok: false, reason: 'invalid', violations: v };
  try {
    const org = await db.transaction().execute(async (trx) => {
      const { id } = await q.insertOrganisation(trx, { orgnr, name, kind, country: countryRaw, website, source: 'user', createdBy: auth.user.id });
      await insertAudit(trx, {
        actorUserId: auth.user.id,
        action: 'organisation.create',
        entityType: 'organisation',
        entityId: id,
        details: { orgnr, name, kind },
        requestId: meta.requestId ?? null,
      });
      return (await q.findOrganisationById(trx, id))!;
    });
    return { ok: true, org };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return { ok: false, reason: 'invalid', violations: { orgnr: { code: 'orgnr_taken' } } };
    throw err;
  }
}

export type MembershipOutcome =
  | { ok: true; status: 'pending' | 'active' }
  | { ok: false; reason: 'forbidden' | 'not_found' | 'last_admin' | 'invalid'; violations?: Violations };

export async function requestMembership(db: Db, auth: AuthContext | null, organisationId: string, meta: { requestId?: string } = {}): Promise<MembershipOutcome> {
  if (!canRequestMembership(auth) || !auth) return { ok: false, reason: 'forbidden' };
  return db.transaction().execute(async (trx) => {
    const existing = await q.findMembership(trx, auth.user.id, organisationId);
    if (existing) return { ok: true, status: existing.status };
    await q.upsertMembership(trx, { userId: auth.user.id, organisationId, role: 'member', status: 'pending', decidedBy: null });
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'membership.request', entityType: 'organisation', entityId: organisationId, requestId: meta.requestId ?? null });
    return { ok: true, status: 'pending' as const };
  });
}

export type MemberAction = 'approve' | 'reject' | 'remove' | 'make_admin' | 'make_member';
export const MEMBER_ACTIONS: readonly MemberAction[] = ['approve', 'reject', 'remove', 'make_admin', 'make_member'];

/** An org admin (or platform admin) decides on a member. An organisation never loses its last admin. */
export async function decideMembership(
  db: Db,
  auth: AuthContext | null,
  organisationId: string,
  userId: string,
  action: MemberAction,
  meta: { requestId?: string } = {},
): Promise<MembershipOutcome> {
  if (!auth || !canManageMembers(auth, organisationId)) return { ok: false, reason: 'forbidden' };
  return db.transaction().execute(async (trx): Promise<MembershipOutcome> => {
    const current = await q.findMembership(trx, userId, organisationId);
    if (!current) return { ok: false, reason: 'not_found' };
    const losesAdmin = current.role === 'org_admin' && current.status === 'active' && (action === 'remove' || action === 'make_member' || action === 'reject');
    if (losesAdmin && (await q.countActiveAdmins(trx, organisationId)) <= 1) return { ok: false, reason: 'last_admin' };
    let status: 'pending' | 'active' = current.status;
    if (action === 'remove' || action === 'reject') {
      await q.deleteMembership(trx, userId, organisationId);
    } else {
      const role = action === 'make_admin' ? 'org_admin' : action === 'make_member' ? 'member' : current.role;
      status = 'active';
      await q.upsertMembership(trx, { userId, organisationId, role, status, decidedBy: auth.user.id });
    }
    await insertAudit(trx, {
      actorUserId: auth.user.id,
      action: `membership.${action}`,
      entityType: 'organisation',
      entityId: organisationId,
      details: { userId },
      requestId: meta.requestId ?? null,
    });
    return { ok: true, status };
  });
}

/** Used by the CLI: make a user an active member with a role, whoever is asking. */
export async function grantMembership(db: Db, userId: string, organisationId: string, role: 'member' | 'org_admin'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await q.upsertMembership(trx, { userId, organisationId, role, status: 'active', decidedBy: null });
    await insertAudit(trx, { actorUserId: null, action: 'membership.grant', entityType: 'organisation', entityId: organisationId, details: { userId, role, via: 'cli' } });
  });
}
