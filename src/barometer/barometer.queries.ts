import { sql } from 'kysely';
import { caseReadableBy } from '../cases/index.js';
import { ANONYMOUS } from '../core/viewer.js';
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

/** An unanswered invitation, as its reminder is written. */
export interface PendingInvitation {
  id: string;
  unitName: string;
  email: string;
  /** Null only on answered invitations (cleared at the submission), which get no mail. */
  language: string | null;
}

/**
 * Locks every invitation of the organisation in the round, in id order. Each write that touches the
 * organisation's invitations or answers (invite, remind, submit) takes this lock first, so they run
 * one at a time per organisation and round, in the same lock order (no deadlock), and a submission
 * re-reads the organisation's answers only once the previous one is committed.
 */
export async function lockOrgInvitations(db: DbOrTrx, roundId: string, orgId: string): Promise<{ id: string; answered: boolean }[]> {
  return db.selectFrom('barometer_invitations').select(['id', 'answered']).where('round_id', '=', roundId).where('org_id', '=', orgId).orderBy('id').forUpdate().execute();
}

/**
 * Serialises the submissions of a round. A submission rewrites its organisation's answers, and the
 * statistics' triggers then update the shared count rows twice (the deleted rows, then the inserted
 * ones), each pass in key order but the second after the first: two submissions from organisations
 * sharing count rows (same county and kind) could each hold a row the other's second pass needs.
 * Submissions are seconds apart at most, so one at a time per round costs nothing.
 */
export async function lockRoundAnswers(db: DbOrTrx, roundId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('barometer_answers'), (${roundId}::bigint % 2147483647)::int)`.execute(db);
}

/** A workplace as its organisation's admins see it: nothing that differs between answered and not. */
export interface InvitationListRow {
  id: string;
  unitName: string;
  email: string;
  sentAt: Date | null;
}

export async function listInvitations(db: DbOrTrx, roundId: string, orgId: string): Promise<InvitationListRow[]> {
  return db
    .selectFrom('barometer_invitations')
    .select(['id', 'unit_name as unitName', 'email', 'sent_at as sentAt'])
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .orderBy(sql`lower(unit_name)`)
    .orderBy('id')
    .execute();
}

/** How many workplaces of the organisation were invited to the round and how many have answered. */
export async function invitationCounts(db: DbOrTrx, roundId: string, orgId: string): Promise<{ invited: number; answered: number }> {
  return db
    .selectFrom('barometer_invitations')
    .select([sql<number>`count(*)::int`.as('invited'), sql<number>`count(*) filter (where answered)::int`.as('answered')])
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
}

/** Unanswered invitations of an organisation in a round (call under `lockOrgInvitations`). */
export async function unansweredInvitations(db: DbOrTrx, roundId: string, orgId: string): Promise<PendingInvitation[]> {
  return db
    .selectFrom('barometer_invitations')
    .select(['id', 'unit_name as unitName', 'email', 'language'])
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .where('answered', '=', false)
    .orderBy('id')
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
  /** Sector, size band and language are null once the invitation is answered. */
  sector: string | null;
  sizeBand: string | null;
  language: string | null;
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
    .where(caseReadableBy(ANONYMOUS, 'cases'))
    .where((eb) => eb.or([eb('cases.owner_org_id', '=', orgId), eb.exists(eb.selectFrom('case_coowners').select(sql`1`.as('x')).whereRef('case_coowners.case_id', '=', 'cases.id').where('case_coowners.org_id', '=', orgId))]))
    .orderBy('cases.published_at', 'desc')
    .orderBy('cases.id', 'desc')
    .limit(limit)
    .execute();
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
}

const answerColumns = sql.raw(
  'round_id, questionnaire_version, org_id, org_kind, county_number, sector, size_band, language, innovated, innovation_count, under_development, latest, drivers, barriers, case_id, submitted_on',
);

/**
 * Adds an answer by writing all of its organisation's answers in the round again, in one statement:
 * the rows there are deleted and inserted anew with the new one, in a random order, under fresh
 * random ids, every one dated the round's last day. Afterwards the organisation's answers share one
 * transaction id (xmin), sit in the table (ctid) in an order that says nothing of which came when,
 * and no id or date tells the newest apart — nothing pairs one of them with the invitation answered
 * in the same transaction. Call under `lockOrgInvitations`, which serialises the organisation's
 * submissions (a concurrent one would otherwise write the rows it read a second time).
 */
export async function rewriteOrgAnswers(db: DbOrTrx, a: AnswerInsert): Promise<void> {
  await sql`
    with gone as (
      delete from barometer_answers where round_id = ${a.roundId} and org_id = ${a.orgId}
      returning ${answerColumns}
    ), everything as (
      select round_id, questionnaire_version, org_id, org_kind, county_number, sector, size_band, language, innovated, innovation_count, under_development, latest, drivers, barriers, case_id
        from gone
      union all
      select ${a.roundId}::bigint, ${a.questionnaireVersion}::int, ${a.orgId}::bigint, ${a.orgKind}::text, ${a.countyNumber}::text, ${a.sector}::text, ${a.sizeBand}::text, ${a.language}::text,
             ${a.innovated}::boolean, ${a.innovationCount}::text, ${a.underDevelopment}::boolean, ${a.latest === null ? null : JSON.stringify(a.latest)}::jsonb,
             ${JSON.stringify(a.drivers)}::jsonb, ${JSON.stringify(a.barriers)}::jsonb, ${a.caseId}::bigint
    )
    insert into barometer_answers (${answerColumns})
    select e.*, r.closes_on from everything e join barometer_rounds r on r.id = e.round_id
     order by gen_random_uuid()`.execute(db);
}

/**
 * What the invitation keeps after submission: "answered", nothing more. Its draft and link secrets
 * are deleted, and the sector, size band and language it was invited with are cleared (the answer
 * holds the sector and size band the respondent confirmed; a copy here would join the two).
 */
export async function closeInvitation(db: DbOrTrx, invitationId: string, roundId: string, orgId: string): Promise<void> {
  await db.deleteFrom('barometer_drafts').where('invitation_id', '=', invitationId).execute();
  await db.deleteFrom('barometer_invitation_tokens').where('invitation_id', '=', invitationId).execute();
  // Every invitation of the organisation in the round is rewritten, not only this one: the rows'
  // transaction id (xmin) then points at the whole organisation, as the answer's org_id does, and
  // not at the one invitation answered in the same transaction as the answer row was written.
  await db
    .updateTable('barometer_invitations')
    .set({
      answered: sql<boolean>`answered or id = ${invitationId}`,
      sector: sql<string | null>`case when id = ${invitationId} then null else sector end`,
      size_band: sql<string | null>`case when id = ${invitationId} then null else size_band end`,
      language: sql<string | null>`case when id = ${invitationId} then null else language end`,
    })
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
