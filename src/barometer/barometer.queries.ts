import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { RoundValues } from './barometer.validation.js';

// ---- rounds ----

export interface RoundRow {
  id: string;
  key: string;
  title: string;
  year: number;
  periodFrom: string;
  periodTo: string;
  opensOn: string;
  closesOn: string;
  questionnaireVersion: number;
}

const roundColumns = [
  'barometer_rounds.id',
  'barometer_rounds.key',
  'barometer_rounds.title',
  'barometer_rounds.year',
  'barometer_rounds.period_from as periodFrom',
  'barometer_rounds.period_to as periodTo',
  'barometer_rounds.opens_on as opensOn',
  'barometer_rounds.closes_on as closesOn',
  'barometer_rounds.questionnaire_version as questionnaireVersion',
] as const;

export async function insertRound(db: DbOrTrx, v: RoundValues, version: number, createdBy: string): Promise<string | null> {
  const row = await db
    .insertInto('barometer_rounds')
    .values({ key: v.key, title: v.title, year: v.year, period_from: v.periodFrom, period_to: v.periodTo, opens_on: v.opensOn, closes_on: v.closesOn, questionnaire_version: version, created_by: createdBy })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function listRounds(db: DbOrTrx): Promise<RoundRow[]> {
  return db.selectFrom('barometer_rounds').select(roundColumns).orderBy('opens_on', 'desc').orderBy('id', 'desc').execute();
}

/** A round by id or by key. */
export async function findRound(db: DbOrTrx, idOrKey: string): Promise<RoundRow | undefined> {
  return db
    .selectFrom('barometer_rounds')
    .select(roundColumns)
    .where((eb) => (/^\d{1,18}$/.test(idOrKey) ? eb('id', '=', idOrKey) : eb('key', '=', idOrKey)))
    .executeTakeFirst();
}

// ---- organisations ----

export interface OrgFacts {
  id: string;
  orgnr: string | null;
  name: string;
  kind: string;
  countyNumber: string | null;
}

export async function findOrgByOrgnr(db: DbOrTrx, orgnr: string): Promise<OrgFacts | undefined> {
  return db
    .selectFrom('organisations')
    .select(['id', 'orgnr', 'name', 'kind', 'county_number as countyNumber'])
    .where('orgnr', '=', orgnr)
    .executeTakeFirst();
}

export async function findOrgsByIds(db: DbOrTrx, ids: string[]): Promise<OrgFacts[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organisations')
    .select(['id', 'orgnr', 'name', 'kind', 'county_number as countyNumber'])
    .where('id', 'in', ids)
    .execute();
}

// ---- invitations ----

export interface NewInvitation {
  roundId: string;
  orgId: string;
  unitName: string;
  sector: string;
  sizeBand: string;
  email: string;
  language: string;
  createdBy: string;
}

/** Which of these (unit, e-mail) pairs the organisation has already invited to the round. */
export async function existingInvitationKeys(db: DbOrTrx, roundId: string, orgId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('barometer_invitations')
    .select([sql<string>`lower(unit_name) || '|' || lower(email)`.as('k')])
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .execute();
  return new Set(rows.map((r) => r.k));
}

export async function insertInvitations(db: DbOrTrx, rows: NewInvitation[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const out = await db
    .insertInto('barometer_invitations')
    .values(rows.map((r) => ({ round_id: r.roundId, org_id: r.orgId, unit_name: r.unitName, sector: r.sector, size_band: r.sizeBand, email: r.email, language: r.language, created_by: r.createdBy })))
    .returning('id')
    .execute();
  return out.map((r) => r.id);
}

export async function insertTokens(db: DbOrTrx, rows: { invitationId: string; tokenHash: Buffer }[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('barometer_invitation_tokens')
    .values(rows.map((r) => ({ invitation_id: r.invitationId, token_hash: r.tokenHash })))
    .execute();
}

export interface InvitationRow {
  id: string;
  unitName: string;
  sector: string;
  sizeBand: string;
  email: string;
  language: string;
  sentAt: Date | null;
  remindedAt: Date | null;
  reminderCount: number;
  answered: boolean;
}

const invitationColumns = [
  'id',
  'unit_name as unitName',
  'sector',
  'size_band as sizeBand',
  'email',
  'language',
  'sent_at as sentAt',
  'reminded_at as remindedAt',
  'reminder_count as reminderCount',
  'answered',
] as const;

export async function listInvitations(db: DbOrTrx, roundId: string, orgId: string): Promise<InvitationRow[]> {
  return db
    .selectFrom('barometer_invitations')
    .select(invitationColumns)
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .orderBy(sql`lower(unit_name)`)
    .orderBy('id')
    .execute();
}

export async function invitationsByIds(db: DbOrTrx, ids: string[]): Promise<InvitationRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('barometer_invitations').select(invitationColumns).where('id', 'in', ids).orderBy('id').execute();
}

/** Unanswered invitations of an organisation in a round, locked against a reminder sent at the same moment. */
export async function unansweredForUpdate(db: DbOrTrx, roundId: string, orgId: string): Promise<InvitationRow[]> {
  return db
    .selectFrom('barometer_invitations')
    .select(invitationColumns)
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .where('answered', '=', false)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * Marks invitations sent (and `reminded` ones reminded). Like the submission (`closeInvitation`), it
 * rewrites every invitation of the organisation in the round, so that no subset of them keeps the
 * transaction id (xmin) of an answer written earlier.
 */
export async function markMailed(db: DbOrTrx, roundId: string, orgId: string, ids: string[], reminded: boolean): Promise<void> {
  const list = ids.length ? ids : ['0'];
  await db
    .updateTable('barometer_invitations')
    .set(
      reminded
        ? { reminded_at: sql`case when id = any(${list}::bigint[]) then now() else reminded_at end`, reminder_count: sql`reminder_count + (id = any(${list}::bigint[]))::int` }
        : { sent_at: sql`case when id = any(${list}::bigint[]) then now() else sent_at end` },
    )
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .execute();
}

export interface RateRow {
  orgId: string;
  orgnr: string | null;
  name: string;
  invited: number;
  answered: number;
}

/** Invited and answered workplaces per organisation (all, or the ones given), by name. */
export async function responseRates(db: DbOrTrx, roundId: string, orgIds: string[] | null): Promise<RateRow[]> {
  let q = db
    .selectFrom('barometer_invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select([
      'o.id as orgId',
      'o.orgnr',
      'o.name',
      sql<number>`count(*)::int`.as('invited'),
      sql<number>`count(*) filter (where i.answered)::int`.as('answered'),
    ])
    .where('i.round_id', '=', roundId)
    .groupBy(['o.id', 'o.orgnr', 'o.name']);
  if (orgIds) q = q.where('i.org_id', 'in', orgIds.length ? orgIds : ['0']);
  return q.orderBy('o.name').execute();
}

// ---- answering ----

export interface InvitationByToken {
  invitationId: string;
  roundId: string;
  orgId: string;
  unitName: string;
  sector: string;
  sizeBand: string;
  language: string;
  answered: boolean;
  orgName: string;
  orgKind: string;
  countyNumber: string | null;
}

export async function findInvitationByTokenHash(db: DbOrTrx, hash: Buffer): Promise<InvitationByToken | undefined> {
  return db
    .selectFrom('barometer_invitation_tokens as t')
    .innerJoin('barometer_invitations as i', 'i.id', 't.invitation_id')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select([
      'i.id as invitationId',
      'i.round_id as roundId',
      'i.org_id as orgId',
      'i.unit_name as unitName',
      'i.sector',
      'i.size_band as sizeBand',
      'i.language',
      'i.answered',
      'o.name as orgName',
      'o.kind as orgKind',
      'o.county_number as countyNumber',
    ])
    .where('t.token_hash', '=', hash)
    .executeTakeFirst();
}

export interface DraftRow {
  answers: Record<string, string | string[]>;
  pagesDone: string[];
}

export async function getDraft(db: DbOrTrx, invitationId: string): Promise<DraftRow | undefined> {
  const row = await db.selectFrom('barometer_drafts').select(['answers', 'pages_done as pagesDone']).where('invitation_id', '=', invitationId).executeTakeFirst();
  return row ? { answers: row.answers as Record<string, string | string[]>, pagesDone: row.pagesDone } : undefined;
}

/** Saves a page: its values merged over the draft's, the page added to those done (one statement). */
export async function saveDraftPage(db: DbOrTrx, invitationId: string, values: Record<string, string | string[] | undefined>, page: string, language: string): Promise<void> {
  const json = JSON.stringify(values);
  await sql`
    insert into barometer_drafts (invitation_id, answers, language, pages_done, updated_at)
    values (${invitationId}, ${json}::jsonb, ${language}, array[${page}]::text[], now())
    on conflict (invitation_id) do update set
      answers = barometer_drafts.answers || excluded.answers,
      language = excluded.language,
      pages_done = case when ${page} = any(barometer_drafts.pages_done) then barometer_drafts.pages_done else barometer_drafts.pages_done || excluded.pages_done end,
      updated_at = now()`.execute(db);
}

export interface OfferedCase {
  id: string;
  title: string;
  language: string;
}

/** Published public cases the organisation owns or co-owns, newest first (the questionnaire offers them). */
export async function offeredCases(db: DbOrTrx, orgId: string, limit = 30): Promise<OfferedCase[]> {
  return db
    .selectFrom('cases')
    .select(['cases.id', 'cases.title', 'cases.language'])
    .where('cases.published_at', 'is not', null)
    .where('cases.visibility', '=', 'public')
    .where((eb) => eb.or([eb('cases.owner_org_id', '=', orgId), eb.exists(eb.selectFrom('case_coowners').select(sql`1`.as('x')).whereRef('case_coowners.case_id', '=', 'cases.id').where('case_coowners.org_id', '=', orgId))]))
    .orderBy('cases.published_at', 'desc')
    .orderBy('cases.id', 'desc')
    .limit(limit)
    .execute();
}

/** Locks the invitation for the submission; null when it is gone or already answered. */
export async function lockUnansweredInvitation(db: DbOrTrx, invitationId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('barometer_invitations').select('id').where('id', '=', invitationId).where('answered', '=', false).forUpdate().executeTakeFirst();
}

export interface AnswerInsert {
  roundId: string;
  questionnaireVersion: number;
  orgId: string;
  orgKind: string;
  countyNumber: string | null;
  sector: string;
  sizeBand: string;
  language: string;
  innovated: boolean;
  innovationCount: string | null;
  underDevelopment: boolean | null;
  latest: unknown;
  drivers: unknown;
  barriers: unknown;
  caseId: string | null;
  submittedOn: string;
}

/** The anonymous answer: its id is random (gen_random_uuid) and nothing returned names it to the caller. */
export async function insertAnswer(db: DbOrTrx, a: AnswerInsert): Promise<void> {
  await db
    .insertInto('barometer_answers')
    .values({
      round_id: a.roundId,
      questionnaire_version: a.questionnaireVersion,
      org_id: a.orgId,
      org_kind: a.orgKind,
      county_number: a.countyNumber,
      sector: a.sector,
      size_band: a.sizeBand,
      language: a.language,
      innovated: a.innovated,
      innovation_count: a.innovationCount,
      under_development: a.underDevelopment,
      latest: a.latest === null ? null : JSON.stringify(a.latest),
      drivers: JSON.stringify(a.drivers),
      barriers: JSON.stringify(a.barriers),
      case_id: a.caseId,
      submitted_on: a.submittedOn,
    })
    .execute();
}

/** What the invitation keeps after submission: "answered", its draft and its link secrets gone. */
export async function closeInvitation(db: DbOrTrx, invitationId: string, roundId: string, orgId: string): Promise<void> {
  await db.deleteFrom('barometer_drafts').where('invitation_id', '=', invitationId).execute();
  await db.deleteFrom('barometer_invitation_tokens').where('invitation_id', '=', invitationId).execute();
  // Every invitation of the organisation in the round is rewritten, not only this one: the rows'
  // transaction id (xmin) then points at the whole organisation, as the answer's org_id does, and
  // not at the one invitation answered in the same transaction as the answer row was written.
  await db
    .updateTable('barometer_invitations')
    .set({ answered: sql<boolean>`answered or id = ${invitationId}` })
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .execute();
  // The link in the e-mails kept in the outbox would name the invitation behind a logged request; it
  // is blanked for this address. All of the organisation's barometer e-mails are rewritten, for the
  // same reason as above (xmin).
  await sql`
    update outbox set text_body = case when to_address = (select email from barometer_invitations where id = ${invitationId})
        then regexp_replace(text_body, '/barometer/answer/[A-Za-z0-9_-]+([?]lang=[a-z]+)?', '/barometer/answer/-', 'g') else text_body end
    where message_id like '<barometer.%'
      and to_address in (select email from barometer_invitations where round_id = ${roundId} and org_id = ${orgId})`.execute(db);
}
