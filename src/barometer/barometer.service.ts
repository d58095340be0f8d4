import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { insertAudit } from '../core/audit.js';
import type { AuthContext } from '../http/context.js';
import type { Lang } from '../i18n/index.js';
import { insertOutboxMany, type OutboxInsert } from '../core/outbox.js';
import { normaliseOrgnr, orgnrProblem } from '../core/orgnr.js';
import { barometerMessages } from './barometer.messages.js';
import { isRoundClosed } from './disclosure.js';
import { canManageInvitations, canOpenRound, responseRateScope } from './barometer.policy.js';
import * as q from './barometer.queries.js';
import {
  buildResponse,
  one,
  osloToday,
  parseWorkplaces,
  validatePage,
  validateRoundInput,
  validateWorkplaceObjects,
  type AnswerState,
  type BarometerViolations,
  type LineProblem,
  type WorkplaceInput,
} from './barometer.validation.js';
import { pagesFor, QUESTIONNAIRE_VERSION, type PageId, type Sector } from './questionnaire.js';
import type { Failure as OutcomeFailure } from '../core/outcome.js';

export type Failure = OutcomeFailure<{ reason: 'closed' } | { reason: 'invalid'; violations: BarometerViolations }>;
/** Inviting workplaces can also fail on rows of the pasted list that do not parse (its own reason). */
export type InviteFailure = Failure | { ok: false; reason: 'lines'; problems: LineProblem[] };

interface Meta {
  requestId?: string | undefined;
  /** Today in Norway; tests pass a fixed day. */
  today?: string | undefined;
}

/** Where links in e-mails point (PUBLIC_URL, or the address the request came to). */
export interface Site {
  baseUrl: string;
}

export type RoundState = 'scheduled' | 'open' | 'closed';

export function roundState(r: { opensOn: string; closesOn: string }, today: string): RoundState {
  if (today < r.opensOn) return 'scheduled';
  return isRoundClosed(r, today) ? 'closed' : 'open';
}

export type RoundWithState = q.RoundRow & { state: RoundState };
const withState = (r: q.RoundRow, today: string): RoundWithState => ({ ...r, state: roundState(r, today) });

// ---- rounds ----

/** Opens a round (analysts): the questionnaire's current version is fixed on the round. */
export async function openRound(db: Db, auth: AuthContext | null, input: Record<string, unknown>, meta: Meta = {}): Promise<{ ok: true; roundId: string } | Failure> {
  if (!auth) return { ok: false, reason: 'unauthenticated' };
  if (!canOpenRound(auth)) return { ok: false, reason: 'forbidden' };
  const { values, violations } = validateRoundInput(input, meta.today ?? osloToday());
  if (Object.keys(violations).length) return { ok: false, reason: 'invalid', violations };
  return db.transaction().execute(async (trx) => {
    const id = await q.insertRound(trx, values, QUESTIONNAIRE_VERSION, auth.user.id);
    if (!id) return { ok: false as const, reason: 'invalid' as const, violations: { key: { code: 'barometer', key: 'keyTaken' } } as BarometerViolations };
    await insertAudit(trx, { actorUserId: auth.user.id, action: 'barometer.round.opened', entityType: 'barometer_round', entityId: id, details: { key: values.key, closesOn: values.closesOn }, requestId: meta.requestId ?? null });
    return { ok: true as const, roundId: id };
  });
}

export async function listRounds(db: Db, today = osloToday()): Promise<RoundWithState[]> {
  return (await q.listRounds(db)).map((r) => withState(r, today));
}

export async function getRound(db: Db, idOrKey: string, today = osloToday()): Promise<RoundWithState | null> {
  const r = await q.findRound(db, idOrKey);
  return r ? withState(r, today) : null;
}

// ---- invitations ----

export interface OrgScope {
  round: RoundWithState;
  org: q.OrgFacts;
}

/** The round and the organisation whose invitations the user manages, or why not. */
export async function invitationScope(db: Db, auth: AuthContext | null, roundId: string, orgnr: string, today = osloToday()): Promise<{ ok: true; value: OrgScope } | Failure> {
  if (!auth) return { ok: false, reason: 'unauthenticated' };
  const round = await getRound(db, roundId, today);
  if (!round) return { ok: false, reason: 'not_found' };
  if (orgnrProblem(orgnr)) return { ok: false, reason: 'not_found' };
  const org = await q.findOrgByOrgnr(db, normaliseOrgnr(orgnr));
  if (!org) return { ok: false, reason: 'not_found' };
  if (!canManageInvitations(auth, org)) return { ok: false, reason: 'forbidden' };
  return { ok: true, value: { round, org } };
}

const sha256 = (token: string) => createHash('sha256').update(token).digest();
const newToken = () => randomBytes(32).toString('base64url');

export const defaultSector = (orgKind: string): Sector => (orgKind === 'municipality' ? 'municipal' : orgKind === 'county_authority' ? 'county' : 'state');

const dayFormats: Record<Lang, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'UTC' }),
  nn: new Intl.DateTimeFormat('nn-NO', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};
export const formatDay = (lang: Lang, day: string) => dayFormats[lang].format(new Date(`${day}T00:00:00Z`));

/** The e-mail carrying a fresh link; its token is only ever in this message (the database keeps its hash). */
function invitationMail(site: Site, round: q.RoundRow, org: q.OrgFacts, inv: { unitName: string; email: string; language: string | null }, token: string, reminder: boolean): OutboxInsert {
  const lang = (inv.language && ['nb', 'nn', 'en'].includes(inv.language) ? inv.language : 'nb') as Lang;
  const bm = barometerMessages(lang);
  const url = `${site.baseUrl}/barometer/answer/${token}?lang=${lang}`;
  const host = new URL(site.baseUrl).hostname || 'nytenk';
  return {
    kind: 'system',
    userId: null,
    to: inv.email,
    subject: reminder ? bm.mail.reminderSubject(round.title) : bm.mail.subject(round.title),
    text: bm.mail.body({ org: org.name, unit: inv.unitName, round: round.title, closes: formatDay(lang, round.closesOn), url, reminder }),
    html: null,
    headers: {},
    messageId: `<barometer.${randomUUID()}@${host}>`,
  };
}

export interface InviteInput {
  /** Lines of text (typed, pasted or an uploaded CSV file). */
  text?: string | undefined;
  /** Or objects (the API). */
  workplaces?: { unitName?: unknown; sector?: unknown; sizeBand?: unknown; email?: unknown }[] | undefined;
  language: Lang;
}

/**
 * Invites workplaces of an organisation to a round: checks every line, stores the invitations with
 * the hashes of fresh one-time links, and queues one e-mail each in the outbox — all in one
 * transaction, so an invitation exists exactly when its e-mail is queued.
 */
export async function inviteWorkplaces(db: Db, auth: AuthContext | null, roundId: string, orgnr: string, input: InviteInput, site: Site, meta: Meta = {}): Promise<{ ok: true; invited: number } | InviteFailure> {
  const scope = await invitationScope(db, auth, roundId, orgnr, meta.today);
  if (!scope.ok) return scope;
  const { round, org } = scope.value;
  if (round.state === 'closed') return { ok: false, reason: 'closed' };
  const parsed = input.workplaces ? validateWorkplaceObjects(input.workplaces, defaultSector(org.kind)) : parseWorkplaces(input.text ?? '', defaultSector(org.kind));
  if (parsed.empty) return { ok: false, reason: 'invalid', violations: { workplaces: { code: 'barometer', key: 'none' } } };
  if (parsed.rows.length + parsed.problems.length > 2000) return { ok: false, reason: 'invalid', violations: { workplaces: { code: 'barometer', key: 'tooMany' } } };
  const existing = await q.existingInvitationKeys(db, round.id, org.id);
  const problems = [...parsed.problems];
  // Line numbers of the accepted rows, to name a row already invited.
  const lineOf = lineNumbers(input, parsed.rows);
  parsed.rows.forEach((w, i) => {
    if (existing.has(`${w.unitName.toLowerCase()}|${w.email}`)) problems.push({ line: lineOf[i]!, problems: ['alreadyInvited'] });
  });
  if (problems.length) return { ok: false, reason: 'lines', problems: problems.sort((a, b) => a.line - b.line) };
  const created = await db.transaction().execute(async (trx) => {
    await q.lockOrgInvitations(trx, round.id, org.id);
    const rows: q.NewInvitation[] = parsed.rows.map((w: WorkplaceInput) => ({ roundId: round.id, orgId: org.id, ...w, language: input.language, createdBy: auth!.user.id }));
    const ids = await q.insertInvitations(trx, rows);
    const tokens = ids.map(() => newToken());
    await q.insertTokens(trx, ids.map((id, i) => ({ invitationId: id, tokenHash: sha256(tokens[i]!) })));
    await insertOutboxMany(trx, rows.map((r, i) => invitationMail(site, round, org, r, tokens[i]!, false)));
    await q.markMailed(trx, round.id, org.id, ids, false);
    await insertAudit(trx, { actorUserId: auth!.user.id, action: 'barometer.invitations.sent', entityType: 'organisation', entityId: org.id, details: { roundId: round.id, count: ids.length }, requestId: meta.requestId ?? null });
    return ids.length;
  });
  return { ok: true, invited: created };
}

/** For each accepted row, the line it came from (blank and header lines count, as the user sees them). */
function lineNumbers(input: InviteInput, rows: WorkplaceInput[]): number[] {
  if (input.workplaces) {
    // Objects: item n is "line n"; rows keep their order, and only rows without problems are here.
    const out: number[] = [];
    input.workplaces.forEach((w, i) => {
      const row = rows[out.length];
      if (row && typeof w.email === 'string' && w.email.trim().toLowerCase() === row.email && typeof w.unitName === 'string' && w.unitName.trim() === row.unitName) out.push(i + 1);
    });
    return out;
  }
  const lines = (input.text ?? '').replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const out: number[] = [];
  lines.forEach((l, i) => {
    const row = rows[out.length];
    if (row && l.toLowerCase().includes(row.email) && l.includes(row.unitName)) out.push(i + 1);
  });
  return out;
}

/** Reminds every unanswered workplace of the organisation: a new link (older ones keep working). */
export async function sendReminders(db: Db, auth: AuthContext | null, roundId: string, orgnr: string, site: Site, meta: Meta = {}): Promise<{ ok: true; reminded: number } | Failure> {
  const scope = await invitationScope(db, auth, roundId, orgnr, meta.today);
  if (!scope.ok) return scope;
  const { round, org } = scope.value;
  if (round.state !== 'open') return { ok: false, reason: 'closed' };
  const reminded = await db.transaction().execute(async (trx) => {
    await q.lockOrgInvitations(trx, round.id, org.id);
    const pending = await q.unansweredInvitations(trx, round.id, org.id);
    const tokens = pending.map(() => newToken());
    await q.insertTokens(trx, pending.map((inv, i) => ({ invitationId: inv.id, tokenHash: sha256(tokens[i]!) })));
    await insertOutboxMany(trx, pending.map((inv, i) => invitationMail(site, round, org, inv, tokens[i]!, true)));
    await q.markMailed(trx, round.id, org.id, pending.map((p) => p.id), true);
    if (pending.length) await insertAudit(trx, { actorUserId: auth!.user.id, action: 'barometer.reminders.sent', entityType: 'organisation', entityId: org.id, details: { roundId: round.id, count: pending.length }, requestId: meta.requestId ?? null });
    return pending.length;
  });
  return { ok: true, reminded };
}

/**
 * The workplaces an organisation invited to a round, and how many of them have answered — never which:
 * the list shows nothing that differs between a workplace that answered and one that did not (no
 * «answered», no reminders per row, no sector or size band, which the submission clears), so that
 * the admins who know their units cannot tell whose answer just came in. Reminders go only to those
 * who have not answered; the system knows which, the reader of this list does not.
 */
export async function listInvitations(
  db: Db,
  auth: AuthContext | null,
  roundId: string,
  orgnr: string,
  today?: string,
): Promise<{ ok: true; value: OrgScope & { invitations: q.InvitationListRow[]; counts: { invited: number; answered: number } } } | Failure> {
  const scope = await invitationScope(db, auth, roundId, orgnr, today);
  if (!scope.ok) return scope;
  const { round, org } = scope.value;
  const [invitations, counts] = await Promise.all([q.listInvitations(db, round.id, org.id), q.invitationCounts(db, round.id, org.id)]);
  return { ok: true, value: { ...scope.value, invitations, counts } };
}

export interface RateItem extends q.RateRow {
  /** answered ÷ invited, 0–1. */
  rate: number;
}

/** Response rates per organisation: all of them for analysts, their own for org admins. */
export async function responseRates(db: Db, auth: AuthContext | null, roundId: string, today?: string): Promise<{ ok: true; round: RoundWithState; items: RateItem[]; total: { invited: number; answered: number } } | Failure> {
  if (!auth) return { ok: false, reason: 'unauthenticated' };
  const round = await getRound(db, roundId, today);
  if (!round) return { ok: false, reason: 'not_found' };
  const scope = responseRateScope(auth);
  if (scope === 'none') return { ok: false, reason: 'forbidden' };
  const rows = await q.responseRates(db, round.id, scope);
  const items = rows.map((r) => ({ ...r, rate: r.invited ? r.answered / r.invited : 0 }));
  const total = { invited: rows.reduce((s, r) => s + r.invited, 0), answered: rows.reduce((s, r) => s + r.answered, 0) };
  return { ok: true, round, items, total };
}

/** Organisations the user may invite for (admin memberships; analysts name any). */
export async function administeredOrgs(db: Db, auth: AuthContext | null): Promise<q.OrgFacts[]> {
  const ids = (auth?.memberships ?? []).filter((m) => m.status === 'active' && m.role === 'org_admin').map((m) => m.organisationId);
  const orgs = await q.findOrgsByIds(db, ids);
  return orgs.filter((o) => canManageInvitations(auth, o));
}

// ---- answering ----

export type LinkFailure = { ok: false; reason: 'invalid' } | { ok: false; reason: 'not_open'; opensOn: string } | { ok: false; reason: 'closed' };

export interface Questionnaire {
  invitation: q.InvitationByToken;
  round: RoundWithState;
  draft: AnswerState;
  pagesDone: PageId[];
  cases: q.OfferedCase[];
  innovated: boolean | null;
}

/** What a link opens: the invitation's round, its draft and the organisation's cases, or why not. */
export async function openQuestionnaire(db: Db, token: string, today = osloToday()): Promise<{ ok: true; value: Questionnaire } | LinkFailure> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: 'invalid' };
  const invitation = await q.findInvitationByTokenHash(db, sha256(token));
  if (!invitation || invitation.answered) return { ok: false, reason: 'invalid' };
  const round = await getRound(db, invitation.roundId, today);
  if (!round) return { ok: false, reason: 'invalid' };
  if (round.state === 'scheduled') return { ok: false, reason: 'not_open', opensOn: round.opensOn };
  if (round.state === 'closed') return { ok: false, reason: 'closed' };
  const [draft, cases] = await Promise.all([q.getDraft(db, invitation.invitationId), q.offeredCases(db, invitation.orgId)]);
  // Background starts from what the invitation says.
  const answers: AnswerState = { sector: invitation.sector ?? undefined, sizeBand: invitation.sizeBand ?? undefined, ...(draft?.answers ?? {}) };
  const innovatedRaw = one(answers, 'innovated');
  return {
    ok: true,
    value: {
      invitation,
      round,
      draft: answers,
      pagesDone: (draft?.pagesDone ?? []) as PageId[],
      cases,
      innovated: innovatedRaw === 'yes' ? true : innovatedRaw === 'no' ? false : null,
    },
  };
}

/** The page after `page` for this respondent, or 'review'. */
export function nextPage(page: PageId, innovated: boolean | null): PageId | 'review' {
  const pages = pagesFor(innovated);
  const i = pages.indexOf(page);
  return pages[i + 1] ?? 'review';
}

export function previousPage(page: PageId | 'review', innovated: boolean | null): PageId | null {
  const pages = pagesFor(innovated);
  if (page === 'review') return pages[pages.length - 1] ?? null;
  const i = pages.indexOf(page);
  return i > 0 ? pages[i - 1]! : null;
}

/** Saves one page of answers to the invitation's draft (nothing is saved when the page has errors). */
export async function saveAnswerPage(
  db: Db,
  token: string,
  page: PageId,
  posted: AnswerState,
  lang: Lang,
  today?: string,
): Promise<{ ok: true; next: PageId | 'review'; questionnaire: Questionnaire } | LinkFailure | { ok: false; reason: 'invalid_answers'; violations: BarometerViolations; questionnaire: Questionnaire }> {
  const opened = await openQuestionnaire(db, token, today);
  if (!opened.ok) return opened;
  const qn = opened.value;
  const { values, violations } = validatePage(page, posted, qn.innovated, qn.cases.map((c) => c.id), qn.round.questionnaireVersion);
  if (Object.keys(violations).length) return { ok: false, reason: 'invalid_answers', violations, questionnaire: qn };
  // An answer to the first question that changes which items are asked clears the ones no longer asked.
  if (page === 'innovation') {
    if (one(values, 'innovated') === 'yes') values.underDevelopment = '';
    else values.innovationCount = '';
  }
  await q.saveDraftPage(db, qn.invitation.invitationId, values, page, lang);
  const innovated = page === 'innovation' ? one(values, 'innovated') === 'yes' : qn.innovated;
  return { ok: true, next: nextPage(page, innovated), questionnaire: qn };
}

/**
 * Submits the answers. In one transaction, under the lock of the organisation's invitations: the
 * organisation's answers in the round are written again with the new one (random order, fresh random
 * ids, the round's day only: see `rewriteOrgAnswers`), the draft and the link secrets are deleted, and
 * the invitation keeps only `answered` (its sector, size band and language cleared), without any
 * reference to the answer. Nothing is written to the audit log and no mail is sent: either would tie
 * the answer's moment to the invitation.
 */
export async function submitAnswers(db: Db, token: string, lang: Lang, today = osloToday()): Promise<{ ok: true } | LinkFailure | { ok: false; reason: 'incomplete'; page: PageId }> {
  const opened = await openQuestionnaire(db, token, today);
  if (!opened.ok) return opened;
  const qn = opened.value;
  const built = buildResponse(qn.draft, qn.cases.map((c) => c.id), qn.round.questionnaireVersion);
  if (!built.ok) return { ok: false, reason: 'incomplete', page: built.page };
  const { response, caseId } = built;
  const inv = qn.invitation;
  return db.transaction().execute(async (trx) => {
    await q.lockRoundAnswers(trx, qn.round.id);
    const locked = await q.lockOrgInvitations(trx, qn.round.id, inv.orgId);
    if (!locked.some((i) => i.id === inv.invitationId && !i.answered)) return { ok: false as const, reason: 'invalid' as const };
    await q.rewriteOrgAnswers(trx, {
      roundId: qn.round.id,
      questionnaireVersion: qn.round.questionnaireVersion,
      orgId: inv.orgId,
      orgKind: inv.orgKind,
      countyNumber: inv.countyNumber,
      sector: response.sector,
      sizeBand: response.sizeBand,
      language: lang,
      innovated: response.innovated,
      innovationCount: response.innovationCount,
      underDevelopment: response.underDevelopment,
      latest: response.latest,
      drivers: response.drivers,
      barriers: response.barriers,
      caseId,
    });
    await q.closeInvitation(trx, inv.invitationId, qn.round.id, inv.orgId);
    return { ok: true as const };
  });
}
