import type { Db, DbOrTrx } from '../db/database.js';
import { insertAudit } from '../core/audit.js';
import { recordChallengeEvent } from './challenges.events.js';
import type { AuthContext } from '../http/context.js';
import { canReadCase, type CaseAccessFacts } from '../cases/index.js';
import { PUBLIC_KINDS } from '../core/viewer.js';
import { normaliseOrgnr, orgnrProblem } from '../core/orgnr.js';
import { validateThemeUris } from '../themes/index.js';
import { EMPTY_CHALLENGE, type ChallengeState, type ChallengeValues } from './challenges.model.js';
import { canChangeState, canEditChallenge, canRemoveCoOwner, canPostChallengeFor, canRespondFor, isChallengeOwner, ownerOrgIds, type ChallengeAccessFacts } from './challenges.policy.js';
import { viewerOf, type Viewer } from '../core/viewer.js';
import { can, type ResponseAccessFacts } from './challenges.access.js';
import * as q from './challenges.queries.js';
import { osloToday, validateChallengeInput, validateResponse, validateStateChange, type ChallengeViolations } from './challenges.validation.js';
import type { Failure as OutcomeFailure } from '../core/outcome.js';

export type Failure = OutcomeFailure<{ reason: 'closed' } | { reason: 'duplicate' } | { reason: 'already_decided' } | { reason: 'invalid'; violations: ChallengeViolations }>;

interface Meta {
  requestId?: string | undefined;
  /** Today in Norway; tests pass a fixed day. */
  today?: string | undefined;
}

const isPublicKind = (kind: string) => (PUBLIC_KINDS as readonly string[]).includes(kind);
const has = (v: ChallengeViolations) => Object.keys(v).length > 0;

function factsOf(c: { owner_org_id: string; coOwnerIds: string[] }): ChallengeAccessFacts {
  return { ownerOrgId: c.owner_org_id, coOwnerIds: c.coOwnerIds };
}

async function checkThemes(db: DbOrTrx, values: ChallengeValues, v: ChallengeViolations): Promise<void> {
  if (v.themes || values.themes.length === 0) return;
  if ((await validateThemeUris(db, values.themes)).length > 0) v.themes = { code: 'unknown_theme' };
}

/**
 * The public body a new challenge is posted for: the one named (an orgnr), or the user's only
 * public body. Null with a violation, or `forbidden` when the user belongs to no public body.
 */
async function resolvePoster(db: DbOrTrx, auth: AuthContext, viewer: Viewer, ownerOrgnr: unknown, v: ChallengeViolations): Promise<string | null | 'forbidden'> {
  const publicMemberships = auth.memberships.filter((m) => m.status === 'active' && isPublicKind(m.kind));
  if (typeof ownerOrgnr === 'string' && ownerOrgnr.trim()) {
    const problem = orgnrProblem(ownerOrgnr);
    if (problem) {
      v.ownerOrgnr = { code: problem === 'format' ? 'invalid_orgnr' : 'orgnr_check_digit' };
      return null;
    }
    const [org] = await q.orgsByOrgnr(db, [normaliseOrgnr(ownerOrgnr)]);
    if (!org) {
      v.ownerOrgnr = { code: 'unknown_org' };
      return null;
    }
    if (!canPostChallengeFor(viewer, { id: org.id, public: isPublicKind(org.kind) })) {
      // Naming a public body one does not belong to is refused (403), as a case registered for
      // another body is; naming a body that is not public is a wrong choice of field.
      if (isPublicKind(org.kind)) return 'forbidden';
      if (publicMemberships.length === 0 && !viewer.admin) return 'forbidden';
      v.ownerOrgnr = { code: 'invalid_choice' };
      return null;
    }
    return org.id;
  }
  if (publicMemberships.length === 1) return publicMemberships[0]!.organisationId;
  if (publicMemberships.length === 0 && !viewer.admin) return 'forbidden';
  v.ownerOrgnr = { code: 'required' };
  return null;
}

export type CreateOutcome = { ok: true; challengeId: string } | Failure;

/** Posts a challenge for one of the user's public bodies; it opens at once, the first step of its timeline. */
export async function createChallenge(db: Db, auth: AuthContext | null, input: Record<string, unknown>, meta: Meta = {}): Promise<CreateOutcome> {
  if (!auth) return { ok: false, reason: 'unauthenticated' };
  const viewer = viewerOf(auth);
  // Every field of a new challenge is checked, sent or not.
  const { values, violations } = validateChallengeInput({ title: '', description: '', lookingFor: [], themes: [], ...input }, EMPTY_CHALLENGE);
  const ownerOrgId = await resolvePoster(db, auth, viewer, input.ownerOrgnr, violations);
  if (ownerOrgId === 'forbidden') return { ok: false, reason: 'forbidden' };
  await checkThemes(db, values, violations);
  if (has(violations) || !ownerOrgId) return { ok: false, reason: 'invalid', violations };
  const challengeId = await db.transaction().execute(async (trx) => {
    const id = await q.insertChallenge(trx, values, { ownerOrgId, userId: auth.user.id });
    await q.replaceThemes(trx, id, values.themes);
    await q.insertStateChange(trx, { challengeId: id, from: null, to: 'open', outcome: null, mergedInto: null, reason: '', changedOn: meta.today ?? osloToday(), userId: auth.user.id });
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'challenge.create', entityType: 'challenge', entityId: id, details: { ownerOrgId }, requestId: meta.requestId ?? null });
    await recordChallengeEvent(trx, 'challenge.created', id, auth.user.id);
    return id;
  });
  return { ok: true, challengeId };
}

export type UpdateOutcome = { ok: true; changed: boolean; version: number } | Failure;

/** Changes some or all fields of a challenge; owners and co-owners (and platform admins) only. */
export async function updateChallenge(db: Db, auth: AuthContext | null, id: string, input: Record<string, unknown>, meta: Meta = {}): Promise<UpdateOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<UpdateOutcome> => {
    const stored = await q.loadChallenge(trx, id, true);
    if (!stored) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canEditChallenge(viewer, factsOf(stored))) return { ok: false, reason: 'forbidden' };
    const before = q.storedToValues(stored);
    const { values, violations } = validateChallengeInput(input, before);
    await checkThemes(trx, values, violations);
    if (has(violations)) return { ok: false, reason: 'invalid', violations };
    const fields = (Object.keys(values) as (keyof ChallengeValues)[]).filter((k) => JSON.stringify(values[k]) !== JSON.stringify(before[k]));
    if (fields.length === 0) return { ok: true, changed: false, version: stored.version };
    const version = stored.version + 1;
    await q.updateChallengeRow(trx, id, values, version);
    if (fields.includes('themes')) await q.replaceThemes(trx, id, values.themes);
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'challenge.edit', entityType: 'challenge', entityId: id, details: { fields }, requestId: meta.requestId ?? null });
    await recordChallengeEvent(trx, 'challenge.updated', id, auth.user.id);
    return { ok: true, changed: true, version };
  });
}

export type StateOutcome = { ok: true; state: ChallengeState } | Failure;

/** Moves a challenge to its next state with a reason and a date, kept in its timeline. */
export async function changeChallengeState(db: Db, auth: AuthContext | null, id: string, input: Record<string, unknown>, meta: Meta = {}): Promise<StateOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<StateOutcome> => {
    const stored = await q.loadChallenge(trx, id, true);
    if (!stored) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canChangeState(viewer, factsOf(stored))) return { ok: false, reason: 'forbidden' };
    const { value, violations } = validateStateChange(input, { state: stored.state as ChallengeState, id, lastChangedOn: stored.lastChangedOn }, meta.today ?? osloToday());
    if (value.mergedInto && !violations.mergedInto) {
      const target = await q.challengeRef(trx, value.mergedInto);
      // A challenge merged away is no place to merge into: follow it to where it went instead.
      if (!target || target.outcome === 'merged') violations.mergedInto = { code: 'unknown_challenge' };
    }
    if (has(violations)) return { ok: false, reason: 'invalid', violations };
    await q.setState(trx, id, { state: value.state, outcome: value.outcome, mergedInto: value.mergedInto, version: stored.version + 1 });
    await q.insertStateChange(trx, { challengeId: id, from: stored.state, to: value.state, outcome: value.outcome, mergedInto: value.mergedInto, reason: value.reason, changedOn: value.changedOn, userId: auth.user.id });
    await insertAudit(trx, {
      actorUserId: auth.user.id,
      action: 'challenge.state',
      entityType: 'challenge',
      entityId: id,
      details: { from: stored.state, to: value.state, outcome: value.outcome, mergedInto: value.mergedInto },
      requestId: meta.requestId ?? null,
    });
    await recordChallengeEvent(trx, 'challenge.state', id, auth.user.id, { anchor: '#s-timeline' });
    return { ok: true, state: value.state };
  });
}

export type RespondOutcome = { ok: true; responseId: string; pending: boolean } | Failure;

/**
 * Records a response: «same need» from another public body (which may ask to join as co-owner), «we
 * solved this» linking a published case the responder may read, or a proposal (private unless
 * marked public). The responding organisation is the one named, or the user's only one. Joining and
 * «we solved this» are requests: nothing changes for the challenge until an owner accepts
 * (`decideRequest`), and the owners are told. A response's private parts are for the owners of the
 * challenge at this moment (its readers), not for those who join later.
 */
export async function respondToChallenge(db: Db, auth: AuthContext | null, id: string, input: Record<string, unknown>, meta: Meta = {}): Promise<RespondOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<RespondOutcome> => {
    const stored = await q.loadChallenge(trx, id, true);
    if (!stored) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    const active = auth.memberships.filter((m) => m.status === 'active');
    if (active.length === 0) return { ok: false, reason: 'forbidden' };
    if (stored.state === 'closed') return { ok: false, reason: 'closed' };
    const { value, violations } = validateResponse(input);
    const orgnrGiven = typeof input.orgnr === 'string' && input.orgnr.trim() !== '';
    let org = active.length === 1 && !orgnrGiven ? active[0]! : undefined;
    if (orgnrGiven) {
      org = active.find((m) => m.orgnr === normaliseOrgnr(input.orgnr as string));
      if (!org) violations.orgnr = { code: 'invalid_choice' };
    } else if (!org) violations.orgnr = { code: 'required' };
    const facts = factsOf(stored);
    const owners = ownerOrgIds(facts);
    if (org && !violations.kind && !canRespondFor(viewer, org.organisationId)) violations.orgnr = { code: 'invalid_choice' };
    if (org && !violations.kind) {
      const where = orgnrGiven ? 'orgnr' : 'kind';
      const owns = owners.includes(org.organisationId);
      if (value.kind === 'same_need' && !isPublicKind(org.kind)) violations[where] = { code: 'public_body_only' };
      else if ((value.kind === 'same_need' || value.kind === 'proposal') && owns) violations[where] = { code: 'already_owner' };
    }
    if (value.kind === 'solved' && value.caseId && !violations.caseId) {
      const c = await q.caseAccess(trx, value.caseId);
      const caseFacts: CaseAccessFacts | null = c ? { ownerOrgId: c.ownerOrgId, coOwnerIds: c.coOwnerIds, published: c.publishedAt !== null, visibility: c.visibility as CaseAccessFacts['visibility'] } : null;
      // A draft is not a solution yet, and a case the responder may not read is not theirs to show.
      if (!caseFacts || !caseFacts.published || !canReadCase(viewer, caseFacts)) violations.caseId = { code: 'unknown_case' };
    }
    if (has(violations) || !org) return { ok: false, reason: 'invalid', violations };
    const asksToJoin = value.kind === 'same_need' && value.joinAsCoOwner;
    const pending = asksToJoin || value.kind === 'solved';
    let responseId = await q.insertResponse(trx, {
      challengeId: id,
      kind: value.kind,
      orgId: org.organisationId,
      userId: auth.user.id,
      body: value.body,
      caseId: value.caseId,
      public: value.public,
      requestStatus: pending ? 'pending' : null,
      readerOrgIds: owners,
    });
    // «Same need» said earlier without joining: asking to join now turns it into a request.
    if (!responseId && asksToJoin) responseId = await q.requestJoinOnSameNeed(trx, id, org.organisationId);
    if (!responseId) return { ok: false, reason: 'duplicate' };
    await insertAudit(trx, {
      actorUserId: auth.user.id,
      action: 'challenge.respond',
      entityType: 'challenge',
      entityId: id,
      details: { responseId, kind: value.kind, orgId: org.organisationId, asksToJoin, caseId: value.caseId },
      requestId: meta.requestId ?? null,
    });
    // A request, and a private proposal, are news only to the owners and the responder; the owners
    // are told of a request whether or not they follow the challenge.
    const ownersAndResponder = [...owners, org.organisationId];
    if (pending) {
      await recordChallengeEvent(trx, asksToJoin ? 'challenge.join_requested' : 'challenge.solved_requested', id, auth.user.id, {
        onlyFor: ownersAndResponder,
        notifyOrgIds: owners,
        responseId,
        anchor: '#s-requests',
      });
    } else {
      const privateProposal = value.kind === 'proposal' && !value.public;
      await recordChallengeEvent(trx, 'challenge.response', id, auth.user.id, { ...(privateProposal ? { onlyFor: ownersAndResponder } : {}), responseId });
    }
    return { ok: true, responseId, pending };
  });
}

function responseFacts(r: q.StoredResponse): ResponseAccessFacts {
  return {
    kind: r.kind,
    public: r.public,
    requestStatus: r.requestStatus,
    orgId: r.orgId,
    readerOrgIds: r.readerOrgIds.map(String),
    case: r.caseId && r.caseOwnerOrgId ? { ownerOrgId: r.caseOwnerOrgId, coOwnerIds: r.caseCoOwnerIds, published: r.casePublished, visibility: r.caseVisibility as CaseAccessFacts['visibility'] } : null,
  };
}

/** A response the viewer may read, locked with its challenge; `not_found` for one they may not. */
async function readableResponse(trx: DbOrTrx, viewer: Viewer, id: string, responseId: string) {
  const stored = await q.loadChallenge(trx, id, true);
  if (!stored) return null;
  const response = await q.loadResponse(trx, id, responseId, true);
  if (!response) return null;
  const facts = factsOf(stored);
  const rf = responseFacts(response);
  return can('readResponse', viewer, facts, rf) ? { stored, response, facts, rf } : null;
}

export type DecideOutcome = { ok: true; status: 'accepted' | 'declined' } | Failure;

/**
 * An owner accepts or declines a request. Accepting a join makes the body a co-owner (it may edit,
 * and reads what is sent from now on); accepting «we solved this» shows the link to everyone. The
 * requesting organisation is told either way.
 */
export async function decideRequest(db: Db, auth: AuthContext | null, id: string, responseId: string, decision: 'accept' | 'decline', meta: Meta = {}): Promise<DecideOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<DecideOutcome> => {
    const found = await readableResponse(trx, viewer, id, responseId);
    if (!found || found.response.requestStatus === null) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    const { stored, response, facts, rf } = found;
    if (!isChallengeOwner(viewer, facts)) return { ok: false, reason: 'forbidden' };
    if (!can('decideRequest', viewer, facts, rf)) return { ok: false, reason: 'already_decided' };
    const status = decision === 'accept' ? 'accepted' : 'declined';
    await q.decideRequest(trx, responseId, status, auth.user.id);
    const join = response.kind === 'same_need';
    if (join && status === 'accepted') {
      await q.insertCoOwner(trx, id, response.orgId);
      await q.setVersion(trx, id, stored.version + 1);
    }
    await insertAudit(trx, {
      actorUserId: auth.user.id,
      action: join ? 'challenge.join_decide' : 'challenge.solved_decide',
      entityType: 'challenge',
      entityId: id,
      details: { responseId, orgId: response.orgId, status, caseId: response.caseId },
      requestId: meta.requestId ?? null,
    });
    const kind = `challenge.${join ? 'join' : 'solved'}_${status}`;
    // An acceptance is public news (a new owner, a solving case); a refusal stays between the two sides.
    await recordChallengeEvent(trx, kind, id, auth.user.id, {
      ...(status === 'declined' ? { onlyFor: [...ownerOrgIds(facts), response.orgId] } : {}),
      notifyOrgIds: [response.orgId],
      responseId,
      anchor: '#s-responses',
    });
    return { ok: true, status };
  });
}

export type ShareOutcome = { ok: true; added: number } | Failure;

/**
 * Shares a private proposal with the challenge's current co-owners (they did not own it when it was
 * sent, so they do not read it otherwise): an owner's explicit choice.
 */
export async function shareProposal(db: Db, auth: AuthContext | null, id: string, responseId: string, meta: Meta = {}): Promise<ShareOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<ShareOutcome> => {
    const found = await readableResponse(trx, viewer, id, responseId);
    if (!found) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!can('shareProposal', viewer, found.facts, found.rf)) return { ok: false, reason: 'forbidden' };
    const added = await q.shareWithCoOwners(trx, responseId);
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'challenge.proposal_share', entityType: 'challenge', entityId: id, details: { responseId, orgIds: added }, requestId: meta.requestId ?? null });
    return { ok: true, added: added.length };
  });
}

export type RemoveCoOwnerOutcome = { ok: true } | Failure;

/** Takes a co-owner off a challenge (the poster undoing a join, or the co-owner leaving); its «same need» stays. */
export async function removeCoOwner(db: Db, auth: AuthContext | null, id: string, orgnr: string, meta: Meta = {}): Promise<RemoveCoOwnerOutcome> {
  const viewer = viewerOf(auth);
  return db.transaction().execute(async (trx): Promise<RemoveCoOwnerOutcome> => {
    const stored = await q.loadChallenge(trx, id, true);
    if (!stored) return { ok: false, reason: 'not_found' };
    const [org] = orgnrProblem(orgnr) ? [] : await q.orgsByOrgnr(trx, [normaliseOrgnr(orgnr)]);
    if (!org || !stored.coOwnerIds.includes(org.id)) return { ok: false, reason: 'not_found' };
    if (!auth) return { ok: false, reason: 'unauthenticated' };
    if (!canRemoveCoOwner(viewer, factsOf(stored), org.id)) return { ok: false, reason: 'forbidden' };
    await q.deleteCoOwner(trx, id, org.id);
    await q.setVersion(trx, id, stored.version + 1);
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'challenge.coowner_remove', entityType: 'challenge', entityId: id, details: { orgId: org.id }, requestId: meta.requestId ?? null });
    return { ok: true };
  });
}

/** A challenge with everything its page shows, and the responses this viewer may see. */
export async function getChallenge(db: Db, auth: AuthContext | null, id: string) {
  const viewer = viewerOf(auth);
  const row = await q.challengeDetail(db, id);
  if (!row) return { ok: false as const, reason: 'not_found' as const };
  const facts = factsOf(row);
  const responses = await q.listResponses(db, id, viewer);
  return { ok: true as const, value: { row, responses, facts, viewer, isOwner: isChallengeOwner(viewer, facts) } };
}

/** The responses the viewer may read, with the fields the viewer may read (challenges.access.ts). */
export async function listResponses(db: Db, auth: AuthContext | null, id: string) {
  const stored = await q.challengeRef(db, id);
  if (!stored) return { ok: false as const, reason: 'not_found' as const };
  return { ok: true as const, value: await q.listResponses(db, id, viewerOf(auth)) };
}

export async function listChallenges(db: Db, filter: q.ChallengeListFilter) {
  return q.listChallenges(db, filter);
}

/** The stored challenge for its edit form, if the viewer may edit it. */
export async function challengeForEdit(db: Db, auth: AuthContext | null, id: string) {
  const stored = await q.loadChallenge(db, id);
  if (!stored) return { ok: false as const, reason: 'not_found' as const };
  if (!auth) return { ok: false as const, reason: 'unauthenticated' as const };
  if (!canEditChallenge(viewerOf(auth), factsOf(stored))) return { ok: false as const, reason: 'forbidden' as const };
  return { ok: true as const, value: { values: q.storedToValues(stored), title: stored.title } };
}
