import { sql } from 'kysely';
import { ANONYMOUS } from '../core/viewer.js';
import { codeList, column, fingerprintOf, isoTime, keysetBatches, LOS_PUBLIC_SECTOR, text, type Dataset } from '../core/datasets.js';
import type { DbOrTrx } from '../db/database.js';
import { caseReadableBy } from '../cases/index.js';
import { sqlCan } from './challenges.access.js';
import { LOOKING_FOR, RESPONSE_KINDS, STATES } from './challenges.model.js';

/**
 * The challenges' open data (listed in the manifest, served by opendata/): the challenges, which
 * are public, and their public responses. Private proposals and who wrote what are never exported.
 * Read in keyset batches (`after` = the last id of the previous batch).
 */

/** A case id that may be named: anyone may read the case, else null (a draft's id is not for the public). */
const publicCaseIdOr = (column: string) =>
  sql<string | null>`(select x.id::text from cases x where x.id = ${sql.ref(column)} and ${caseReadableBy(ANONYMOUS, 'x')})`;

export async function challengesBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('challenges as ch')
    .innerJoin('organisations as o', 'o.id', 'ch.owner_org_id')
    .where('ch.id', '>', after)
    .orderBy('ch.id')
    .limit(limit)
    .select([
      'ch.id',
      'ch.title',
      'ch.description',
      'ch.users_concerned as usersConcerned',
      'ch.looking_for as lookingFor',
      'ch.deadline',
      'ch.language',
      'ch.state',
      'ch.outcome',
      'ch.merged_into_id as mergedIntoId',
      'o.orgnr as ownerOrgnr',
      'o.name as ownerName',
      sql<string[]>`array(select o2.orgnr from challenge_coowners cc join organisations o2 on o2.id = cc.org_id where cc.challenge_id = ch.id and o2.orgnr is not null order by o2.orgnr)`.as('coOwnerOrgnrs'),
      sql<string[]>`array(select t.theme_uri from challenge_themes t where t.challenge_id = ch.id order by t.theme_uri)`.as('themes'),
      sql<number>`(select count(*)::int from challenge_responses r where r.challenge_id = ch.id and ${sqlCan('readResponse', ANONYMOUS, 'r')})`.as('publicResponses'),
      'ch.created_at as createdAt',
      'ch.updated_at as updatedAt',
    ])
    .execute();
}

/**
 * The responses anyone may read (challenges.access.ts, for the anonymous viewer): no private
 * proposal, no pending or declined request, no «we solved this» whose case is hidden.
 */
export async function publicResponsesBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('challenge_responses as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .where(sqlCan('readResponse', ANONYMOUS, 'r'))
    .where('r.id', '>', after)
    .orderBy('r.id')
    .limit(limit)
    .select(['r.id', 'r.challenge_id as challengeId', 'r.kind', 'o.orgnr', 'o.name as orgName', 'r.body', publicCaseIdOr('r.case_id').as('caseId'), 'r.created_at as createdAt'])
    .execute();
}

/** Count and newest change of what the dataset is made of; cheap aggregates over indexed tables. */
async function challengesFingerprint(db: DbOrTrx) {
  const row = (await sql<{ count: number; last: Date | null; extra: string }>`
      select count(*)::int as count, max(updated_at) as last,
        (select count(*) || ':' || coalesce(max(decided_at)::text, '') from challenge_responses) || ':' || (select count(*) from challenge_coowners) || ':' || (select max(updated_at)::text from organisations) as extra
      from challenges`.execute(db)).rows[0]!;
  return { count: row.count, last: row.last ? new Date(row.last) : null, extra: row.extra ?? '' };
}

/** Count and newest change of what the dataset is made of; cheap aggregates over indexed tables. */
async function responsesFingerprint(db: DbOrTrx) {
  const row = (await sql<{ count: number; last: Date | null; extra: string }>`
      select count(*)::int as count, greatest(max(created_at), max(decided_at)) as last,
        (select count(*) || ':' || coalesce(max(c.updated_at)::text, '') from cases c) || ':' || (select max(updated_at)::text from organisations) as extra
      from challenge_responses where public`.execute(db)).rows[0]!;
  return { count: row.count, last: row.last ? new Date(row.last) : null, extra: row.extra ?? '' };
}

export const challengesDataset: Dataset = {
  id: 'challenges',
  order: 40,
  title: text('Utfordringer fra offentlig sektor', 'Utfordringar frå offentleg sektor', 'Challenges posted by the public sector'),
  description: text(
    'Behov som offentlige virksomheter har lagt ut for å finne andre med samme behov, løsninger og partnere.',
    'Behov som offentlege verksemder har lagt ut for å finne andre med same behov, løysingar og partnarar.',
    'Needs posted by public bodies to find others with the same need, solutions and partners.',
  ),
  keywords: text('utfordringer, behov, samarbeid', 'utfordringar, behov, samarbeid', 'challenges, needs, collaboration'),
  losTheme: LOS_PUBLIC_SECTOR,
  landingPage: '/challenges',
  columns: [
    column('id', 'id', 'Nummer i Nytenk', 'Nummer i Nytenk', 'Number on Nytenk'),
    column('url', 'uri', 'Utfordringens side', 'Sida til utfordringa', 'The challenge page'),
    column('title', 'string', 'Tittel', 'Tittel', 'Title'),
    column('description', 'text', 'Beskrivelse', 'Skildring', 'Description'),
    column('users_concerned', 'text', 'Hvem det gjelder', 'Kven det gjeld', 'Who it concerns'),
    column('looking_for', 'list', `Ser etter (${codeList(LOOKING_FOR)})`, `Ser etter (${codeList(LOOKING_FOR)})`, `Looking for (${codeList(LOOKING_FOR)})`),
    column('deadline', 'date', 'Frist', 'Frist', 'Deadline'),
    column('state', 'string', `Tilstand (${codeList(STATES)})`, `Tilstand (${codeList(STATES)})`, `State (${codeList(STATES)})`),
    column('outcome', 'string', 'Utfall når lukket (solved, not_solved, merged)', 'Utfall når lukka (solved, not_solved, merged)', 'Outcome when closed (solved, not_solved, merged)'),
    column('merged_into_id', 'id', 'Utfordringen den ble slått sammen med', 'Utfordringa ho vart slått saman med', 'The challenge it was merged into'),
    column('owner_orgnr', 'string', 'Organisasjonsnummeret til den som la den ut', 'Organisasjonsnummeret til den som la ho ut', "The poster's organisation number"),
    column('owner_name', 'string', 'Den som la den ut', 'Den som la ho ut', 'Posted by'),
    column('co_owner_orgnrs', 'list', 'Medeiere med samme behov (organisasjonsnummer)', 'Medeigarar med same behov (organisasjonsnummer)', 'Co-owners with the same need (organisation numbers)'),
    column('themes', 'list', 'Tema (LOS-URI-er)', 'Tema (LOS-URI-ar)', 'Themes (LOS URIs)'),
    column('public_responses', 'integer', 'Antall offentlige svar', 'Talet på opne svar', 'Number of public responses'),
    column('language', 'string', 'Språk (nb, nn, en)', 'Språk (nb, nn, en)', 'Language (nb, nn, en)'),
    column('created_at', 'datetime', 'Lagt ut (UTC)', 'Lagt ut (UTC)', 'Posted (UTC)'),
    column('updated_at', 'datetime', 'Sist endret (UTC)', 'Sist endra (UTC)', 'Last changed (UTC)'),
  ],
  batches: (db, site) =>
    keysetBatches(
      (after, limit) => challengesBatch(db, after, limit),
      (r) => ({
        id: r.id,
        url: `${site.baseUrl}/challenges/${r.id}`,
        title: r.title,
        description: r.description,
        users_concerned: r.usersConcerned,
        looking_for: r.lookingFor,
        deadline: r.deadline,
        state: r.state,
        outcome: r.outcome,
        merged_into_id: r.mergedIntoId,
        owner_orgnr: r.ownerOrgnr,
        owner_name: r.ownerName,
        co_owner_orgnrs: r.coOwnerOrgnrs,
        themes: r.themes,
        public_responses: r.publicResponses,
        language: r.language,
        created_at: isoTime(r.createdAt),
        updated_at: isoTime(r.updatedAt),
      }),
    ),
  fingerprint: fingerprintOf('challenges', challengesFingerprint),
};

export const responsesDataset: Dataset = {
  id: 'challenge-responses',
  order: 50,
  title: text('Offentlige svar på utfordringer', 'Opne svar på utfordringar', 'Public responses to challenges'),
  description: text(
    '«Vi har samme behov», «vi har løst dette» (godtatt av eierne, med en offentlig sak) og offentlige forslag. Forslag som avsenderen har holdt private, er ikke med.',
    '«Vi har same behov», «vi har løyst dette» (godteke av eigarane, med ei open sak) og opne forslag. Forslag som avsendaren har halde private, er ikkje med.',
    '"We have the same need", "we solved this" (accepted by the owners, with a public case) and public proposals. Proposals their senders kept private are not included.',
  ),
  keywords: text('utfordringer, samarbeid, forslag', 'utfordringar, samarbeid, forslag', 'challenges, collaboration, proposals'),
  losTheme: LOS_PUBLIC_SECTOR,
  landingPage: '/challenges',
  columns: [
    column('id', 'id', 'Løpenummer', 'Løpenummer', 'Serial number'),
    column('challenge_id', 'id', 'Utfordringen', 'Utfordringa', 'The challenge'),
    column('kind', 'string', `Slag svar (${codeList(RESPONSE_KINDS)})`, `Slag svar (${codeList(RESPONSE_KINDS)})`, `Kind of response (${codeList(RESPONSE_KINDS)})`),
    column('orgnr', 'string', 'Organisasjonsnummeret til den som svarte', 'Organisasjonsnummeret til den som svara', "The responder's organisation number"),
    column('org_name', 'string', 'Organisasjonen som svarte', 'Organisasjonen som svara', 'The responding organisation'),
    column('body', 'text', 'Svaret', 'Svaret', 'The response'),
    column('case_id', 'id', 'Saken som løste det («solved»), når den er offentlig', 'Saka som løyste det («solved»), når ho er open', 'The case that solved it ("solved"), when public'),
    column('created_at', 'datetime', 'Sendt (UTC)', 'Sendt (UTC)', 'Sent (UTC)'),
  ],
  batches: (db) =>
    keysetBatches(
      (after, limit) => publicResponsesBatch(db, after, limit),
      (r) => ({ id: r.id, challenge_id: r.challengeId, kind: r.kind, orgnr: r.orgnr, org_name: r.orgName, body: r.body, case_id: r.caseId, created_at: isoTime(r.createdAt) }),
    ),
  fingerprint: fingerprintOf('challenge-responses', responsesFingerprint),
};
